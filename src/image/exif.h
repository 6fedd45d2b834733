// EXIF orientation: where to find it in a JPEG's APP1 segment and how to
// apply it. Phones store pixels as the sensor saw them and record how to turn
// them for display in tag 0x0112 of the TIFF structure inside APP1 "Exif".
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "image/image.h"

namespace edgebench::image {

// EXIF orientation values (TIFF 6.0 / EXIF 2.3, tag 0x0112), named by the
// transform that turns the stored pixels into the displayed image.
enum class Orientation : int {
  kNormal = 1,
  kFlipHorizontal = 2,
  kRotate180 = 3,
  kFlipVertical = 4,
  kTranspose = 5,    // flip horizontal, then rotate 90 counter-clockwise
  kRotate90Cw = 6,   // rotate 90 clockwise
  kTransverse = 7,   // flip horizontal, then rotate 90 clockwise
  kRotate90Ccw = 8,  // rotate 90 counter-clockwise
};

// Reads the orientation tag from an APP1 payload (the bytes after the
// segment length, starting with "Exif\0\0"). Returns nullopt when there is no
// orientation tag, the payload is not Exif, or the structure is malformed
// (offsets out of range, bad byte-order mark, value outside 1..8): a hostile
// or broken segment is ignored, never read out of bounds. `data` is only read
// during the call.
std::optional<Orientation> ParseExifOrientation(const uint8_t* data, size_t size);

// True when the orientation swaps width and height (5 to 8).
bool SwapsAxes(Orientation orientation);

// Returns `image` turned for display. kNormal returns a copy.
Image ApplyOrientation(const Image& image, Orientation orientation);

}  // namespace edgebench::image
