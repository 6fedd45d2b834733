// JPEG decoding with libjpeg-turbo: DCT-domain downscaling, EXIF orientation,
// grayscale and CMYK to RGB, and errors as values (never exit()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "graph/status.h"
#include "image/decode_options.h"
#include "image/image.h"

namespace edgebench::image {

// Decodes the JPEG in data[0, size). `name` (a path, or "<memory>") starts
// every error message. The bytes are only read during the call.
//
// - Grayscale becomes RGB (R = G = B). CMYK and YCCK are converted to RGB:
//   with an Adobe APP14 marker the channels are taken as inverted (the way
//   Photoshop writes them, R = C * K / 255), without one as plain CMYK.
// - When options.target_* is set, libjpeg's DCT scaling (1/2, 1/4, 1/8; see
//   ChooseDctScaleDenominator) decodes a smaller image directly.
// - Errors: corrupt data, truncated files (libjpeg's "premature end" and
//   "corrupt data" warnings are errors here), unsupported color spaces, and
//   declared sizes above options.max_pixels (checked before allocating).
Result<Image> DecodeJpeg(const uint8_t* data, size_t size, const std::string& name,
                         const DecodeOptions& options);

// Reads `path` and decodes it; errors name the path.
Result<Image> DecodeJpegFile(const std::string& path, const DecodeOptions& options);

// The DCT scale denominator (1, 2, 4 or 8) for a stored width x height image
// and a target size in the same orientation: the largest reduction whose
// decoded size, ceil(width / d) x ceil(height / d), is still at least the
// target in both dimensions. 1 when either target is 0 (no hint).
int ChooseDctScaleDenominator(int width, int height, int target_width, int target_height);

}  // namespace edgebench::image
