// Checks and fixed-point parameters shared by the reference CONV_2D,
// DEPTHWISE_CONV_2D and FULLY_CONNECTED kernels: the three ops take (input,
// weights, optional bias) and rescale an int32 accumulator the same way.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "graph/graph.h"
#include "graph/status.h"
#include "kernels/kernel_util.h"
#include "kernels/quantization.h"

namespace edgebench::kernels {

inline constexpr int kConvInput = 0;
inline constexpr int kConvWeights = 1;
inline constexpr int kConvBias = 2;

// Checks input 0, weights and output 0 for a type the kernels run (FLOAT32,
// UINT8, INT8), all the same; returns that type.
Result<graph::DataType> CheckConvTypes(const graph::Graph& graph, const graph::Op& op);

// The bias, when present, is FLOAT32 for float ops and INT32 for quantized
// ones (graph::CheckOutputShapes checks that it holds one value per channel).
Status CheckBiasType(const graph::Graph& graph, const graph::Op& op, graph::DataType input_type);

// Bias tensor index, or kNoTensor when the op has none.
int BiasTensor(const graph::Op& op);

// Everything a quantized kernel needs to turn an int32 accumulator of
// (input + input_offset) * (weights + weights_offset) products into output
// values, as TensorFlow Lite does.
struct ConvQuantization {
  int32_t input_offset = 0;    // minus the input zero point
  int32_t weights_offset = 0;  // minus the weights zero point (0 for INT8)
  int32_t output_offset = 0;   // the output zero point
  // One per output channel; per-tensor weights repeat the same value, which
  // gives the result TFLite's per-tensor path computes.
  std::vector<QuantizedMultiplier> multipliers;
  QuantizedRange clamp{0, 0};  // fused activation in the output's domain
};

// Validates the quantization of input, weights and output and computes the
// per-channel multipliers in_scale * w_scale[c] / out_scale. UINT8 weights
// must be per-tensor; INT8 weights are per-tensor or per-channel along
// `channel_axis` with zero point 0. `channels` is the output channel count.
Result<ConvQuantization> PrepareConvQuantization(const graph::Graph& graph, const graph::Op& op,
                                                 int channel_axis, int32_t channels,
                                                 graph::Activation activation);

// Rescales one accumulator (already holding the bias) of output channel
// `channel` to the output type's integer domain, clamped.
inline int32_t Requantize(int32_t accumulator, int32_t channel, const ConvQuantization& q) {
  const int32_t scaled = MultiplyByQuantizedMultiplier(accumulator, q.multipliers[channel]);
  return std::clamp(scaled + q.output_offset, q.clamp.min, q.clamp.max);
}

// Spatial layout of a 2-D convolution over NHWC tensors, fixed at Prepare.
struct ConvGeometry {
  int32_t batches = 0;
  int32_t input_h = 0;
  int32_t input_w = 0;
  int32_t input_c = 0;
  int32_t filter_h = 0;
  int32_t filter_w = 0;
  int32_t output_h = 0;
  int32_t output_w = 0;
  int32_t output_c = 0;
  int32_t stride_h = 1;
  int32_t stride_w = 1;
  int32_t dilation_h = 1;
  int32_t dilation_w = 1;
  int32_t pad_top = 0;
  int32_t pad_left = 0;
};

struct ConvWindow {
  graph::Padding padding;
  int32_t stride_h;
  int32_t stride_w;
  int32_t dilation_h;
  int32_t dilation_w;
};

// Fills everything but the channels from the rank-4 input (N,H,W,C), the
// filter's spatial size and the window options, for an op that passed
// graph::CheckOutputShapes (strides, dilations and the window's fit).
ConvGeometry ComputeConvGeometry(const graph::Graph& graph, const graph::Op& op, int32_t filter_h,
                                 int32_t filter_w, const ConvWindow& window);

}  // namespace edgebench::kernels
