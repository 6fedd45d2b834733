#include "image/jpeg_decoder.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "image/resize.h"
#include "image_test_util.h"

namespace edgebench::image {
namespace {

using testing::EncodeJpeg;
using testing::ExifWithOrientation;
using testing::FruitPath;
using ::testing::HasSubstr;
using testing::JpegSpec;
using testing::MeanAbsDiff;
using ::testing::Not;
using testing::ReadAll;

// One-line error naming the file.
void ExpectOneLineError(const Status& status, const std::string& name, const std::string& what) {
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr(name));
  EXPECT_THAT(status.message(), HasSubstr(what));
  EXPECT_THAT(status.message(), Not(HasSubstr("\n")));
}

TEST(JpegDecoderTest, ChoosesLargestScaleThatKeepsTheTarget) {
  EXPECT_EQ(ChooseDctScaleDenominator(3888, 2916, 300, 300), 8);  // 486x365
  EXPECT_EQ(ChooseDctScaleDenominator(3888, 2916, 0, 0), 1);
  EXPECT_EQ(ChooseDctScaleDenominator(3888, 2916, 500, 300), 4);  // 972x729
  EXPECT_EQ(ChooseDctScaleDenominator(3888, 2916, 300, 400), 4);  // height 365 < 400
  EXPECT_EQ(ChooseDctScaleDenominator(600, 600, 300, 300), 2);    // exactly 2x
  EXPECT_EQ(ChooseDctScaleDenominator(599, 600, 300, 300), 2);    // ceil(599/2) = 300
  EXPECT_EQ(ChooseDctScaleDenominator(598, 600, 300, 300), 1);    // 299 < 300
  EXPECT_EQ(ChooseDctScaleDenominator(300, 300, 300, 300), 1);
  EXPECT_EQ(ChooseDctScaleDenominator(200, 200, 300, 300), 1);  // enlarging
}

TEST(JpegDecoderTest, DecodesFruitAtFullSize) {
  // fruit.jpg has an EXIF block but no orientation tag (IFD0 holds make,
  // model, resolution, software, date), so it is shown as stored.
  const auto image = DecodeJpegFile(FruitPath(), DecodeOptions{});
  ASSERT_TRUE(image.ok()) << image.status().message();
  EXPECT_EQ(image->width, 3888);
  EXPECT_EQ(image->height, 2916);
  EXPECT_EQ(image->pixels.size(), size_t{3888} * 2916 * 3);
}

TEST(JpegDecoderTest, DctScaledFruitMatchesFullDecodeThenAreaResize) {
  DecodeOptions options;
  options.target_width = 300;
  options.target_height = 300;
  const auto scaled = DecodeJpegFile(FruitPath(), options);
  ASSERT_TRUE(scaled.ok()) << scaled.status().message();
  EXPECT_EQ(scaled->width, 486);   // ceil(3888 / 8)
  EXPECT_EQ(scaled->height, 365);  // ceil(2916 / 8)

  const auto full = DecodeJpegFile(FruitPath(), DecodeOptions{});
  ASSERT_TRUE(full.ok()) << full.status().message();

  // A 1/8 DCT decode keeps each 8x8 block's mean (its DC term), i.e. an 8x8
  // box filter, so it should match an exact area reduction of the same
  // pixels up to chroma upsampling and rounding. 2916 is not a multiple of 8
  // (libjpeg pads the last block row), so compare the 364 whole block rows
  // with the area reduction of the top 3888x2912 pixels.
  Image top(3888, 2912);
  std::copy(full->pixels.begin(), full->pixels.begin() + static_cast<long>(top.pixels.size()),
            top.pixels.begin());
  const auto area_blocks = ResizeArea(top, 486, 364);
  ASSERT_TRUE(area_blocks.ok());
  Image scaled_top(486, 364);
  std::copy(scaled->pixels.begin(),
            scaled->pixels.begin() + static_cast<long>(scaled_top.pixels.size()),
            scaled_top.pixels.begin());
  const double mad_same_size = MeanAbsDiff(scaled_top, *area_blocks);
  EXPECT_LT(mad_same_size, 1.0);

  // The benchmark's actual question: 300x300 through either path.
  const auto via_dct = Resize(*scaled, 300, 300, ResizeMethod::kAuto);
  const auto via_full = ResizeArea(*full, 300, 300);
  ASSERT_TRUE(via_dct.ok() && via_full.ok());
  const double mad_300 = MeanAbsDiff(*via_dct, *via_full);
  EXPECT_LT(mad_300, 3.0);
  std::printf("fruit.jpg MAD: 1/8 DCT vs area to 486x364 = %.3f; to 300x300 = %.3f\n",
              mad_same_size, mad_300);
}

// 16x8, left half red, right half blue: easy to see where it went.
JpegSpec RedBlue16x8() {
  JpegSpec spec;
  spec.width = 16;
  spec.height = 8;
  spec.samples.resize(16 * 8 * 3);
  for (int y = 0; y < 8; ++y) {
    for (int x = 0; x < 16; ++x) {
      uint8_t* p = &spec.samples[(static_cast<size_t>(y) * 16 + x) * 3];
      p[0] = x < 8 ? 255 : 0;
      p[2] = x < 8 ? 0 : 255;
    }
  }
  return spec;
}

bool IsRed(const Image& image, int x, int y) {
  return image.at(x, y, 0) > 200 && image.at(x, y, 2) < 55;
}
bool IsBlue(const Image& image, int x, int y) {
  return image.at(x, y, 2) > 200 && image.at(x, y, 0) < 55;
}

TEST(JpegDecoderTest, DecodesRgbAndAppliesExifRotation) {
  JpegSpec spec = RedBlue16x8();
  const auto plain = EncodeJpeg(spec);
  const auto image = DecodeJpeg(plain.data(), plain.size(), "plain.jpg", DecodeOptions{});
  ASSERT_TRUE(image.ok()) << image.status().message();
  ASSERT_EQ(image->width, 16);
  ASSERT_EQ(image->height, 8);
  EXPECT_TRUE(IsRed(*image, 1, 4));
  EXPECT_TRUE(IsBlue(*image, 14, 4));

  // Orientation 6 (rotate 90 clockwise): the left (red) half ends up on top.
  spec.app1 = ExifWithOrientation(6, true);
  const auto rotated_bytes = EncodeJpeg(spec);
  const auto rotated =
      DecodeJpeg(rotated_bytes.data(), rotated_bytes.size(), "rot.jpg", DecodeOptions{});
  ASSERT_TRUE(rotated.ok()) << rotated.status().message();
  ASSERT_EQ(rotated->width, 8);
  ASSERT_EQ(rotated->height, 16);
  EXPECT_TRUE(IsRed(*rotated, 4, 1));
  EXPECT_TRUE(IsBlue(*rotated, 4, 14));

  DecodeOptions no_exif;
  no_exif.apply_exif_orientation = false;
  const auto stored = DecodeJpeg(rotated_bytes.data(), rotated_bytes.size(), "rot.jpg", no_exif);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->width, 16);
}

