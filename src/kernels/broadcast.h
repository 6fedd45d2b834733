// NumPy-style broadcasting for the element-wise binary ops (ADD, MUL), and
// the checks both ops share. A BroadcastPlan is made once in Prepare; walking
// it in Run never allocates.
#pragma once

#include <array>
#include <cstdint>

#include "graph/graph.h"
#include "graph/status.h"

namespace edgebench::kernels {

inline constexpr int kMaxBroadcastRank = 8;

struct BroadcastPlan {
  // Output dimensions; rank-0 (scalar) outputs are walked as shape [1].
  int rank = 1;
  std::array<int32_t, kMaxBroadcastRank> shape{};
  // Element strides of each input along each output dimension; 0 where that
  // input has size 1 and is repeated.
  std::array<int64_t, kMaxBroadcastRank> stride1{};
  std::array<int64_t, kMaxBroadcastRank> stride2{};
  int64_t num_elements = 0;
  // Both inputs already have the output's shape: a flat loop suffices.
  bool same_shape = false;
};

// Plan for inputs of shapes `a` and `b`; errors as graph::BroadcastShape, or when
// the result has more than kMaxBroadcastRank dimensions.
Result<BroadcastPlan> MakeBroadcastPlan(const graph::Shape& a, const graph::Shape& b);

// Calls f(output_index, input1_index, input2_index) for every output element,
// in row-major order of the output.
template <typename F>
void ForEachBroadcastIndex(const BroadcastPlan& plan, F&& f) {
  if (plan.num_elements == 0) return;
  if (plan.same_shape) {
    for (int64_t i = 0; i < plan.num_elements; ++i) f(i, i, i);
    return;
  }
  const int inner_dim = plan.rank - 1;
  const int32_t inner_size = plan.shape[inner_dim];
  const int64_t inner_stride1 = plan.stride1[inner_dim];
  const int64_t inner_stride2 = plan.stride2[inner_dim];
  std::array<int32_t, kMaxBroadcastRank> counter{};
  int64_t out = 0;
  int64_t base1 = 0;
  int64_t base2 = 0;
  while (true) {
    for (int32_t k = 0; k < inner_size; ++k) {
      f(out++, base1 + k * inner_stride1, base2 + k * inner_stride2);
    }
    // Advance the outer dimensions like an odometer.
    int dim = inner_dim - 1;
    for (; dim >= 0; --dim) {
      ++counter[dim];
      base1 += plan.stride1[dim];
      base2 += plan.stride2[dim];
      if (counter[dim] < plan.shape[dim]) break;
      base1 -= plan.stride1[dim] * plan.shape[dim];
      base2 -= plan.stride2[dim] * plan.shape[dim];
      counter[dim] = 0;
    }
    if (dim < 0) return;
  }
}

// What ADD and MUL share after validation: tensor indices, the element type
// and the broadcast plan.
struct BinaryOperands {
  int input1 = 0;
  int input2 = 0;
  int output = 0;
  graph::DataType type = graph::DataType::kFloat32;
  BroadcastPlan plan;
};

// Checks an ADD or MUL: both inputs and the output have the same type, one of
// FLOAT32, UINT8 or INT8; the inputs broadcast and the output has the
// broadcast shape; quantized tensors carry per-tensor quantization with
// in-range zero points.
Result<BinaryOperands> PrepareBinaryOperands(const graph::Graph& graph, const graph::Op& op);

}  // namespace edgebench::kernels
