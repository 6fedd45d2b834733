// Turns a decoded, already resized RGB image into the bytes of a model's
// input tensor ([1, height, width, 3], NHWC, RGB order).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "graph/status.h"
#include "graph/tensor.h"
#include "image/image.h"

namespace edgebench::image {

// How a pixel byte x (0..255) becomes a tensor element.
enum class PixelMapping {
  // The TensorFlow Lite convention for these detectors:
  //   float32      -> kNormalize
  //   uint8 / int8 -> kRawBytes when the tensor's quantization maps the type's
  //                   range onto about [-1, 1] (IsUnitRangeQuantization), as
  //                   the SSD models' input does (scale 1/128, zero point 128:
  //                   real = (x - 128) / 128); otherwise kNormalize.
  kAuto,
  // real = (x - 127.5) / 127.5, in [-1, 1]; for quantized tensors then
  // q = round(real / scale) + zero_point (half away from zero), clamped to the
  // type's range. With scale 1/128 and zero point 128 this gives q = x for
  // x <= 127 and q = x + 1 for 128 <= x <= 254 (255 stays 255 by clamping):
  // the two conventions differ by half a step at 127.5 vs 128.
  kNormalize,
  // The pixel byte is the quantized value: uint8 q = x, int8 q = x - 128.
  // This is what TensorFlow Lite's example apps feed uint8 SSD models.
  // Only for quantized tensors.
  kRawBytes,
};

const char* PixelMappingName(PixelMapping mapping);  // "auto", "normalize", "raw-bytes"

// True when a per-tensor uint8/int8 quantization maps the type's lowest and
// highest value to within 0.02 of -1 and +1.
bool IsUnitRangeQuantization(const graph::Tensor& tensor);

// kAuto resolved for `tensor` (kNormalize or kRawBytes).
PixelMapping ResolvePixelMapping(const graph::Tensor& tensor, PixelMapping mapping);

// Checks that `tensor` can take `image`: shape [1, image.height,
// image.width, 3], type FLOAT32, UINT8 or INT8, per-tensor quantization for
// the quantized types. Errors name the tensor and its shape.
Status CheckInputTensor(const graph::Tensor& tensor, const Image& image);

// Writes the tensor's bytes into dst[0, dst_bytes); dst_bytes must be
// tensor.byte_size(). Does not allocate (for the per-inference path).
Status WriteInputTensor(const Image& image, const graph::Tensor& tensor, PixelMapping mapping,
                        uint8_t* dst, size_t dst_bytes);

// Same, into a new buffer of tensor.byte_size() bytes.
Result<std::vector<uint8_t>> ImageToInputTensor(const Image& image, const graph::Tensor& tensor,
                                                PixelMapping mapping = PixelMapping::kAuto);

}  // namespace edgebench::image
