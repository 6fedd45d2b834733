// PNG decoding with libpng: every PNG flavour to 8-bit RGB, errors as values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "graph/status.h"
#include "image/decode_options.h"
#include "image/image.h"

namespace edgebench::image {

// Decodes the PNG in data[0, size). `name` (a path, or "<memory>") starts
// every error message. The bytes are only read during the call.
//
// - Gray (1/2/4/8/16-bit), gray+alpha, palette, RGB and RGBA, interlaced or
//   not, all become 8-bit RGB. 16-bit samples are scaled to 8 bits with
//   rounding (v * 255 / 65535), not truncated.
// - Alpha (including palette transparency) is DROPPED, not composited: the
//   colour channels are kept as stored, which is what TensorFlow Lite's
//   example pipelines feed to a 3-channel model.
// - No gamma or colour-profile correction is applied.
// - A declared width x height above options.max_pixels is refused before
//   any pixel memory is allocated (PNG bomb protection).
// options.target_* are ignored (PNG has no cheap downscaled decode).
Result<Image> DecodePng(const uint8_t* data, size_t size, const std::string& name,
                        const DecodeOptions& options);

// Reads `path` and decodes it; errors name the path.
Result<Image> DecodePngFile(const std::string& path, const DecodeOptions& options);

}  // namespace edgebench::image
