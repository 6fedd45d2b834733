// Settings shared by the JPEG and PNG decoders.
#pragma once

#include <cstdint>

namespace edgebench::image {

struct DecodeOptions {
  // Size hint in pixels, in the displayed orientation (after EXIF rotation).
  // 0 means "full size". The JPEG decoder uses it to pick a DCT scale factor
  // (1/2, 1/4 or 1/8) that keeps the result at least this large in both
  // dimensions; it never resizes exactly, so callers still resize to the
  // model's size. The PNG decoder ignores it.
  int target_width = 0;
  int target_height = 0;

  // Rotate/flip JPEGs as their EXIF orientation tag says (the way viewers and
  // phones show them).
  bool apply_exif_orientation = true;

  // Declared images above this many pixels are refused before any pixel
  // memory is allocated (decompression-bomb protection).
  int64_t max_pixels = 100'000'000;
};

}  // namespace edgebench::image