TEST(JpegDecoderTest, TargetIsInDisplayedOrientation) {
  // 64x16 stored, orientation 8 -> shown as 16x64. A 4x16 target allows
  // 1/4 in displayed terms: stored decode 16x4, shown 4x16.
  JpegSpec spec;
  spec.width = 64;
  spec.height = 16;
  spec.samples.assign(64 * 16 * 3, 128);
  spec.app1 = ExifWithOrientation(8, false);
  const auto bytes = EncodeJpeg(spec);
  DecodeOptions options;
  options.target_width = 4;
  options.target_height = 16;
  const auto image = DecodeJpeg(bytes.data(), bytes.size(), "tall.jpg", options);
  ASSERT_TRUE(image.ok()) << image.status().message();
  EXPECT_EQ(image->width, 4);
  EXPECT_EQ(image->height, 16);
}

TEST(JpegDecoderTest, ExpandsGrayscaleToRgb) {
  JpegSpec spec;
  spec.width = 8;
  spec.height = 8;
  spec.components = 1;
  spec.in_space = JCS_GRAYSCALE;
  for (int i = 0; i < 64; ++i) spec.samples.push_back(static_cast<uint8_t>(i < 32 ? 40 : 200));
  const auto bytes = EncodeJpeg(spec);
  const auto image = DecodeJpeg(bytes.data(), bytes.size(), "gray.jpg", DecodeOptions{});
  ASSERT_TRUE(image.ok()) << image.status().message();
  ASSERT_EQ(image->width, 8);
  for (int c = 0; c < 3; ++c) {
    EXPECT_NEAR(image->at(3, 1, c), 40, 6);
    EXPECT_NEAR(image->at(3, 6, c), 200, 6);
  }
  EXPECT_EQ(image->at(5, 5, 0), image->at(5, 5, 1));
  EXPECT_EQ(image->at(5, 5, 1), image->at(5, 5, 2));
}

TEST(JpegDecoderTest, ConvertsAdobeCmykAndYcck) {
  // Stored as Adobe (inverted) CMYK: byte = 255 - ink. Ink (C,M,Y,K) =
  // (0, 255, 255, 0) is pure red; the inverted bytes are (255, 0, 0, 255).
  // libjpeg writes the Adobe marker for CMYK and YCCK files.
  for (J_COLOR_SPACE space : {JCS_CMYK, JCS_YCCK}) {
    JpegSpec spec;
    spec.width = 8;
    spec.height = 8;
    spec.components = 4;
    spec.in_space = JCS_CMYK;
    spec.jpeg_space = space;
    for (int i = 0; i < 64; ++i) spec.samples.insert(spec.samples.end(), {255, 0, 0, 255});
    const auto bytes = EncodeJpeg(spec);
    const auto image = DecodeJpeg(bytes.data(), bytes.size(), "cmyk.jpg", DecodeOptions{});
    ASSERT_TRUE(image.ok()) << image.status().message();
    EXPECT_NEAR(image->at(4, 4, 0), 255, 4) << space;
    EXPECT_NEAR(image->at(4, 4, 1), 0, 4) << space;
    EXPECT_NEAR(image->at(4, 4, 2), 0, 4) << space;
  }
}

