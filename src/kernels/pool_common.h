// Checks and window geometry shared by the reference AVERAGE_POOL_2D and
// MAX_POOL_2D kernels (NHWC, dilation 1, TensorFlow Lite's SAME/VALID).
#pragma once

#include <algorithm>
#include <cstdint>

#include "graph/graph.h"
#include "graph/status.h"
#include "kernels/kernel_util.h"

namespace edgebench::kernels {

// Sizes in elements; pad_top/pad_left are the rows/columns of implicit
// padding before the input.
struct PoolGeometry {
  int32_t batches = 0;
  int32_t input_h = 0;
  int32_t input_w = 0;
  int32_t channels = 0;
  int32_t output_h = 0;
  int32_t output_w = 0;
  int32_t filter_h = 0;
  int32_t filter_w = 0;
  int32_t stride_h = 0;
  int32_t stride_w = 0;
  int32_t pad_top = 0;
  int32_t pad_left = 0;
};

// The input rows [y_begin, y_end) and columns [x_begin, x_end) one output
// position reads: its filter window clipped to the input, as TFLite clips
// it (padding contributes nothing and is not counted).
struct PoolWindow {
  int32_t y_begin;
  int32_t y_end;
  int32_t x_begin;
  int32_t x_end;

  int32_t count() const { return (y_end - y_begin) * (x_end - x_begin); }
};

inline PoolWindow ClippedPoolWindow(const PoolGeometry& g, int32_t out_y, int32_t out_x) {
  const int32_t y0 = out_y * g.stride_h - g.pad_top;
  const int32_t x0 = out_x * g.stride_w - g.pad_left;
  return {std::max(0, y0), std::min(g.input_h, y0 + g.filter_h), std::max(0, x0),
          std::min(g.input_w, x0 + g.filter_w)};
}

inline int64_t PoolIndex(int32_t b, int32_t y, int32_t x, int32_t c, int32_t height, int32_t width,
                         int32_t channels) {
  return ((static_cast<int64_t>(b) * height + y) * width + x) * channels + c;
}

// What Prepare found: the element type, the geometry and the fused
// activation's clamp (float range for FLOAT32, quantized range otherwise).
struct PoolSetup {
  graph::DataType type = graph::DataType::kFloat32;
  PoolGeometry geometry;
  FloatRange float_range{0.0f, 0.0f};
  QuantizedRange quantized_range{0, 0};
};

// Validates a pooling op: FLOAT32/UINT8/INT8 input of rank 4, the same type
// out, positive filter and strides, a filter that fits a VALID input,
// quantized input and output with the same scale and zero point (TFLite
// requires it: pooling never rescales), and an output of exactly the
// computed shape.
Result<PoolSetup> PreparePool(const graph::Graph& graph, const graph::Op& op);

}  // namespace edgebench::kernels
