#include "image/decode.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "image_test_util.h"

namespace edgebench::image {
namespace {

using testing::FruitPath;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::ReadAll;
using testing::WriteTemp;

void ExpectError(const Result<Image>& result, const std::string& expected_message_part) {
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr(expected_message_part));
  EXPECT_THAT(result.status().message(), Not(HasSubstr("\n")));
}

TEST(DecodeTest, SniffsMagicBytes) {
  const uint8_t jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0};
  const uint8_t png[] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  const uint8_t short_png[] = {0x89, 'P', 'N', 'G'};
  const uint8_t gif[] = {'G', 'I', 'F', '8', '9', 'a'};
  EXPECT_EQ(SniffImageFormat(jpeg, sizeof(jpeg)), ImageFormat::kJpeg);
  EXPECT_EQ(SniffImageFormat(jpeg, 2), ImageFormat::kUnknown);
  EXPECT_EQ(SniffImageFormat(png, sizeof(png)), ImageFormat::kPng);
  EXPECT_EQ(SniffImageFormat(short_png, sizeof(short_png)), ImageFormat::kUnknown);
  EXPECT_EQ(SniffImageFormat(gif, sizeof(gif)), ImageFormat::kUnknown);
}

TEST(DecodeTest, DecodesFruitWithSizeHint) {
  DecodeOptions options;
  options.target_width = 300;
  options.target_height = 300;
  const auto image = DecodeImageFile(FruitPath(), options);
  ASSERT_TRUE(image.ok()) << image.status().message();
  EXPECT_EQ(image->width, 486);
  EXPECT_EQ(image->height, 365);
}

TEST(DecodeTest, LoadImageResizedGivesTheModelSize) {
  const auto image = LoadImageResized(FruitPath(), 300, 300);
  ASSERT_TRUE(image.ok()) << image.status().message();
  EXPECT_EQ(image->width, 300);
  EXPECT_EQ(image->height, 300);
  // The photo is not a flat colour: the channels vary across the image.
  int lo = 255, hi = 0;
  for (uint8_t v : image->pixels) {
    lo = std::min<int>(lo, v);
    hi = std::max<int>(hi, v);
  }
  EXPECT_GT(hi - lo, 100);
}

TEST(DecodeTest, MissingFile) {
  ExpectError(DecodeImageFile("/nonexistent/nowhere.jpg", {}),
              "/nonexistent/nowhere.jpg: cannot open: no such file");
}

TEST(DecodeTest, Directory) {
  const std::string dir = std::string(EDGEBENCH_SOURCE_DIR) + "/data";
  ExpectError(DecodeImageFile(dir, {}), dir + ": cannot open: is a directory");
}

TEST(DecodeTest, EmptyFile) {
  const std::string path = WriteTemp("empty.jpg", {});
  ExpectError(DecodeImageFile(path, {}), path + ": empty file");
}

TEST(DecodeTest, TextFile) {
  const std::string text = "not an image\n";
  const std::string path = WriteTemp("file.txt", std::vector<uint8_t>(text.begin(), text.end()));
  ExpectError(DecodeImageFile(path, {}), path + ": not a JPEG or PNG image");
}

TEST(DecodeTest, TruncatedJpegFile) {
  const auto bytes = ReadAll(FruitPath());
  const std::string path = WriteTemp(
      "fruit_half.jpg",
      std::vector<uint8_t>(bytes.begin(), bytes.begin() + static_cast<long>(bytes.size() / 2)));
  ExpectError(DecodeImageFile(path, {}), path + ": invalid JPEG: Premature end of JPEG file");
}

}  // namespace
}  // namespace edgebench::image
