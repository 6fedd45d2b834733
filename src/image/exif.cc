#include "image/exif.h"

#include <cstring>

namespace edgebench::image {
namespace {

constexpr uint16_t kOrientationTag = 0x0112;
constexpr uint16_t kTypeShort = 3;
constexpr uint16_t kTypeLong = 4;
constexpr size_t kEntryBytes = 12;

// Bounds-checked reader over the TIFF block; every read says whether it fit.
class TiffReader {
 public:
  TiffReader(const uint8_t* data, size_t size, bool big_endian)
      : data_(data), size_(size), big_endian_(big_endian) {}

  bool U16(size_t offset, uint16_t* out) const {
    if (offset > size_ || size_ - offset < 2) return false;
    const uint8_t* p = data_ + offset;
    *out = big_endian_ ? static_cast<uint16_t>(p[0] << 8 | p[1])
                       : static_cast<uint16_t>(p[1] << 8 | p[0]);
    return true;
  }

  bool U32(size_t offset, uint32_t* out) const {
    if (offset > size_ || size_ - offset < 4) return false;
    const uint8_t* p = data_ + offset;
    *out = big_endian_ ? (uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3])
                       : (uint32_t{p[3]} << 24 | uint32_t{p[2]} << 16 | uint32_t{p[1]} << 8 | p[0]);
    return true;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  bool big_endian_;
};

std::optional<Orientation> ToOrientation(uint32_t value) {
  if (value < 1 || value > 8) return std::nullopt;
  return static_cast<Orientation>(value);
}

}  // namespace

std::optional<Orientation> ParseExifOrientation(const uint8_t* data, size_t size) {
  static constexpr uint8_t kExifHeader[6] = {'E', 'x', 'i', 'f', 0, 0};
  if (data == nullptr || size < sizeof(kExifHeader) + 8) return std::nullopt;
  if (std::memcmp(data, kExifHeader, sizeof(kExifHeader)) != 0) return std::nullopt;
  const uint8_t* tiff = data + sizeof(kExifHeader);
  const size_t tiff_size = size - sizeof(kExifHeader);

  bool big_endian;
  if (tiff[0] == 'M' && tiff[1] == 'M') {
    big_endian = true;
  } else if (tiff[0] == 'I' && tiff[1] == 'I') {
    big_endian = false;
  } else {
    return std::nullopt;
  }
  const TiffReader reader(tiff, tiff_size, big_endian);
  uint16_t magic = 0;
  uint32_t ifd_offset = 0;
  if (!reader.U16(2, &magic) || magic != 42 || !reader.U32(4, &ifd_offset)) return std::nullopt;

  // Only IFD0 holds the orientation of the main image; IFD1 is the thumbnail.
  uint16_t entry_count = 0;
  if (!reader.U16(ifd_offset, &entry_count)) return std::nullopt;
  const size_t first_entry = size_t{ifd_offset} + 2;
  if (first_entry + size_t{entry_count} * kEntryBytes > tiff_size) return std::nullopt;

  for (size_t i = 0; i < entry_count; ++i) {
    const size_t entry = first_entry + i * kEntryBytes;
    uint16_t tag = 0, type = 0;
    uint32_t count = 0;
    if (!reader.U16(entry, &tag) || tag != kOrientationTag) continue;
    if (!reader.U16(entry + 2, &type) || !reader.U32(entry + 4, &count) || count != 1) {
      return std::nullopt;
    }
    // A single SHORT or LONG sits in the entry's 4-byte value field.
    if (type == kTypeShort) {
      uint16_t value = 0;
      if (!reader.U16(entry + 8, &value)) return std::nullopt;
      return ToOrientation(value);
    }
    if (type == kTypeLong) {
      uint32_t value = 0;
      if (!reader.U32(entry + 8, &value)) return std::nullopt;
      return ToOrientation(value);
    }
    return std::nullopt;
  }
  return std::nullopt;
}

bool SwapsAxes(Orientation orientation) { return static_cast<int>(orientation) >= 5; }

Image ApplyOrientation(const Image& image, Orientation orientation) {
  const int w = image.width;
  const int h = image.height;
  const bool swap = SwapsAxes(orientation);
  Image out(swap ? h : w, swap ? w : h);
  for (int y = 0; y < out.height; ++y) {
    for (int x = 0; x < out.width; ++x) {
      // (sx, sy): the stored pixel shown at displayed position (x, y).
      int sx = x, sy = y;
      switch (orientation) {
        case Orientation::kNormal: break;
        case Orientation::kFlipHorizontal: sx = w - 1 - x; break;
        case Orientation::kRotate180:
          sx = w - 1 - x;
          sy = h - 1 - y;
          break;
        case Orientation::kFlipVertical: sy = h - 1 - y; break;
        case Orientation::kTranspose:
          sx = y;
          sy = x;
          break;
        case Orientation::kRotate90Cw:
          sx = y;
          sy = h - 1 - x;
          break;
        case Orientation::kTransverse:
          sx = w - 1 - y;
          sy = h - 1 - x;
          break;
        case Orientation::kRotate90Ccw:
          sx = w - 1 - y;
          sy = x;
          break;
      }
      std::memcpy(&out.at(x, y, 0), image.row(sy) + sx * Image::kChannels, Image::kChannels);
    }
  }
  return out;
}

}  // namespace edgebench::image
