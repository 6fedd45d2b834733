#include "bench/image_header.h"

#include <cstring>

namespace edgebench::bench {
namespace {

uint32_t BigEndian(std::span<const uint8_t> bytes, size_t at, size_t count) {
  uint32_t value = 0;
  for (size_t i = 0; i < count; ++i) value = (value << 8) | bytes[at + i];
  return value;
}

bool IsStartOfFrame(uint8_t marker) {
  // C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames.
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

// Markers without a length field: TEM, RST0-7, SOI, EOI.
bool IsStandalone(uint8_t marker) { return marker == 0x01 || (marker >= 0xD0 && marker <= 0xD9); }

Result<StoredImageSize> JpegSize(std::span<const uint8_t> bytes, const std::string& name) {
  size_t at = 2;  // after SOI
  while (at + 1 < bytes.size()) {
    if (bytes[at] != 0xFF)
      return Status::Error(name + ": JPEG marker expected at byte " + std::to_string(at));
    while (at < bytes.size() && bytes[at] == 0xFF) ++at;  // fill bytes
    if (at >= bytes.size()) break;
    const uint8_t marker = bytes[at++];
    if (IsStandalone(marker)) continue;
    if (at + 2 > bytes.size()) break;
    const size_t length = BigEndian(bytes, at, 2);  // includes its own 2 bytes
    if (length < 2) return Status::Error(name + ": bad JPEG segment length");
    if (IsStartOfFrame(marker)) {
      // length(2) precision(1) height(2) width(2)
      if (at + 7 > bytes.size()) break;
      return StoredImageSize{static_cast<int>(BigEndian(bytes, at + 5, 2)),
                             static_cast<int>(BigEndian(bytes, at + 3, 2))};
    }
    if (marker == 0xDA) return Status::Error(name + ": JPEG scan before any frame header");
    at += length;
  }
  return Status::Error(name + ": JPEG ends before its frame header");
}

Result<StoredImageSize> PngSize(std::span<const uint8_t> bytes, const std::string& name) {
  // signature(8) length(4) "IHDR"(4) width(4) height(4)
  if (bytes.size() < 24 || std::memcmp(bytes.data() + 12, "IHDR", 4) != 0) {
    return Status::Error(name + ": PNG without an IHDR chunk");
  }
  const uint32_t width = BigEndian(bytes, 16, 4), height = BigEndian(bytes, 20, 4);
  if (width > 0x7FFFFFFF || height > 0x7FFFFFFF) {
    return Status::Error(name + ": PNG size out of range");
  }
  return StoredImageSize{static_cast<int>(width), static_cast<int>(height)};
}

}  // namespace

Result<StoredImageSize> ReadStoredImageSize(std::span<const uint8_t> bytes,
                                            const std::string& name) {
  static constexpr uint8_t kPng[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  if (bytes.size() >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF) {
    return JpegSize(bytes, name);
  }
  if (bytes.size() >= 8 && std::memcmp(bytes.data(), kPng, 8) == 0) return PngSize(bytes, name);
  return Status::Error(name + ": not a JPEG or PNG image");
}

}  // namespace edgebench::bench
