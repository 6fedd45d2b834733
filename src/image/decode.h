// Entry points of the image pipeline: decode any supported file, optionally
// straight to a model's input size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "graph/status.h"
#include "image/decode_options.h"
#include "image/image.h"
#include "image/resize.h"

namespace edgebench::image {

enum class ImageFormat { kUnknown, kJpeg, kPng };

// Recognises the format from the first bytes: JPEG starts FF D8 FF, PNG with
// its 8-byte signature 89 'P' 'N' 'G' 0D 0A 1A 0A.
ImageFormat SniffImageFormat(const uint8_t* data, size_t size);

// Decodes JPEG or PNG bytes; `name` starts error messages.
Result<Image> DecodeImage(const uint8_t* data, size_t size, const std::string& name,
                          const DecodeOptions& options);

// Reads and decodes a file. One-line errors name the path: missing file,
// empty file, "<path>: not a JPEG or PNG image", or the decoder's error.
Result<Image> DecodeImageFile(const std::string& path, const DecodeOptions& options);

// Decode with a size hint of width x height (so a big JPEG is DCT-scaled),
// then resize to exactly width x height with `method`. Aspect ratio is not
// preserved: the image is stretched, as the benchmark's pipeline does.
Result<Image> LoadImageResized(const std::string& path, int width, int height,
                               ResizeMethod method = ResizeMethod::kAuto);

}  // namespace edgebench::image
