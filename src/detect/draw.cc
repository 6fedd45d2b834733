#include "detect/draw.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "detect/font.h"

namespace edgebench::detect {
namespace {

// Saturated colours that stand out on photos, ordered so that neighbouring
// class indices differ in hue. banana (51) gets magenta and apple (52)
// yellow: both clear of the fruit's own colours and of green backgrounds.
constexpr Rgb kPalette[] = {
    {255, 56, 56},   {0, 200, 80},   {255, 210, 0},   {0, 120, 255},   {255, 140, 0},
    {160, 60, 255},  {0, 220, 220},  {140, 200, 255}, {170, 240, 0},   {255, 120, 150},
    {0, 150, 130},   {255, 40, 200}, {255, 235, 0},   {0, 180, 255},   {200, 0, 90},
    {120, 255, 120}, {255, 170, 90}, {90, 0, 200},    {180, 255, 255}, {255, 255, 255},
};
constexpr int kPaletteSize = static_cast<int>(sizeof(kPalette) / sizeof(kPalette[0]));

void SetPixel(image::Image& image, int x, int y, Rgb color) {
  uint8_t* p = image.row(y) + static_cast<size_t>(x) * image::Image::kChannels;
  p[0] = color.r;
  p[1] = color.g;
  p[2] = color.b;
}

// Scales a normalized coordinate to pixels, clamped before the conversion so
// a wild float (1e30, NaN) cannot overflow the int.
int ToPixel(float normalized, int size) {
  const double scaled = static_cast<double>(normalized) * size;
  if (!(scaled > 0)) return 0;  // also NaN
  if (scaled >= size) return size;
  return static_cast<int>(std::lround(scaled));
}

}  // namespace

Rgb ClassColor(int class_index) {
  const int i = ((class_index % kPaletteSize) + kPaletteSize) % kPaletteSize;
  return kPalette[i];
}

Rgb TextColorOn(Rgb background) {
  // Rec. 601 luma: perceived brightness of the tag.
  const int luma = (299 * background.r + 587 * background.g + 114 * background.b) / 1000;
  return luma >= 140 ? Rgb{0, 0, 0} : Rgb{255, 255, 255};
}

DrawStyle StyleForImage(int width, int height) {
  const double long_side = std::max(width, height);
  return DrawStyle{std::max(2, static_cast<int>(std::lround(long_side / 640))),
                   std::max(1, static_cast<int>(std::lround(long_side / 500)))};
}

PixelRect ToPixels(const Box& box, int width, int height) {
  return PixelRect{ToPixel(box.xmin, width), ToPixel(box.ymin, height), ToPixel(box.xmax, width),
                   ToPixel(box.ymax, height)};
}

void FillRect(image::Image& image, PixelRect rect, Rgb color) {
  const int x0 = std::max(rect.x0, 0);
  const int y0 = std::max(rect.y0, 0);
  const int x1 = std::min(rect.x1, image.width);
  const int y1 = std::min(rect.y1, image.height);
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) SetPixel(image, x, y, color);
  }
}

void DrawBox(image::Image& image, const Box& box, int line_width, Rgb color) {
  const PixelRect r = ToPixels(box, image.width, image.height);
  if (r.empty() || line_width <= 0) return;
  const int w = line_width;
  FillRect(image, {r.x0, r.y0, r.x1, std::min(r.y0 + w, r.y1)}, color);  // top
  FillRect(image, {r.x0, std::max(r.y1 - w, r.y0), r.x1, r.y1}, color);  // bottom
  FillRect(image, {r.x0, r.y0, std::min(r.x0 + w, r.x1), r.y1}, color);  // left
  FillRect(image, {std::max(r.x1 - w, r.x0), r.y0, r.x1, r.y1}, color);  // right
}

void DrawText(image::Image& image, int x, int y, std::string_view text, int scale, Rgb color) {
  for (size_t i = 0; i < text.size(); ++i) {
    const int glyph_x = x + static_cast<int>(i) * kGlyphAdvance * scale;
    for (int gy = 0; gy < kGlyphHeight; ++gy) {
      for (int gx = 0; gx < kGlyphWidth; ++gx) {
        if (!GlyphPixel(text[i], gx, gy)) continue;
        const int px = glyph_x + gx * scale;
        const int py = y + gy * scale;
        FillRect(image, {px, py, px + scale, py + scale}, color);
      }
    }
  }
}

PixelRect LabelTagRect(PixelRect box, std::string_view text, int scale, int image_width) {
  const int width = (TextWidth(text) + 2) * scale;
  const int height = (kGlyphHeight + 2) * scale;
  PixelRect tag;
  tag.x0 = std::max(0, std::min(box.x0, image_width - width));
  tag.x1 = tag.x0 + width;
  tag.y0 = box.y0 - height >= 0 ? box.y0 - height : box.y0;
  tag.y1 = tag.y0 + height;
  return tag;
}

void DrawDetection(image::Image& image, const Detection& detection, std::string_view label,
                   const DrawStyle& style) {
  const Rgb color = ClassColor(detection.class_index);
  DrawBox(image, detection.box, style.line_width, color);
  const PixelRect box = ToPixels(detection.box, image.width, image.height);
  if (box.empty() || label.empty()) return;
  const PixelRect tag = LabelTagRect(box, label, style.text_scale, image.width);
  FillRect(image, tag, color);
  DrawText(image, tag.x0 + style.text_scale, tag.y0 + style.text_scale, label, style.text_scale,
           TextColorOn(color));
}

std::string LabelText(const Detection& detection, const LabelMap& labels) {
  return fmt::format("{} {:.2f}", labels.Name(detection.class_index), detection.score);
}

int DrawDetections(image::Image& image, const std::vector<Detection>& detections,
                   const LabelMap& labels, float min_score) {
  std::vector<const Detection*> shown;
  for (auto it = detections.rbegin(); it != detections.rend(); ++it) {
    if (it->score >= min_score) shown.push_back(&*it);
  }
  // Stable on the reversed list: of equal scores, the one the model listed
  // first is drawn last, on top.
  std::stable_sort(shown.begin(), shown.end(),
                   [](const Detection* a, const Detection* b) { return a->score < b->score; });
  const DrawStyle style = StyleForImage(image.width, image.height);
  for (const Detection* d : shown) DrawDetection(image, *d, LabelText(*d, labels), style);
  return static_cast<int>(shown.size());
}

}  // namespace edgebench::detect
