#include "image/decode.h"

#include <algorithm>
#include <vector>

#include "image/file_bytes.h"
#include "image/jpeg_decoder.h"
#include "image/png_decoder.h"

namespace edgebench::image {

ImageFormat SniffImageFormat(const uint8_t* data, size_t size) {
  static constexpr uint8_t kPng[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  if (size >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) return ImageFormat::kJpeg;
  if (size >= sizeof(kPng) && std::equal(kPng, kPng + sizeof(kPng), data)) return ImageFormat::kPng;
  return ImageFormat::kUnknown;
}

Result<Image> DecodeImage(const uint8_t* data, size_t size, const std::string& name,
                          const DecodeOptions& options) {
  if (size == 0) return Status::Error(name + ": empty file");
  switch (SniffImageFormat(data, size)) {
    case ImageFormat::kJpeg: return DecodeJpeg(data, size, name, options);
    case ImageFormat::kPng: return DecodePng(data, size, name, options);
    case ImageFormat::kUnknown: break;
  }
  return Status::Error(name + ": not a JPEG or PNG image");
}

Result<Image> DecodeImageFile(const std::string& path, const DecodeOptions& options) {
  EB_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, ReadFileBytes(path));
  return DecodeImage(bytes.data(), bytes.size(), path, options);
}

Result<Image> LoadImageResized(const std::string& path, int width, int height,
                               ResizeMethod method) {
  DecodeOptions options;
  options.target_width = width;
  options.target_height = height;
  EB_ASSIGN_OR_RETURN(Image decoded, DecodeImageFile(path, options));
  if (decoded.width == width && decoded.height == height) return decoded;
  return Resize(decoded, width, height, method);
}

}  // namespace edgebench::image
