#include "kernels/broadcast.h"

#include <fmt/format.h>

#include <algorithm>

#include "graph/op_validation.h"
#include "kernels/elementwise.h"
#include "kernels/kernel_util.h"

namespace edgebench::kernels {

using graph::DataType;
using graph::Shape;

namespace {

// Dimension `i` counted from the right, 1 where the shape has fewer dims.
int32_t DimFromRight(const Shape& shape, size_t i) {
  return i < shape.size() ? shape[shape.size() - 1 - i] : 1;
}

// Row-major element strides of `shape` aligned to an output of `rank`
// dimensions, 0 along dimensions the input repeats.
std::array<int64_t, kMaxBroadcastRank> BroadcastStrides(const Shape& shape, int rank) {
  std::array<int64_t, kMaxBroadcastRank> strides{};
  int64_t stride = 1;
  for (int i = 0; i < rank; ++i) {
    const int32_t dim = DimFromRight(shape, static_cast<size_t>(i));
    strides[rank - 1 - i] = dim == 1 ? 0 : stride;
    stride *= dim;
  }
  return strides;
}

}  // namespace

Result<BroadcastPlan> MakeBroadcastPlan(const Shape& a, const Shape& b) {
  EB_ASSIGN_OR_RETURN(Shape output, graph::BroadcastShape(a, b));
  if (output.size() > static_cast<size_t>(kMaxBroadcastRank)) {
    return Status::Error(fmt::format("input shapes {} and {} have rank {}, at most {} supported",
                                     graph::ShapeToString(a), graph::ShapeToString(b),
                                     output.size(), kMaxBroadcastRank));
  }
  if (output.empty()) output = {1};
  BroadcastPlan plan;
  plan.rank = static_cast<int>(output.size());
  std::copy(output.begin(), output.end(), plan.shape.begin());
  plan.stride1 = BroadcastStrides(a, plan.rank);
  plan.stride2 = BroadcastStrides(b, plan.rank);
  plan.num_elements = graph::NumElements(output);
  plan.same_shape =
      graph::NumElements(a) == plan.num_elements && graph::NumElements(b) == plan.num_elements;
  return plan;
}

Result<BinaryOperands> PrepareBinaryOperands(const graph::Graph& graph, const graph::Op& op) {
  BinaryOperands operands;
  operands.input1 = op.inputs[0];
  operands.input2 = op.inputs[1];
  operands.output = op.outputs[0];
  EB_RETURN_IF_ERROR(
      ExpectInputType(graph, op, 0, {DataType::kFloat32, DataType::kUInt8, DataType::kInt8}));
  operands.type = graph.tensors[operands.input1].type;
  EB_RETURN_IF_ERROR(ExpectInputType(graph, op, 1, {operands.type}));
  EB_RETURN_IF_ERROR(ExpectOutputType(graph, op, 0, operands.type));

  const Shape& shape1 = graph.tensors[operands.input1].shape;
  const Shape& shape2 = graph.tensors[operands.input2].shape;
  EB_RETURN_IF_ERROR(graph::CheckOutputShapes(graph, op));
  EB_ASSIGN_OR_RETURN(operands.plan, MakeBroadcastPlan(shape1, shape2));

  if (operands.type != DataType::kFloat32) {
    for (int tensor : {operands.input1, operands.input2, operands.output}) {
      EB_RETURN_IF_ERROR(Expect8BitQuantization(graph, tensor));
    }
  }
  return operands;
}

}  // namespace edgebench::kernels
