#include "image/tensor_input.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

namespace edgebench::image {
namespace {

using graph::DataType;
using graph::Tensor;

std::string Describe(const Tensor& tensor) {
  return "input tensor \"" + tensor.name + "\" " + graph::DataTypeName(tensor.type) +
         graph::ShapeToString(tensor.shape);
}

bool IsQuantizedType(DataType type) { return type == DataType::kUInt8 || type == DataType::kInt8; }

float NormalizedPixel(int x) { return (static_cast<float>(x) - 127.5f) / 127.5f; }

// The 256 possible outputs for one input tensor, so the per-pixel loop is a
// table lookup; each entry holds the element's bytes (1 or 4).
struct PixelTable {
  uint8_t bytes[256][4];
  size_t element_size;
};

PixelTable BuildTable(const Tensor& tensor, PixelMapping mapping) {
  PixelTable table{};
  table.element_size = graph::DataTypeSize(tensor.type);
  for (int x = 0; x < 256; ++x) {
    if (tensor.type == DataType::kFloat32) {
      const float v = NormalizedPixel(x);
      std::memcpy(table.bytes[x], &v, sizeof(v));
      continue;
    }
    const bool is_uint8 = tensor.type == DataType::kUInt8;
    int q;
    if (mapping == PixelMapping::kRawBytes) {
      q = is_uint8 ? x : x - 128;
    } else {
      const float scale = tensor.quantization.scale[0];
      const auto zero_point = static_cast<int>(tensor.quantization.zero_point[0]);
      q = static_cast<int>(std::round(NormalizedPixel(x) / scale)) + zero_point;
      q = is_uint8 ? std::clamp(q, 0, 255) : std::clamp(q, -128, 127);
    }
    table.bytes[x][0] = static_cast<uint8_t>(is_uint8 ? q : static_cast<int8_t>(q));
  }
  return table;
}

}  // namespace

const char* PixelMappingName(PixelMapping mapping) {
  switch (mapping) {
    case PixelMapping::kAuto: return "auto";
    case PixelMapping::kNormalize: return "normalize";
    case PixelMapping::kRawBytes: return "raw-bytes";
  }
  return "?";
}

bool IsUnitRangeQuantization(const Tensor& tensor) {
  if (!IsQuantizedType(tensor.type) || tensor.quantization.scale.size() != 1 ||
      tensor.quantization.zero_point.size() != 1) {
    return false;
  }
  const double scale = tensor.quantization.scale[0];
  const double zero_point = static_cast<double>(tensor.quantization.zero_point[0]);
  const double lowest = tensor.type == DataType::kUInt8 ? 0 : -128;
  const double real_low = scale * (lowest - zero_point);
  const double real_high = scale * (lowest + 255 - zero_point);
  return std::abs(real_low + 1) < 0.02 && std::abs(real_high - 1) < 0.02;
}

PixelMapping ResolvePixelMapping(const Tensor& tensor, PixelMapping mapping) {
  if (mapping != PixelMapping::kAuto) return mapping;
  return IsUnitRangeQuantization(tensor) ? PixelMapping::kRawBytes : PixelMapping::kNormalize;
}

Status CheckInputTensor(const Tensor& tensor, const Image& image) {
  const auto& s = tensor.shape;
  if (s.size() != 4 || s[0] != 1 || s[3] != Image::kChannels) {
    return Status::Error(Describe(tensor) + ": expected shape [1,height,width,3]");
  }
  if (s[1] != image.height || s[2] != image.width) {
    return Status::Error(Describe(tensor) + ": image is " + std::to_string(image.width) + "x" +
                         std::to_string(image.height) + ", expected " + std::to_string(s[2]) + "x" +
                         std::to_string(s[1]) + " (resize it first)");
  }
  if (tensor.type != DataType::kFloat32 && !IsQuantizedType(tensor.type)) {
    return Status::Error(Describe(tensor) + ": expected FLOAT32, UINT8 or INT8");
  }
  if (IsQuantizedType(tensor.type) &&
      (tensor.quantization.scale.size() != 1 || tensor.quantization.zero_point.size() != 1 ||
       !(tensor.quantization.scale[0] > 0))) {
    return Status::Error(Describe(tensor) +
                         ": expected one positive scale and one zero point (per-tensor)");
  }
  return Status::Ok();
}

Status WriteInputTensor(const Image& image, const Tensor& tensor, PixelMapping mapping,
                        uint8_t* dst, size_t dst_bytes) {
  EB_RETURN_IF_ERROR(CheckInputTensor(tensor, image));
  if (dst_bytes != tensor.byte_size()) {
    return Status::Error(Describe(tensor) + ": destination has " + std::to_string(dst_bytes) +
                         " bytes, expected " + std::to_string(tensor.byte_size()));
  }
  const PixelMapping resolved = ResolvePixelMapping(tensor, mapping);
  if (resolved == PixelMapping::kRawBytes && !IsQuantizedType(tensor.type)) {
    return Status::Error(Describe(tensor) + ": raw-bytes mapping needs a UINT8 or INT8 input");
  }
  const PixelTable table = BuildTable(tensor, resolved);
  for (size_t i = 0; i < image.pixels.size(); ++i) {
    std::memcpy(dst + i * table.element_size, table.bytes[image.pixels[i]], table.element_size);
  }
  return Status::Ok();
}

Result<std::vector<uint8_t>> ImageToInputTensor(const Image& image, const Tensor& tensor,
                                                PixelMapping mapping) {
  EB_RETURN_IF_ERROR(CheckInputTensor(tensor, image));
  std::vector<uint8_t> bytes(tensor.byte_size());
  EB_RETURN_IF_ERROR(WriteInputTensor(image, tensor, mapping, bytes.data(), bytes.size()));
  return bytes;
}

}  // namespace edgebench::image
