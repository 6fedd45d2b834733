#include "detect/draw.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "detect/font.h"

namespace edgebench::detect {
namespace {

constexpr Rgb kRed{255, 0, 0};
constexpr Rgb kBlack{0, 0, 0};

Rgb PixelAt(const image::Image& image, int x, int y) {
  return Rgb{image.at(x, y, 0), image.at(x, y, 1), image.at(x, y, 2)};
}

bool Touched(const image::Image& image, int x, int y) { return !(PixelAt(image, x, y) == kBlack); }

// The lit pixels of an image as (x, y) pairs.
std::set<std::pair<int, int>> LitPixels(const image::Image& image) {
  std::set<std::pair<int, int>> lit;
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < image.width; ++x) {
      if (Touched(image, x, y)) lit.insert({x, y});
    }
  }
  return lit;
}

// Expected border pixels written as a definition: inside [x0, x1) x [y0, y1)
// and within `w` of an edge.
std::set<std::pair<int, int>> BorderPixels(int x0, int y0, int x1, int y1, int w) {
  std::set<std::pair<int, int>> border;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      if (x < x0 + w || x >= x1 - w || y < y0 + w || y >= y1 - w) border.insert({x, y});
    }
  }
  return border;
}

TEST(DrawBoxTest, ColoursExactlyTheBorderOfAKnownBox) {
  image::Image image(200, 100);
  // x: 0.1 * 200 = 20 to 0.6 * 200 = 120; y: 0.2 * 100 = 20 to 0.8 * 100 = 80.
  DrawBox(image, Box{0.2f, 0.1f, 0.8f, 0.6f}, 2, kRed);
  EXPECT_EQ(LitPixels(image), BorderPixels(20, 20, 120, 80, 2));
  EXPECT_TRUE(PixelAt(image, 20, 20) == kRed);
  EXPECT_TRUE(PixelAt(image, 119, 79) == kRed);
  EXPECT_FALSE(Touched(image, 22, 22));   // first inside pixel
  EXPECT_FALSE(Touched(image, 117, 77));  // last inside pixel
  EXPECT_FALSE(Touched(image, 120, 50));  // just right of the box
  EXPECT_FALSE(Touched(image, 70, 19));   // just above it
}

TEST(DrawBoxTest, BoxPartlyOutsideIsClampedToTheImage) {
  image::Image image(200, 100);
  // ymin -0.5, xmin -0.2, ymax 0.5, xmax 1.7: clamped to [0, 200) x [0, 50).
  DrawBox(image, Box{-0.5f, -0.2f, 0.5f, 1.7f}, 3, kRed);
  // A write past a row's end would land at the start of the next row and a
  // write past the last row out of the buffer (caught by ASan in CI); the
  // exact pixel set shows neither happened.
  EXPECT_EQ(LitPixels(image), BorderPixels(0, 0, 200, 50, 3));
}

TEST(DrawBoxTest, BoxOutsideOrDegenerateDrawsNothing) {
  image::Image image(200, 100);
  DrawBox(image, Box{1.2f, 0.1f, 1.5f, 0.5f}, 2, kRed);        // below the image
  DrawBox(image, Box{0.5f, 0.5f, 0.2f, 0.2f}, 2, kRed);        // min > max
  DrawBox(image, Box{NAN, 0.1f, 0.5f, NAN}, 2, kRed);          // nonsense
  DrawBox(image, Box{-1e30f, -1e30f, 1e30f, 1e30f}, 0, kRed);  // zero width
  EXPECT_TRUE(LitPixels(image).empty());
}

TEST(DrawBoxTest, HugeCoordinatesClampWithoutOverflow) {
  image::Image image(20, 10);
  DrawBox(image, Box{-1e30f, -1e30f, 1e30f, 1e30f}, 1, kRed);
  EXPECT_EQ(LitPixels(image), BorderPixels(0, 0, 20, 10, 1));
}

TEST(DrawBoxTest, LineWiderThanTheBoxFillsIt) {
  image::Image image(200, 100);
  DrawBox(image, Box{0.1f, 0.1f, 0.13f, 0.12f}, 5, kRed);  // 4x3 pixels
  EXPECT_EQ(LitPixels(image), BorderPixels(20, 10, 24, 13, 5));
  EXPECT_EQ(LitPixels(image).size(), 12u);
}

