#include "image/png_decoder.h"

#include <png.h>
#include <zlib.h>

#include <cmath>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace edgebench::image {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct PngSpec {
  int width = 0;
  int height = 0;
  int bit_depth = 8;
  int color_type = PNG_COLOR_TYPE_RGB;
  bool interlaced = false;
  std::vector<png_color> palette;
  std::vector<uint8_t> palette_alpha;  // tRNS for palette images
  // Packed rows exactly as PNG stores them (16-bit samples big-endian).
  std::vector<std::vector<uint8_t>> rows;
};

PngSpec Spec(int width, int height, int bit_depth, int color_type, bool interlaced = false) {
  PngSpec spec;
  spec.width = width;
  spec.height = height;
  spec.bit_depth = bit_depth;
  spec.color_type = color_type;
  spec.interlaced = interlaced;
  return spec;
}

void AppendBytes(png_structp png, png_bytep data, size_t length) {
  auto* out = static_cast<std::vector<uint8_t>*>(png_get_io_ptr(png));
  out->insert(out->end(), data, data + length);
}

// Encodes with libpng; the test data is valid, so errors are test bugs.
std::vector<uint8_t> EncodePng(const PngSpec& spec) {
  std::vector<uint8_t> out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  png_set_write_fn(png, &out, &AppendBytes, nullptr);
  png_set_IHDR(png, info, static_cast<png_uint_32>(spec.width),
               static_cast<png_uint_32>(spec.height), spec.bit_depth, spec.color_type,
               spec.interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (!spec.palette.empty()) {
    png_set_PLTE(png, info, spec.palette.data(), static_cast<int>(spec.palette.size()));
  }
  if (!spec.palette_alpha.empty()) {
    png_set_tRNS(png, info, spec.palette_alpha.data(), static_cast<int>(spec.palette_alpha.size()),
                 nullptr);
  }
  png_write_info(png, info);
  std::vector<png_bytep> rows;
  for (const auto& row : spec.rows) rows.push_back(const_cast<png_bytep>(row.data()));
  png_write_image(png, rows.data());
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

Image Decode(const std::vector<uint8_t>& bytes, const std::string& name = "test.png") {
  auto image = DecodePng(bytes.data(), bytes.size(), name, DecodeOptions{});
  EXPECT_TRUE(image.ok()) << image.status().message();
  return image.ok() ? std::move(image).value() : Image();
}

void ExpectPixel(const Image& image, int x, int y, int r, int g, int b) {
  ASSERT_LT(x, image.width);
  ASSERT_LT(y, image.height);
  EXPECT_EQ(image.at(x, y, 0), r) << "at " << x << "," << y;
  EXPECT_EQ(image.at(x, y, 1), g) << "at " << x << "," << y;
  EXPECT_EQ(image.at(x, y, 2), b) << "at " << x << "," << y;
}

TEST(PngDecoderTest, Gray8) {
  PngSpec spec = Spec(3, 2, 8, PNG_COLOR_TYPE_GRAY);
  spec.rows = {{0, 100, 255}, {7, 8, 9}};
  const Image image = Decode(EncodePng(spec));
  ExpectPixel(image, 1, 0, 100, 100, 100);
  ExpectPixel(image, 2, 0, 255, 255, 255);
  ExpectPixel(image, 0, 1, 7, 7, 7);
}

TEST(PngDecoderTest, Gray1BitExpandsToFullRange) {
  PngSpec spec = Spec(10, 1, 1, PNG_COLOR_TYPE_GRAY);
  spec.rows = {{0b10100000, 0b01000000}};  // pixels 0 and 2 white, pixel 9 white
  const Image image = Decode(EncodePng(spec));
  ASSERT_EQ(image.width, 10);
  ExpectPixel(image, 0, 0, 255, 255, 255);
  ExpectPixel(image, 1, 0, 0, 0, 0);
  ExpectPixel(image, 2, 0, 255, 255, 255);
  ExpectPixel(image, 9, 0, 255, 255, 255);
}

TEST(PngDecoderTest, PaletteWithTransparencyKeepsColours) {
  PngSpec spec = Spec(4, 1, 2, PNG_COLOR_TYPE_PALETTE);
  spec.palette = {{10, 20, 30}, {200, 0, 0}, {0, 0, 250}, {1, 2, 3}};
  spec.palette_alpha = {255, 0, 128};  // entry 1 fully transparent
  spec.rows = {{0b00011011}};          // indices 0, 1, 2, 3
  const Image image = Decode(EncodePng(spec));
  ExpectPixel(image, 0, 0, 10, 20, 30);
  ExpectPixel(image, 1, 0, 200, 0, 0);  // alpha dropped, colour kept
  ExpectPixel(image, 2, 0, 0, 0, 250);
  ExpectPixel(image, 3, 0, 1, 2, 3);
}

TEST(PngDecoderTest, Rgb16ScalesWithRounding) {
  const std::vector<int> values = {0, 65535, 32768, 1000, 0x1234, 257 * 77, 128};
  PngSpec spec = Spec(static_cast<int>(values.size()), 1, 16, PNG_COLOR_TYPE_RGB);
  std::vector<uint8_t> row;
  for (int v : values) {
    for (int c = 0; c < 3; ++c) {
      const int sample = c == 1 ? 65535 - v : v;
      row.push_back(static_cast<uint8_t>(sample >> 8));
      row.push_back(static_cast<uint8_t>(sample & 0xFF));
    }
  }
  spec.rows = {row};
  const Image image = Decode(EncodePng(spec));
  for (size_t i = 0; i < values.size(); ++i) {
    const auto expect = [](int v) { return static_cast<int>(std::lround(v * 255.0 / 65535.0)); };
    const int x = static_cast<int>(i);
    ExpectPixel(image, x, 0, expect(values[i]), expect(65535 - values[i]), expect(values[i]));
  }
}

TEST(PngDecoderTest, GrayAlphaAndRgbaDropAlpha) {
  PngSpec gray_alpha = Spec(2, 1, 8, PNG_COLOR_TYPE_GRAY_ALPHA);
  gray_alpha.rows = {{50, 0, 150, 255}};
  Image image = Decode(EncodePng(gray_alpha));
  ExpectPixel(image, 0, 0, 50, 50, 50);  // alpha 0: still its stored gray
  ExpectPixel(image, 1, 0, 150, 150, 150);

  PngSpec rgba = Spec(2, 1, 8, PNG_COLOR_TYPE_RGBA);
  rgba.rows = {{10, 20, 30, 0, 40, 50, 60, 128}};
  image = Decode(EncodePng(rgba));
  ExpectPixel(image, 0, 0, 10, 20, 30);
  ExpectPixel(image, 1, 0, 40, 50, 60);

  PngSpec rgba16 = Spec(1, 1, 16, PNG_COLOR_TYPE_RGBA);
  rgba16.rows = {{0xFF, 0xFF, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00}};
  image = Decode(EncodePng(rgba16));
  ExpectPixel(image, 0, 0, 255, 0, 128);  // 0x8000 * 255 / 65535 = 127.502
}

TEST(PngDecoderTest, InterlacedMatchesPattern) {
  // 13x11 is not a multiple of Adam7's 8x8 pass grid.
  PngSpec spec = Spec(13, 11, 8, PNG_COLOR_TYPE_RGB, true);
  for (int y = 0; y < spec.height; ++y) {
    std::vector<uint8_t> row;
    for (int x = 0; x < spec.width; ++x) {
      row.insert(row.end(), {static_cast<uint8_t>(x * 19), static_cast<uint8_t>(y * 23),
                             static_cast<uint8_t>((x * y) % 256)});
    }
    spec.rows.push_back(row);
  }
  const Image image = Decode(EncodePng(spec));
  ASSERT_EQ(image.width, 13);
  ASSERT_EQ(image.height, 11);
  for (int y = 0; y < 11; ++y) {
    for (int x = 0; x < 13; ++x) ExpectPixel(image, x, y, x * 19, y * 23, (x * y) % 256);
  }
}

void AppendU32(std::vector<uint8_t>& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

void AppendChunk(std::vector<uint8_t>& out, const char type[4], const std::vector<uint8_t>& data) {
  AppendU32(out, static_cast<uint32_t>(data.size()));
  std::vector<uint8_t> typed(type, type + 4);
  typed.insert(typed.end(), data.begin(), data.end());
  out.insert(out.end(), typed.begin(), typed.end());
  AppendU32(out, static_cast<uint32_t>(crc32(0, typed.data(), static_cast<uInt>(typed.size()))));
}

void ExpectOneLineError(const Status& status, const std::string& what) {
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("bad.png"));
  EXPECT_THAT(status.message(), HasSubstr(what));
  EXPECT_THAT(status.message(), Not(HasSubstr("\n")));
}

TEST(PngDecoderTest, RefusesBombBeforeAllocating) {
  // A valid signature and IHDR declaring 100000 x 100000 RGB, one empty IDAT.
  std::vector<uint8_t> bytes = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  std::vector<uint8_t> ihdr;
  AppendU32(ihdr, 100000);
  AppendU32(ihdr, 100000);
  ihdr.insert(ihdr.end(), {8, 2, 0, 0, 0});  // 8-bit RGB, deflate, no filter, no interlace
  AppendChunk(bytes, "IHDR", ihdr);
  AppendChunk(bytes, "IDAT", {});
  AppendChunk(bytes, "IEND", {});
  const auto image = DecodePng(bytes.data(), bytes.size(), "bad.png", DecodeOptions{});
  ExpectOneLineError(image.status(), "100000x100000");
  EXPECT_THAT(image.status().message(), HasSubstr("10000000000 pixels"));
}

TEST(PngDecoderTest, TruncatedAndCorruptFilesAreErrors) {
  PngSpec spec = Spec(64, 64, 8, PNG_COLOR_TYPE_RGB);
  for (int y = 0; y < 64; ++y) {
    std::vector<uint8_t> row;
    for (int i = 0; i < 64 * 3; ++i) row.push_back(static_cast<uint8_t>((i * 31 + y * 7) % 251));
    spec.rows.push_back(row);
  }
  const auto good = EncodePng(spec);
  Decode(good);  // sanity: the full file decodes

  const std::vector<uint8_t> half(good.begin(), good.begin() + static_cast<long>(good.size() / 2));
  ExpectOneLineError(DecodePng(half.data(), half.size(), "bad.png", DecodeOptions{}).status(),
                     "truncated");

  auto bad_crc = good;
  bad_crc[29] ^= 0xFF;  // IHDR's CRC (signature 8 + length 4 + type 4 + data 13)
  ExpectOneLineError(DecodePng(bad_crc.data(), bad_crc.size(), "bad.png", DecodeOptions{}).status(),
                     "invalid PNG");

  const std::vector<uint8_t> not_png = {'G', 'I', 'F', '8', '9', 'a', 0, 0, 0};
  ExpectOneLineError(DecodePng(not_png.data(), not_png.size(), "bad.png", DecodeOptions{}).status(),
                     "not a PNG");
}

}  // namespace
}  // namespace edgebench::image