TEST(JpegDecoderTest, TruncatedFileIsAnError) {
  const auto bytes = ReadAll(FruitPath());
  ASSERT_GT(bytes.size(), 1000u);
  const size_t half = bytes.size() / 2;
  const auto image = DecodeJpeg(bytes.data(), half, "fruit_half.jpg", DecodeOptions{});
  ExpectOneLineError(image.status(), "fruit_half.jpg", "Premature end of JPEG file");
}

TEST(JpegDecoderTest, CorruptHeadersAreErrors) {
  auto bytes = ReadAll(FruitPath());
  // The first DHT segment starts at byte 34739 (after SOF0 at 34720):
  // make its table class/index byte invalid.
  ASSERT_EQ(bytes[34739], 0xFF);
  ASSERT_EQ(bytes[34740], 0xC4);
  auto bad_dht = bytes;
  bad_dht[34743] = 0x7F;
  auto image = DecodeJpeg(bad_dht.data(), bad_dht.size(), "bad_dht.jpg", DecodeOptions{});
  ExpectOneLineError(image.status(), "bad_dht.jpg", "invalid JPEG");

  // 12-bit precision in SOF0 (byte 34724): unsupported by this build.
  auto bad_sof = bytes;
  ASSERT_EQ(bad_sof[34721], 0xC0);
  bad_sof[34724] = 12;
  image = DecodeJpeg(bad_sof.data(), bad_sof.size(), "bad_sof.jpg", DecodeOptions{});
  ExpectOneLineError(image.status(), "bad_sof.jpg", "precision");

  // Just the start-of-image marker, then garbage.
  const std::vector<uint8_t> garbage = {0xFF, 0xD8, 0xFF, 0x00, 0x12, 0x34, 0x56};
  image = DecodeJpeg(garbage.data(), garbage.size(), "garbage.jpg", DecodeOptions{});
  ExpectOneLineError(image.status(), "garbage.jpg", "invalid JPEG");
}

TEST(JpegDecoderTest, CorruptScanDataNeverCrashes) {
  // Overwrite runs of entropy-coded data with random bytes. libjpeg may
  // recover (then the image has the declared size) or fail with a message.
  const auto original = ReadAll(FruitPath());
  uint32_t seed = 12345;
  DecodeOptions options;
  options.target_width = 300;  // 1/8 decode keeps this test quick
  options.target_height = 300;
  for (int trial = 0; trial < 8; ++trial) {
    auto bytes = original;
    for (int k = 0; k < 64; ++k) {
      seed = seed * 1664525u + 1013904223u;
      const size_t pos = 40000 + seed % (bytes.size() - 40002);
      bytes[pos] = static_cast<uint8_t>(seed >> 24);
    }
    const auto image = DecodeJpeg(bytes.data(), bytes.size(), "fuzzed.jpg", options);
    if (image.ok()) {
      EXPECT_EQ(image->width, 486);
      EXPECT_EQ(image->height, 365);
    } else {
      ExpectOneLineError(image.status(), "fuzzed.jpg", "invalid JPEG");
    }
  }
}

TEST(JpegDecoderTest, RefusesHugeDeclaredSizeBeforeAllocating) {
  JpegSpec spec = RedBlue16x8();
  auto bytes = EncodeJpeg(spec);
  // Patch SOF0's height and width to 20000 x 20000 (400 megapixels).
  size_t sof = 2;
  while (!(bytes[sof] == 0xFF && bytes[sof + 1] == 0xC0)) ++sof;
  bytes[sof + 5] = bytes[sof + 7] = 20000 >> 8;
  bytes[sof + 6] = bytes[sof + 8] = 20000 & 0xFF;
  const auto image = DecodeJpeg(bytes.data(), bytes.size(), "huge.jpg", DecodeOptions{});
  ExpectOneLineError(image.status(), "huge.jpg", "20000x20000");
  EXPECT_THAT(image.status().message(), HasSubstr("400000000 pixels"));
}

TEST(JpegDecoderTest, EmptyAndNonJpegInputsAreErrors) {
  const uint8_t nothing = 0;
  ExpectOneLineError(DecodeJpeg(&nothing, 0, "empty.jpg", DecodeOptions{}).status(), "empty.jpg",
                     "invalid JPEG");
  const std::string text = "hello, world";
  ExpectOneLineError(DecodeJpeg(reinterpret_cast<const uint8_t*>(text.data()), text.size(),
                                "text.jpg", DecodeOptions{})
                         .status(),
                     "text.jpg", "Not a JPEG file");
}

}  // namespace
}  // namespace edgebench::image