TEST(ToPixelsTest, RoundsToTheNearestPixel) {
  EXPECT_TRUE((ToPixels(Box{0.2f, 0.1f, 0.8f, 0.6f}, 200, 100) == PixelRect{20, 20, 120, 80}));
  // 0.0126 * 200 = 2.52 -> 3; 0.0124 * 100 = 1.24 -> 1.
  EXPECT_TRUE((ToPixels(Box{0.0124f, 0.0126f, 1.0f, 1.0f}, 200, 100) == PixelRect{3, 1, 200, 100}));
}

// The font's own definition, restated: 'I' is a bar with serifs, '-' one row.
TEST(FontTest, GlyphsLightTheirDefinedPixels) {
  std::set<std::pair<int, int>> i_pixels = {{1, 0}, {2, 0}, {3, 0}, {1, 6}, {2, 6}, {3, 6}};
  for (int y = 1; y <= 5; ++y) i_pixels.insert({2, y});
  std::set<std::pair<int, int>> dash_pixels;
  for (int x = 0; x < 5; ++x) dash_pixels.insert({x, 3});

  std::set<std::pair<int, int>> i_lit, dash_lit, space_lit;
  for (int y = 0; y < kGlyphHeight; ++y) {
    for (int x = 0; x < kGlyphWidth; ++x) {
      if (GlyphPixel('I', x, y)) i_lit.insert({x, y});
      if (GlyphPixel('-', x, y)) dash_lit.insert({x, y});
      if (GlyphPixel(' ', x, y)) space_lit.insert({x, y});
    }
  }
  EXPECT_EQ(i_lit, i_pixels);
  EXPECT_EQ(dash_lit, dash_pixels);
  EXPECT_TRUE(space_lit.empty());
  EXPECT_FALSE(GlyphPixel('I', -1, 0));
  EXPECT_FALSE(GlyphPixel('I', 2, kGlyphHeight));
}

TEST(FontTest, EveryPrintableGlyphButSpaceLightsSomething) {
  for (char c = 33; c <= 126; ++c) {
    bool any = false;
    for (int y = 0; y < kGlyphHeight; ++y) {
      for (int x = 0; x < kGlyphWidth; ++x) any = any || GlyphPixel(c, x, y);
    }
    EXPECT_TRUE(any) << "'" << c << "'";
  }
}

TEST(FontTest, UnprintableCharactersDrawAsQuestionMarks) {
  for (int y = 0; y < kGlyphHeight; ++y) {
    for (int x = 0; x < kGlyphWidth; ++x) {
      EXPECT_EQ(GlyphPixel('\n', x, y), GlyphPixel('?', x, y));
      EXPECT_EQ(GlyphPixel(static_cast<char>(0xC3), x, y), GlyphPixel('?', x, y));
    }
  }
}

TEST(FontTest, TextWidthCountsGapsBetweenGlyphsOnly) {
  EXPECT_EQ(TextWidth(""), 0);
  EXPECT_EQ(TextWidth("I"), 5);
  EXPECT_EQ(TextWidth("apple 0.80"), 10 * 6 - 1);
}

TEST(DrawTextTest, IAndDashLightTheExpectedColumnsAndRows) {
  image::Image i_image(40, 30);
  DrawText(i_image, 10, 5, "I", 1, kRed);
  std::set<std::pair<int, int>> expected_i = {{11, 5},  {12, 5},  {13, 5},
                                              {11, 11}, {12, 11}, {13, 11}};
  for (int y = 6; y <= 10; ++y) expected_i.insert({12, y});
  EXPECT_EQ(LitPixels(i_image), expected_i);

  // At scale 2 the dash's row 3 becomes rows 5 + 6, 5 + 7 and its five
  // columns become x = 10..19.
  image::Image dash_image(40, 30);
  DrawText(dash_image, 10, 5, "-", 2, kRed);
  std::set<std::pair<int, int>> expected_dash;
  for (int y = 11; y <= 12; ++y) {
    for (int x = 10; x <= 19; ++x) expected_dash.insert({x, y});
  }
  EXPECT_EQ(LitPixels(dash_image), expected_dash);
}

