#include "image/png_encoder.h"

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "image/png_decoder.h"

namespace edgebench::image {
namespace {

using ::testing::HasSubstr;

// A fresh folder per test under gtest's temporary directory.
std::filesystem::path TestDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto dir = std::filesystem::path(::testing::TempDir()) /
                   (std::string("eb_png_encoder_") + info->test_suite_name() + "_" + info->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Every byte drawn at random, so a swapped channel, row or column shows.
Image RandomImage(int width, int height, uint32_t seed) {
  std::mt19937 rng(seed);
  Image image(width, height);
  for (uint8_t& v : image.pixels) v = static_cast<uint8_t>(rng() & 0xFF);
  return image;
}

std::vector<std::string> FileNames(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  return names;
}

class PngRoundTripTest : public ::testing::TestWithParam<std::pair<int, int>> {};

TEST_P(PngRoundTripTest, DecoderReadsBackTheSamePixels) {
  const auto [width, height] = GetParam();
  const uint32_t seed = static_cast<uint32_t>(width * 1000 + height);
  const Image image = RandomImage(width, height, seed);
  const std::string path = (TestDir() / "out.png").string();
  ASSERT_TRUE(WritePngFile(image, path).ok());

  auto decoded = DecodePngFile(path, DecodeOptions{});
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  EXPECT_EQ(decoded->width, width);
  EXPECT_EQ(decoded->height, height);
  EXPECT_EQ(decoded->pixels, image.pixels) << "seed " << seed;
}

INSTANTIATE_TEST_SUITE_P(OddSizes, PngRoundTripTest,
                         ::testing::Values(std::pair{1, 1}, std::pair{3, 5}, std::pair{5, 3},
                                           std::pair{13, 1}, std::pair{1, 13}, std::pair{127, 33}));

TEST(PngEncoderTest, WritesAn8BitRgbHeader) {
  auto bytes = EncodePng(RandomImage(3, 5, 1), "<memory>");
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  ASSERT_GE(bytes->size(), 33u);
  const std::vector<uint8_t> signature = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  EXPECT_EQ(std::vector<uint8_t>(bytes->begin(), bytes->begin() + 8), signature);
  // IHDR data follows the 4-byte length and the type: width, height (big
  // endian), bit depth, colour type (2 = RGB), compression, filter, interlace.
  EXPECT_EQ(std::string(bytes->begin() + 12, bytes->begin() + 16), "IHDR");
  EXPECT_EQ((*bytes)[19], 3);  // width low byte
  EXPECT_EQ((*bytes)[23], 5);  // height low byte
  EXPECT_EQ((*bytes)[24], 8);
  EXPECT_EQ((*bytes)[25], 2);
  EXPECT_EQ((*bytes)[28], 0);
}

TEST(PngEncoderTest, InMemoryBytesDecode) {
  const Image image = RandomImage(7, 2, 7);
  auto bytes = EncodePng(image, "<memory>");
  ASSERT_TRUE(bytes.ok());
  auto decoded = DecodePng(bytes->data(), bytes->size(), "<memory>", DecodeOptions{});
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  EXPECT_EQ(decoded->pixels, image.pixels);
}

TEST(PngEncoderTest, MissingFolderIsAnErrorNamingThePath) {
  const std::string path = (TestDir() / "no_such_folder" / "out.png").string();
  const Status status = WritePngFile(RandomImage(2, 2, 3), path);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(),
            path + ": cannot write: no folder " + (TestDir() / "no_such_folder").string());
  EXPECT_EQ(status.message().find('\n'), std::string::npos);
}

TEST(PngEncoderTest, FolderInTheWayFailsAndLeavesNoTemporaryFile) {
  const auto dir = TestDir();
  const auto target = dir / "taken.png";
  std::filesystem::create_directories(target / "inside");  // rename cannot replace it
  const Status status = WritePngFile(RandomImage(2, 2, 4), target.string());
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr(target.string() + ": cannot write: "));
  EXPECT_THAT(FileNames(dir), ::testing::ElementsAre("taken.png"));
  EXPECT_TRUE(std::filesystem::is_directory(target));
}

TEST(PngEncoderTest, ReplacesAnExistingFileAndLeavesNoTemporaryFile) {
  const auto dir = TestDir();
  const std::string path = (dir / "out.png").string();
  ASSERT_TRUE(WritePngFile(RandomImage(4, 4, 5), path).ok());
  const Image second = RandomImage(2, 3, 6);
  ASSERT_TRUE(WritePngFile(second, path).ok());
  auto decoded = DecodePngFile(path, DecodeOptions{});
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->pixels, second.pixels);
  EXPECT_THAT(FileNames(dir), ::testing::ElementsAre("out.png"));
}

TEST(PngEncoderTest, RefusesEmptyAndInconsistentImages) {
  EXPECT_FALSE(EncodePng(Image(), "empty").ok());
  Image bad(4, 4);
  bad.pixels.resize(10);
  auto result = EncodePng(bad, "bad");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(),
              HasSubstr("bad: image of 4x4 holds 10 bytes, expected 48"));
}

}  // namespace
}  // namespace edgebench::image
