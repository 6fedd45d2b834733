// A small bitmap font for labels drawn on photos: printable ASCII (32..126)
// in 5x8 glyphs, designed for this project. Rows 0..6 hold capitals and
// digits (row 6 is the baseline row); row 7 holds descenders (g, j, p, q, y).
#pragma once

#include <string_view>

namespace edgebench::detect {

inline constexpr int kGlyphWidth = 5;    // pixels, at scale 1
inline constexpr int kGlyphHeight = 8;   // pixels, at scale 1
inline constexpr int kGlyphAdvance = 6;  // one blank column between glyphs

// True when pixel (x, y) of the glyph for `c` is lit; x in [0, kGlyphWidth),
// y in [0, kGlyphHeight), false outside. Characters outside 32..126 use the
// glyph for '?'.
bool GlyphPixel(char c, int x, int y);

// Width in pixels of `text` at scale 1: kGlyphAdvance per character, minus
// the trailing gap; 0 for empty text.
int TextWidth(std::string_view text);

}  // namespace edgebench::detect