TEST(DrawTextTest, SecondGlyphStartsOneAdvanceLater) {
  image::Image image(40, 20);
  DrawText(image, 0, 0, "-I", 1, kRed);
  // '-' covers x 0..4 of row 3; 'I' starts at x 6, its stem at x 8.
  EXPECT_TRUE(Touched(image, 4, 3));
  EXPECT_FALSE(Touched(image, 5, 3));
  EXPECT_TRUE(Touched(image, 8, 3));
  EXPECT_TRUE(Touched(image, 7, 0));
  EXPECT_FALSE(Touched(image, 6, 0));
}

TEST(DrawTextTest, ClipsAtEveryEdge) {
  image::Image image(12, 6);
  // "HH" at (-4, -3): the first 'H' shows only its right column (glyph x 4)
  // at image x 0, glyph rows 3..6 at image rows 0..3.
  DrawText(image, -4, -3, "HH", 1, kRed);
  EXPECT_TRUE(Touched(image, 0, 0));
  EXPECT_TRUE(Touched(image, 0, 3));
  EXPECT_FALSE(Touched(image, 1, 0));
  // At (8, 3), scale 2, most of "HH" lies right of and below the image. An
  // unclipped write past a row's end would wrap to x 0..7 of the next row;
  // rows 4 and 5 there must stay empty (the first call stops at row 3).
  DrawText(image, 8, 3, "HH", 2, kRed);
  EXPECT_TRUE(Touched(image, 8, 5));
  for (int y = 4; y < 6; ++y) {
    for (int x = 0; x < 8; ++x) EXPECT_FALSE(Touched(image, x, y)) << x << "," << y;
  }
}

// A detection's label tag, hand-computed: text "ab" is 2 * 6 - 1 = 11 pixels
// wide, the tag adds one pixel each side (13) and is 8 + 2 = 10 pixels tall
// at scale 1.
TEST(DrawDetectionTest, LabelTagSitsAboveTheBox) {
  image::Image image(200, 100);
  const Detection detection{51, 0.9f, Box{0.5f, 0.25f, 0.9f, 0.5f}};  // x 50..100, y 50..90
  DrawDetection(image, detection, "ab", DrawStyle{2, 1});
  const Rgb color = ClassColor(51);
  for (int y = 40; y < 50; ++y) {
    for (int x = 50; x < 63; ++x) {
      const Rgb p = PixelAt(image, x, y);
      EXPECT_TRUE(p == color || p == TextColorOn(color)) << x << "," << y;
    }
  }
  // Text starts one pixel in: 'a' row 2 is ".###." -> x 52..54 at y 43.
  EXPECT_TRUE(PixelAt(image, 52, 43) == TextColorOn(color));
  EXPECT_TRUE(PixelAt(image, 51, 43) == color);
  // Nothing above the tag, nothing right of it above the box.
  for (int y = 0; y < 40; ++y) {
    for (int x = 0; x < 200; ++x) ASSERT_FALSE(Touched(image, x, y)) << x << "," << y;
  }
  for (int y = 40; y < 50; ++y) EXPECT_FALSE(Touched(image, 63, y));
  // The box is still drawn below the tag.
  EXPECT_TRUE(PixelAt(image, 99, 89) == color);
}

TEST(DrawDetectionTest, TagGoesInsideWhenTheBoxTouchesTheTop) {
  image::Image image(200, 100);
  const Detection detection{52, 0.9f, Box{0.0f, 0.25f, 0.5f, 0.5f}};
  DrawDetection(image, detection, "ab", DrawStyle{2, 1});
  const Rgb color = ClassColor(52);
  EXPECT_TRUE(PixelAt(image, 62, 0) == color);  // tag top-right corner
  EXPECT_TRUE(PixelAt(image, 62, 9) == color);  // tag bottom-right corner
  EXPECT_FALSE(Touched(image, 62, 10));         // below the tag, inside the box
  EXPECT_FALSE(Touched(image, 63, 5));          // right of the tag, inside the box
}

