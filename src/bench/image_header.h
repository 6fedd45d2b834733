// The stored size of a JPEG or PNG read from its header alone, so a result
// can record the photo's original size without a second full decode (the
// benchmark decodes it DCT-scaled).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "graph/status.h"

namespace edgebench::bench {

struct StoredImageSize {
  int width = 0;  // pixels, as stored: before any EXIF rotation
  int height = 0;
};

// JPEG: the first start-of-frame (SOF0..SOF15 but DHT, JPG and DAC) marker's
// size; PNG: the IHDR chunk's. Errors start with `name`.
Result<StoredImageSize> ReadStoredImageSize(std::span<const uint8_t> bytes,
                                            const std::string& name);

}  // namespace edgebench::bench
