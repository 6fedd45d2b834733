#include "bench/image_header.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <vector>

namespace edgebench::bench {
namespace {

std::vector<uint8_t> ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// file(1) reports these sizes for the bundled photos (data/README.md too).
TEST(ImageHeaderTest, BundledPhotos) {
  const std::string dir = std::string(EDGEBENCH_SOURCE_DIR) + "/data/images/";
  struct Case {
    const char* file;
    int width, height;
  };
  for (const Case& c :
       {Case{"fruit.jpg", 3888, 2916}, Case{"fruits.jpg", 512, 480}, Case{"apple.jpg", 512, 512}}) {
    const auto size = ReadStoredImageSize(ReadFile(dir + c.file), c.file);
    ASSERT_TRUE(size.ok()) << size.status().message();
    EXPECT_EQ(size->width, c.width) << c.file;
    EXPECT_EQ(size->height, c.height) << c.file;
  }
}

TEST(ImageHeaderTest, HandMadeJpegSkipsSegmentsAndFillBytes) {
  // SOI, an APP0 of 4 bytes, a fill byte, DHT (not a frame), then SOF2
  // (progressive) with height 0x0102 = 258 and width 0x0304 = 772.
  const std::vector<uint8_t> jpeg = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0xAA, 0xBB,
                                     0xFF, 0xFF, 0xC4, 0x00, 0x03, 0x00, 0xFF, 0xC2,
                                     0x00, 0x0B, 0x08, 0x01, 0x02, 0x03, 0x04, 0x03};
  const auto size = ReadStoredImageSize(jpeg, "hand.jpg");
  ASSERT_TRUE(size.ok()) << size.status().message();
  EXPECT_EQ(size->width, 772);
  EXPECT_EQ(size->height, 258);
}

TEST(ImageHeaderTest, PngIhdr) {
  std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13,
                              'I',  'H', 'D', 'R', 0,    1,    0x86, 0xA0, 0, 0, 0, 3};
  const auto size = ReadStoredImageSize(png, "bomb.png");
  ASSERT_TRUE(size.ok()) << size.status().message();
  EXPECT_EQ(size->width, 100000);
  EXPECT_EQ(size->height, 3);
}

TEST(ImageHeaderTest, Errors) {
  const std::vector<uint8_t> text = {'h', 'e', 'l', 'l', 'o'};
  EXPECT_FALSE(ReadStoredImageSize(text, "t").ok());
  const std::vector<uint8_t> cut_jpeg = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x00};
  const auto cut = ReadStoredImageSize(cut_jpeg, "cut.jpg");
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.status().message().find("cut.jpg"), std::string::npos);
  const std::vector<uint8_t> scan_first = {0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02};
  EXPECT_FALSE(ReadStoredImageSize(scan_first, "s.jpg").ok());
  const std::vector<uint8_t> short_png = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  EXPECT_FALSE(ReadStoredImageSize(short_png, "p.png").ok());
}

}  // namespace
}  // namespace edgebench::bench