TEST(DrawDetectionTest, TagGoesInsideWhenThereIsNoRoomAbove) {
  // The box starts at y 5, the tag is 10 tall: it goes inside the box, from
  // its top, rather than overlapping the box's top edge.
  EXPECT_TRUE((LabelTagRect(PixelRect{50, 5, 100, 90}, "ab", 1, 200) == PixelRect{50, 5, 63, 15}));
  EXPECT_TRUE((LabelTagRect(PixelRect{50, 10, 100, 90}, "ab", 1, 200) == PixelRect{50, 0, 63, 10}));
  // At scale 3 everything triples: 39 x 30.
  EXPECT_TRUE(
      (LabelTagRect(PixelRect{50, 40, 100, 90}, "ab", 3, 200) == PixelRect{50, 10, 89, 40}));
}

TEST(DrawDetectionTest, TagMovesLeftAtTheRightEdge) {
  const PixelRect tag = LabelTagRect(PixelRect{195, 50, 200, 90}, "ab", 1, 200);
  EXPECT_TRUE((tag == PixelRect{187, 40, 200, 50}));
  // Wider than the image: starts at 0 and is clipped when drawn.
  const PixelRect wide = LabelTagRect(PixelRect{5, 50, 10, 90}, std::string(50, 'x'), 1, 200);
  EXPECT_EQ(wide.x0, 0);
  image::Image image(200, 100);
  DrawDetection(image, Detection{0, 1.0f, Box{0.5f, 0.9f, 0.9f, 1.0f}}, std::string(50, 'x'),
                DrawStyle{2, 2});
  EXPECT_TRUE(Touched(image, 0, 30));  // the tag, clipped at the left edge
}

TEST(DrawDetectionsTest, SkipsLowScoresAndDrawsTheBestOnTop) {
  auto labels = LabelMap::Parse("51  banana\n52  apple\n", "labels");
  ASSERT_TRUE(labels.ok());
  image::Image image(200, 100);
  const std::vector<Detection> detections = {
      {52, 0.9f, Box{0.5f, 0.1f, 0.9f, 0.4f}},   // apple, x 20..80
      {51, 0.6f, Box{0.5f, 0.1f, 0.8f, 0.3f}},   // banana, same left edge
      {51, 0.3f, Box{0.2f, 0.7f, 0.4f, 0.95f}},  // below min_score
  };
  EXPECT_EQ(DrawDetections(image, detections, *labels, 0.5f), 2);
  EXPECT_TRUE(PixelAt(image, 20, 60) == ClassColor(52));  // shared edge: apple on top
  EXPECT_TRUE(PixelAt(image, 59, 79) == ClassColor(51));  // banana's own corner
  for (int y = 0; y < 100; ++y) {
    for (int x = 140; x < 200; ++x) ASSERT_FALSE(Touched(image, x, y)) << x << "," << y;
  }
}

TEST(LabelTextTest, NameAndTwoDecimals) {
  auto labels = LabelMap::Parse("52  apple\n", "labels");
  ASSERT_TRUE(labels.ok());
  EXPECT_EQ(LabelText(Detection{52, 0.801f, Box{}}, *labels), "apple 0.80");
  EXPECT_EQ(LabelText(Detection{7, 0.5f, Box{}}, *labels), "class 7 0.50");
}

TEST(StyleTest, ScalesWithTheLongSide) {
  auto style = [](int width, int height) {
    const DrawStyle s = StyleForImage(width, height);
    return std::pair{s.line_width, s.text_scale};
  };
  EXPECT_EQ(style(200, 100), std::pair(2, 1));
  EXPECT_EQ(style(512, 480), std::pair(2, 1));
  EXPECT_EQ(style(972, 729), std::pair(2, 2));    // 972 / 500 = 1.94
  EXPECT_EQ(style(1200, 1600), std::pair(3, 3));  // 1600 / 640 = 2.5, rounded up
  EXPECT_EQ(style(3888, 2916), std::pair(6, 8));
}

TEST(ColorTest, NeighbouringClassesDifferAndTextContrasts) {
  for (int i = -1; i < 90; ++i) EXPECT_FALSE(ClassColor(i) == ClassColor(i + 1)) << i;
  EXPECT_TRUE(ClassColor(52) == ClassColor(52));
  EXPECT_TRUE((TextColorOn(Rgb{255, 235, 0}) == Rgb{0, 0, 0}));
  EXPECT_TRUE((TextColorOn(Rgb{0, 0, 128}) == Rgb{255, 255, 255}));
}

}  // namespace
}  // namespace edgebench::detect
