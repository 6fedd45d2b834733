// Checks and arithmetic shared by the reference kernels' Prepare functions.
// Messages follow the house form: `input 1 (tensor 37 "w") is INT8, expected
// FLOAT32`; the interpreter prefixes the node.
#pragma once

#include <cstdint>
#include <initializer_list>

#include "graph/graph.h"
#include "graph/status.h"

namespace edgebench::kernels {

// Input `position` of `op` has one of `types`.
Status ExpectInputType(const graph::Graph& graph, const graph::Op& op, int position,
                       std::initializer_list<graph::DataType> types);
Status ExpectOutputType(const graph::Graph& graph, const graph::Op& op, int position,
                        graph::DataType type);
Status ExpectInputRank(const graph::Graph& graph, const graph::Op& op, int position, int rank);
// Output `position` has exactly `shape` (the file's shape must equal what the
// op computes).
Status ExpectOutputShape(const graph::Graph& graph, const graph::Op& op, int position,
                         const graph::Shape& shape);
// Input `position` is a constant tensor (weights, bias, axis, paddings).
Status ExpectConstantInput(const graph::Graph& graph, const graph::Op& op, int position);
// Per-tensor quantization (one scale, one zero point) on a tensor.
Status ExpectPerTensorQuantization(const graph::Graph& graph, int tensor);

// TFLite's output size for one spatial dimension.
int32_t ConvOutputSize(graph::Padding padding, int32_t input, int32_t filter, int32_t stride,
                       int32_t dilation);
// Padding before (top or left) for one spatial dimension; the remainder of
// the total goes after, as in TFLite.
int32_t ConvPaddingBefore(graph::Padding padding, int32_t input, int32_t filter, int32_t stride,
                          int32_t dilation);

struct FloatRange {
  float min;
  float max;
};
FloatRange FloatActivationRange(graph::Activation activation);

struct QuantizedRange {
  int32_t min;
  int32_t max;
};
// Range of quantized `type` (UINT8: 0..255, INT8: -128..127).
QuantizedRange TypeRange(graph::DataType type);
// The clamp a fused activation applies in the quantized domain of a tensor
// with per-tensor `scale` and `zero_point`.
QuantizedRange QuantizedActivationRange(graph::Activation activation, graph::DataType type,
                                        float scale, int32_t zero_point);

float TensorScale(const graph::Tensor& tensor);        // 0 when unquantized
int32_t TensorZeroPoint(const graph::Tensor& tensor);  // 0 when unquantized

}  // namespace edgebench::kernels
