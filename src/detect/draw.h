// Drawing detections onto a photo: a box per detection in a colour per
// class, and a filled tag with "name score" above it, in the font of
// detect/font.h. Everything is clipped to the image: boxes may reach outside
// [0, 1] and labels may not fit, but no pixel outside the image is touched.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "detect/detections.h"
#include "detect/labels.h"
#include "image/image.h"

namespace edgebench::detect {

struct Rgb {
  uint8_t r = 0, g = 0, b = 0;
  friend bool operator==(const Rgb&, const Rgb&) = default;
};

// A fixed palette: neighbouring class indices get clearly different colours,
// and the same class always gets the same one (negative indices included).
Rgb ClassColor(int class_index);

// Black or white, whichever reads better on `background`.
Rgb TextColorOn(Rgb background);

// Sizes in image pixels, chosen for the image so a box looks about as thick
// on a small picture as on a big one.
struct DrawStyle {
  int line_width = 2;  // box border, drawn inside the box
  int text_scale = 1;  // each font pixel becomes text_scale x text_scale
};

// Lines: one pixel per 640 of the long side, rounded, at least 2 (a thinner
// line vanishes on a busy photo). Text: scale 1 per 500 pixels, at least 1.
// A 300 or 512-pixel picture gets 2 and 1, a 972-pixel one 2 and 2, a
// 1600-pixel one 3 and 3.
DrawStyle StyleForImage(int width, int height);

// The box in whole pixels: the half-open rectangle [x0, x1) x [y0, y1) with
// x0 = round(xmin * width), x1 = round(xmax * width) (likewise y), clamped to
// the image. Empty (x0 >= x1 or y0 >= y1) when the box lies outside.
struct PixelRect {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool empty() const { return x0 >= x1 || y0 >= y1; }
  friend bool operator==(const PixelRect&, const PixelRect&) = default;
};
PixelRect ToPixels(const Box& box, int width, int height);

// Fills [x0, x1) x [y0, y1), clipped to the image.
void FillRect(image::Image& image, PixelRect rect, Rgb color);

// Draws the border of `box` line_width pixels thick, inside its pixel
// rectangle (thinner where the rectangle is thinner than two lines).
void DrawBox(image::Image& image, const Box& box, int line_width, Rgb color);

// Draws `text` with its top-left corner at (x, y), each font pixel as a
// scale x scale square; clipped to the image.
void DrawText(image::Image& image, int x, int y, std::string_view text, int scale, Rgb color);

// The label tag's rectangle for a box's pixel rectangle: text plus a margin
// of `scale` pixels on every side. It sits just above the box, left-aligned
// with it; inside the box at its top when there is no room above; moved left
// when it would run past the right edge. May still be clipped on images
// narrower than the tag.
PixelRect LabelTagRect(PixelRect box, std::string_view text, int scale, int image_width);

// Draws one detection: its box, then a tag filled with the box's colour
// holding `label` in black or white.
void DrawDetection(image::Image& image, const Detection& detection, std::string_view label,
                   const DrawStyle& style);

// "apple 0.80": the class name and the score with two decimals.
std::string LabelText(const Detection& detection, const LabelMap& labels);

// Draws every detection scoring min_score or more, lowest score first so the
// best detections' boxes and tags end up on top. Returns how many it drew.
int DrawDetections(image::Image& image, const std::vector<Detection>& detections,
                   const LabelMap& labels, float min_score);

}  // namespace edgebench::detect
