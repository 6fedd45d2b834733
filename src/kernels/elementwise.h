// Checks shared by the element-wise reference kernels (ADD, MUL, LOGISTIC,
// RELU, RELU6, SOFTMAX, QUANTIZE, DEQUANTIZE).
#pragma once

#include <cstdint>
#include <initializer_list>

#include "graph/graph.h"
#include "graph/status.h"

namespace edgebench::kernels {

// Per-tensor quantization (one positive scale, one zero point) with the zero
// point inside the range of the tensor's UINT8 or INT8 type, so that
// (q - zero_point) fits comfortably in 32-bit arithmetic.
Status Expect8BitQuantization(const graph::Graph& graph, int tensor);

// The tensors of a one-input, one-output op whose output has the input's
// shape.
struct UnaryOperands {
  int input = 0;
  int output = 0;
  graph::DataType type = graph::DataType::kFloat32;  // the input's
  int64_t num_elements = 0;
};

// Checks that input 0 has one of `types`, the output has the same type and
// shape, and 8-bit tensors carry per-tensor quantization.
Result<UnaryOperands> PrepareUnaryOperands(const graph::Graph& graph, const graph::Op& op,
                                           std::initializer_list<graph::DataType> types);

}  // namespace edgebench::kernels
