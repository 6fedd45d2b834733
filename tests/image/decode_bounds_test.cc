// A header that claims a huge image over a few bytes of data must fail
// without allocating the image. This executable counts the largest single
// allocation (operator new is replaced here, for this test file only).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <new>
#include <string>
#include <vector>

#include "image/jpeg_decoder.h"
#include "image/png_decoder.h"

namespace {
std::atomic<size_t> largest_allocation{0};
}  // namespace

// GCC sees free() under operator delete and warns of a mismatch: here new
// and delete are both this pair, over malloc and free.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(size_t size) {
  size_t seen = largest_allocation.load();
  while (size > seen && !largest_allocation.compare_exchange_weak(seen, size)) {
  }
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace edgebench::image {
namespace {

using ::testing::HasSubstr;

// Far below the 243 MB a 9000x9000 RGB image takes.
constexpr size_t kSmall = 16 << 20;

void AppendBigEndian(std::vector<uint8_t>& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(value >> shift));
}

void AppendChunk(std::vector<uint8_t>& out, const char* type, const std::vector<uint8_t>& data) {
  AppendBigEndian(out, static_cast<uint32_t>(data.size()));
  std::vector<uint8_t> typed(type, type + 4);
  typed.insert(typed.end(), data.begin(), data.end());
  out.insert(out.end(), typed.begin(), typed.end());
  AppendBigEndian(out,
                  static_cast<uint32_t>(crc32(0, typed.data(), static_cast<uInt>(typed.size()))));
}

// A valid PNG signature and IHDR for width x height 8-bit RGB, then one IDAT
// holding a few compressed bytes: the rest of the image is missing.
std::vector<uint8_t> TruncatedPng(uint32_t width, uint32_t height) {
  std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  std::vector<uint8_t> header;
  AppendBigEndian(header, width);
  AppendBigEndian(header, height);
  header.insert(header.end(), {8, 2, 0, 0, 0});  // 8-bit, RGB, deflate, filter 0, no interlace
  AppendChunk(png, "IHDR", header);
  std::vector<uint8_t> row(64, 0);
  std::vector<uint8_t> packed(compressBound(row.size()));
  uLongf packed_size = packed.size();
  compress(packed.data(), &packed_size, row.data(), row.size());
  packed.resize(packed_size);
  AppendChunk(png, "IDAT", packed);
  return png;
}

// Before: 243 MB allocated, then "unexpected end of file".
TEST(DecodeBoundsTest, PngHeaderClaimingMoreThanTheFileCanHoldFailsBeforeAllocating) {
  const std::vector<uint8_t> png = TruncatedPng(9000, 9000);
  largest_allocation = 0;
  auto image = DecodePng(png.data(), png.size(), "huge.png", DecodeOptions{});
  ASSERT_FALSE(image.ok());
  EXPECT_THAT(image.status().message(), HasSubstr("huge.png: PNG declares 9000x9000"));
  EXPECT_LT(largest_allocation.load(), kSmall);
}

TEST(DecodeBoundsTest, ASmallTruncatedPngStillGetsLibpngsMessage) {
  const std::vector<uint8_t> png = TruncatedPng(20, 20);
  auto image = DecodePng(png.data(), png.size(), "small.png", DecodeOptions{});
  ASSERT_FALSE(image.ok());
  EXPECT_THAT(image.status().message(), HasSubstr("small.png: invalid PNG"));
}

// The bundled 512x512 baseline apple.jpg with its frame header patched to
// claim 9000x9000 and cut a little after its scan header. Before: the whole
// 243 MB image was allocated before the first missing row failed.
TEST(DecodeBoundsTest, JpegHeaderClaimingAHugeImageFailsAtTheFirstMissingRows) {
  std::ifstream file(std::string(EDGEBENCH_SOURCE_DIR) + "/data/images/apple.jpg",
                     std::ios::binary);
  std::vector<uint8_t> jpeg{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  size_t frame = 0, scan = 0;
  for (size_t i = 0; i + 1 < jpeg.size() && scan == 0; ++i) {
    if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xC0) frame = i;
    if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xDA) scan = i;
  }
  ASSERT_NE(frame, 0u) << "apple.jpg is expected to be baseline (SOF0)";
  ASSERT_NE(scan, 0u);
  for (size_t at : {frame + 5, frame + 7}) {  // height, then width, big-endian
    jpeg[at] = 9000 >> 8;
    jpeg[at + 1] = 9000 & 0xFF;
  }
  jpeg.resize(scan + 2 + (size_t{jpeg[scan + 2]} << 8 | jpeg[scan + 3]) + 64);

  largest_allocation = 0;
  auto image = DecodeJpeg(jpeg.data(), jpeg.size(), "huge.jpg", DecodeOptions{});
  ASSERT_FALSE(image.ok());
  EXPECT_THAT(image.status().message(), HasSubstr("huge.jpg: invalid JPEG"));
  EXPECT_LT(largest_allocation.load(), kSmall);
}

}  // namespace
}  // namespace edgebench::image
