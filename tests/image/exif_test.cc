#include "image/exif.h"

#include <vector>

#include "gtest/gtest.h"
#include "image_test_util.h"

namespace edgebench::image {
namespace {

using testing::ExifWithOrientation;

std::optional<Orientation> Parse(const std::vector<uint8_t>& payload) {
  return ParseExifOrientation(payload.data(), payload.size());
}

TEST(ExifTest, ReadsEveryOrientationInBothByteOrders) {
  for (bool big_endian : {false, true}) {
    for (int v = 1; v <= 8; ++v) {
      const auto orientation = Parse(ExifWithOrientation(v, big_endian));
      ASSERT_TRUE(orientation.has_value()) << "value " << v << " big_endian " << big_endian;
      EXPECT_EQ(static_cast<int>(*orientation), v);
    }
  }
}

TEST(ExifTest, FindsTagAfterOtherEntriesAndAsLong) {
  // Big-endian IFD0 with two entries: ImageWidth (0x0100, LONG) then
  // orientation stored as a LONG with value 6.
  const std::vector<uint8_t> payload = {
      'E',  'x',  'i', 'f', 0, 0, 'M', 'M', 0, 42, 0,    0,    0, 8,  // header, IFD0 at 8
      0,    2,                                                        // two entries
      0x01, 0x00, 0,   4,   0, 0, 0,   1,   0, 0,  0x0F, 0x30,        // width 3888
      0x01, 0x12, 0,   4,   0, 0, 0,   1,   0, 0,  0,    6,           // orientation 6 (LONG)
      0,    0,    0,   0};
  const auto orientation = Parse(payload);
  ASSERT_TRUE(orientation.has_value());
  EXPECT_EQ(*orientation, Orientation::kRotate90Cw);
}

TEST(ExifTest, IgnoresMalformedSegments) {
  const auto good = ExifWithOrientation(6, false);
  EXPECT_FALSE(ParseExifOrientation(nullptr, 0).has_value());
  EXPECT_FALSE(Parse({}).has_value());

  auto not_exif = good;
  not_exif[0] = 'X';  // e.g. an XMP APP1 segment
  EXPECT_FALSE(Parse(not_exif).has_value());

  auto bad_order = good;
  bad_order[6] = 'I';
  bad_order[7] = 'M';
  EXPECT_FALSE(Parse(bad_order).has_value());

  auto bad_magic = good;
  bad_magic[8] = 43;
  EXPECT_FALSE(Parse(bad_magic).has_value());

  auto far_ifd = good;  // IFD0 offset 0xFFFFFFF0: far past the end
  far_ifd[10] = 0xF0;
  far_ifd[11] = far_ifd[12] = far_ifd[13] = 0xFF;
  EXPECT_FALSE(Parse(far_ifd).has_value());

  auto many_entries = good;  // 65535 entries declared, one present
  many_entries[14] = many_entries[15] = 0xFF;
  EXPECT_FALSE(Parse(many_entries).has_value());

  for (int bad_value : {0, 9, 0xFFFF}) {
    EXPECT_FALSE(Parse(ExifWithOrientation(bad_value, false)).has_value()) << bad_value;
  }

  auto ascii_type = good;  // type 2 (ASCII) instead of SHORT
  ascii_type[18] = 2;
  EXPECT_FALSE(Parse(ascii_type).has_value());

  auto count_two = good;
  count_two[20] = 2;
  EXPECT_FALSE(Parse(count_two).has_value());
}

TEST(ExifTest, EveryTruncationIsSafe) {
  const auto good = ExifWithOrientation(3, true);
  // The value field ends at byte 6 (Exif) + 8 (TIFF header) + 2 + 12 = 28.
  for (size_t size = 0; size <= good.size(); ++size) {
    const std::vector<uint8_t> prefix(good.begin(), good.begin() + static_cast<long>(size));
    const auto orientation = Parse(prefix);
    if (size < 28) {
      EXPECT_FALSE(orientation.has_value()) << "size " << size;
    } else {
      ASSERT_TRUE(orientation.has_value()) << "size " << size;
      EXPECT_EQ(*orientation, Orientation::kRotate180);
    }
  }
}

// A 2-wide, 3-tall image whose pixels are labelled a..f (value in all three
// channels):  a b / c d / e f.
Image Labelled2x3() {
  Image image(2, 3);
  const char labels[] = "abcdef";
  for (int i = 0; i < 6; ++i) {
    for (int c = 0; c < 3; ++c) image.pixels[static_cast<size_t>(i) * 3 + c] = labels[i];
  }
  return image;
}

std::string Labels(const Image& image) {
  std::string s;
  for (int y = 0; y < image.height; ++y) {
    if (y > 0) s += '/';
    for (int x = 0; x < image.width; ++x) {
      EXPECT_EQ(image.at(x, y, 0), image.at(x, y, 2));
      s += static_cast<char>(image.at(x, y, 1));
    }
  }
  return s;
}

TEST(ExifTest, AppliesEachOrientationToA2x3Image) {
  // Worked out by hand from the EXIF definitions of where row 0 and column 0
  // of the stored image are shown.
  const struct {
    Orientation orientation;
    int width, height;
    const char* labels;
  } cases[] = {
      {Orientation::kNormal, 2, 3, "ab/cd/ef"},    {Orientation::kFlipHorizontal, 2, 3, "ba/dc/fe"},
      {Orientation::kRotate180, 2, 3, "fe/dc/ba"}, {Orientation::kFlipVertical, 2, 3, "ef/cd/ab"},
      {Orientation::kTranspose, 3, 2, "ace/bdf"},  {Orientation::kRotate90Cw, 3, 2, "eca/fdb"},
      {Orientation::kTransverse, 3, 2, "fdb/eca"}, {Orientation::kRotate90Ccw, 3, 2, "bdf/ace"},
  };
  const Image image = Labelled2x3();
  for (const auto& c : cases) {
    const Image out = ApplyOrientation(image, c.orientation);
    EXPECT_EQ(out.width, c.width) << static_cast<int>(c.orientation);
    EXPECT_EQ(out.height, c.height) << static_cast<int>(c.orientation);
    EXPECT_EQ(Labels(out), c.labels) << "orientation " << static_cast<int>(c.orientation);
  }
}

}  // namespace
}  // namespace edgebench::image
