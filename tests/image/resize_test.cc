#include "image/resize.h"

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace edgebench::image {
namespace {

// An image whose three channels are v, 255 - v and v / 2, from one plane.
Image FromPlane(int width, int height, const std::vector<int>& plane) {
  Image image(width, height);
  for (size_t i = 0; i < plane.size(); ++i) {
    image.pixels[i * 3 + 0] = static_cast<uint8_t>(plane[i]);
    image.pixels[i * 3 + 1] = static_cast<uint8_t>(255 - plane[i]);
    image.pixels[i * 3 + 2] = static_cast<uint8_t>(plane[i] / 2);
  }
  return image;
}

std::vector<int> Channel(const Image& image, int c) {
  std::vector<int> out;
  for (size_t i = 0; i < image.pixels.size() / 3; ++i) out.push_back(image.pixels[i * 3 + c]);
  return out;
}

Image RandomImage(int width, int height, uint32_t seed) {
  std::mt19937 rng(seed);
  Image image(width, height);
  for (auto& p : image.pixels) p = static_cast<uint8_t>(rng() & 0xFF);
  return image;
}

TEST(ResizeTest, Bilinear2x2To4x4ByHand) {
  // Half-pixel centres: output x samples source (x + 0.5) / 2 - 0.5, i.e.
  // -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1); the same in y.
  const Image input = FromPlane(2, 2, {0, 100, 200, 40});
  const auto out = ResizeBilinear(input, 4, 4);
  ASSERT_TRUE(out.ok());
  // Row 1 = 0.75 * row 0 + 0.25 * row 3, e.g. 0.75 * 25 + 0.25 * 160 = 58.75.
  EXPECT_THAT(Channel(*out, 0), ::testing::ElementsAre(0, 25, 75, 100,    //
                                                       50, 59, 76, 85,    //
                                                       150, 126, 79, 55,  //
                                                       200, 160, 80, 40));
}

TEST(ResizeTest, Area4x4To2x2ByHand) {
  std::vector<int> plane;
  for (int i = 0; i < 16; ++i) plane.push_back(10 * i);
  const auto out = ResizeArea(FromPlane(4, 4, plane), 2, 2);
  ASSERT_TRUE(out.ok());
  // Means of the 2x2 blocks, e.g. (0 + 10 + 40 + 50) / 4 = 25.
  EXPECT_THAT(Channel(*out, 0), ::testing::ElementsAre(25, 45, 105, 125));
  EXPECT_THAT(Channel(*out, 1), ::testing::ElementsAre(230, 210, 150, 130));
}

TEST(ResizeTest, AreaWeighsPartialPixels) {
  // 3 -> 2: output 0 covers [0, 1.5): pixel 0 fully, pixel 1 half.
  // (0 * 1 + 90 * 0.5) / 1.5 = 30 and (90 * 0.5 + 180 * 1) / 1.5 = 150.
  const auto out = ResizeArea(FromPlane(3, 1, {0, 90, 180}), 2, 1);
  ASSERT_TRUE(out.ok());
  EXPECT_THAT(Channel(*out, 0), ::testing::ElementsAre(30, 150));
}

TEST(ResizeTest, IdentityIsExact) {
  const Image input = RandomImage(17, 9, 7);
  for (ResizeMethod method : {ResizeMethod::kBilinear, ResizeMethod::kArea, ResizeMethod::kAuto}) {
    const auto out = Resize(input, 17, 9, method);
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(out->pixels, input.pixels) << ResizeMethodName(method);
  }
}

// Bilinear from its definition, in double precision.
int BilinearAt(const Image& in, double sx, double sy, int c) {
  auto clamp = [](int v, int hi) { return std::min(std::max(v, 0), hi); };
  const int x0 = clamp(static_cast<int>(std::floor(sx)), in.width - 1);
  const int x1 = clamp(static_cast<int>(std::ceil(sx)), in.width - 1);
  const int y0 = clamp(static_cast<int>(std::floor(sy)), in.height - 1);
  const int y1 = clamp(static_cast<int>(std::ceil(sy)), in.height - 1);
  const double fx = sx - std::floor(sx);
  const double fy = sy - std::floor(sy);
  const double top = in.at(x0, y0, c) * (1 - fx) + in.at(x1, y0, c) * fx;
  const double bottom = in.at(x0, y1, c) * (1 - fx) + in.at(x1, y1, c) * fx;
  return static_cast<int>(std::lround(top * (1 - fy) + bottom * fy));
}

TEST(ResizeTest, BilinearMatchesDefinition) {
  const struct {
    int in_w, in_h, out_w, out_h;
  } sizes[] = {{7, 5, 13, 9}, {9, 9, 4, 6}, {1, 1, 3, 2}, {13, 3, 5, 7}, {486, 365, 300, 300}};
  for (const auto& s : sizes) {
    const Image in = RandomImage(s.in_w, s.in_h, 99);
    const auto out = ResizeBilinear(in, s.out_w, s.out_h);
    ASSERT_TRUE(out.ok());
    int max_diff = 0;
    for (int y = 0; y < s.out_h; ++y) {
      for (int x = 0; x < s.out_w; ++x) {
        const double sx = (x + 0.5) * s.in_w / s.out_w - 0.5;
        const double sy = (y + 0.5) * s.in_h / s.out_h - 0.5;
        for (int c = 0; c < 3; ++c) {
          max_diff = std::max(max_diff, std::abs(out->at(x, y, c) - BilinearAt(in, sx, sy, c)));
        }
      }
    }
    // float vs double arithmetic may round a value at .5 the other way.
    EXPECT_LE(max_diff, 1) << s.in_w << "x" << s.in_h << " -> " << s.out_w << "x" << s.out_h;
  }
}

TEST(ResizeTest, AreaMatchesDefinition) {
  // In units of 1 / (out size) of a source pixel, source pixel i spans
  // [i * out, (i + 1) * out) and output pixel o spans [o * in, (o + 1) * in):
  // the overlaps are exact integers, and each output pixel's area is in_w * in_h.
  const struct {
    int in_w, in_h, out_w, out_h;
  } sizes[] = {{37, 23, 11, 7}, {8, 8, 3, 5}, {5, 4, 5, 2}, {3, 3, 7, 4}, {100, 1, 9, 1}};
  for (const auto& s : sizes) {
    const Image in = RandomImage(s.in_w, s.in_h, 5);
    const auto out = ResizeArea(in, s.out_w, s.out_h);
    ASSERT_TRUE(out.ok());
    auto overlap = [](int o, int in_size, int i, int out_size) {
      const int64_t lo = std::max<int64_t>(int64_t{o} * in_size, int64_t{i} * out_size);
      const int64_t hi = std::min<int64_t>(int64_t{o + 1} * in_size, int64_t{i + 1} * out_size);
      return std::max<int64_t>(hi - lo, 0);
    };
    int max_diff = 0;
    for (int y = 0; y < s.out_h; ++y) {
      for (int x = 0; x < s.out_w; ++x) {
        for (int c = 0; c < 3; ++c) {
          int64_t sum = 0;
          for (int j = 0; j < s.in_h; ++j) {
            for (int i = 0; i < s.in_w; ++i) {
              sum +=
                  overlap(x, s.in_w, i, s.out_w) * overlap(y, s.in_h, j, s.out_h) * in.at(i, j, c);
            }
          }
          const double mean = static_cast<double>(sum) / (int64_t{s.in_w} * s.in_h);
          max_diff =
              std::max(max_diff, std::abs(out->at(x, y, c) - static_cast<int>(std::lround(mean))));
        }
      }
    }
    EXPECT_LE(max_diff, 1) << s.in_w << "x" << s.in_h << " -> " << s.out_w << "x" << s.out_h;
  }
}

TEST(ResizeTest, AreaKeepsFlatColoursExact) {
  Image in(3888, 8);
  for (size_t i = 0; i < in.pixels.size(); ++i)
    in.pixels[i] = static_cast<uint8_t>(i % 3 * 100 + 55);
  const auto out = ResizeArea(in, 300, 3);
  ASSERT_TRUE(out.ok());
  for (int x = 0; x < 300; ++x) {
    EXPECT_EQ(out->at(x, 1, 0), 55);
    EXPECT_EQ(out->at(x, 1, 2), 255);
  }
}

TEST(ResizeTest, AutoPicksAreaBeyond2x) {
  EXPECT_EQ(ResolveResizeMethod(3888, 2916, 300, 300, ResizeMethod::kAuto), ResizeMethod::kArea);
  EXPECT_EQ(ResolveResizeMethod(486, 365, 300, 300, ResizeMethod::kAuto), ResizeMethod::kBilinear);
  EXPECT_EQ(ResolveResizeMethod(600, 600, 300, 300, ResizeMethod::kAuto), ResizeMethod::kBilinear);
  EXPECT_EQ(ResolveResizeMethod(601, 300, 300, 300, ResizeMethod::kAuto), ResizeMethod::kArea);
  EXPECT_EQ(ResolveResizeMethod(300, 601, 300, 300, ResizeMethod::kAuto), ResizeMethod::kArea);
  EXPECT_EQ(ResolveResizeMethod(100, 100, 300, 300, ResizeMethod::kAuto), ResizeMethod::kBilinear);
  EXPECT_EQ(ResolveResizeMethod(3888, 2916, 300, 300, ResizeMethod::kBilinear),
            ResizeMethod::kBilinear);
}

TEST(ResizeTest, RejectsEmptyInputAndBadSizes) {
  EXPECT_FALSE(ResizeBilinear(Image(), 3, 3).ok());
  EXPECT_FALSE(ResizeArea(Image(), 3, 3).ok());
  const Image in(4, 4);
  const auto zero = ResizeArea(in, 0, 3);
  ASSERT_FALSE(zero.ok());
  EXPECT_THAT(zero.status().message(), ::testing::HasSubstr("0x3"));
  EXPECT_FALSE(ResizeBilinear(in, 3, -1).ok());
}

}  // namespace
}  // namespace edgebench::image
