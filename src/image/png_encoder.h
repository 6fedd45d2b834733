// PNG encoding with libpng: an Image written as an 8-bit RGB PNG, for
// pictures the tool produces (photos with detections drawn on them).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/status.h"
#include "image/image.h"

namespace edgebench::image {

// The PNG bytes of `image` (8-bit RGB, not interlaced, default compression).
// `name` starts error messages. Fails on an empty image or one whose pixel
// buffer does not hold width * height * 3 bytes.
Result<std::vector<uint8_t>> EncodePng(const Image& image, const std::string& name);

// Writes `image` to `path` with fileio::WriteFileSafely: a reader never sees
// half a PNG and a failure leaves any old file untouched. One-line errors
// name `path` and the system's reason (e.g. a missing or read-only folder).
Status WritePngFile(const Image& image, const std::string& path);

}  // namespace edgebench::image
