// SQUEEZE: removes dimensions of size 1, the ones squeeze_dims names
// (negative counts from the end; each must have size 1) or, when it names
// none, all of them, as in TensorFlow Lite. The bytes are copied unchanged.
#include <fmt/format.h>

#include <memory>
#include <variant>
#include <vector>

#include "kernels/copy_kernel.h"
#include "kernels/kernel_util.h"
#include "kernels/reference_kernels.h"

namespace edgebench::kernels {
namespace {

using graph::DataType;

// Which dimensions of input 0 the op removes.
Result<std::vector<bool>> SqueezedDims(const graph::Graph& graph, const graph::Op& op,
                                       const std::vector<int32_t>& squeeze_dims) {
  const graph::Shape& shape = graph.tensors[op.inputs[0]].shape;
  const int rank = static_cast<int>(shape.size());
  std::vector<bool> squeezed(shape.size(), false);
  if (squeeze_dims.empty()) {
    for (int d = 0; d < rank; ++d) squeezed[d] = shape[d] == 1;
    return squeezed;
  }
  for (int32_t dim : squeeze_dims) {
    const int d = dim < 0 ? dim + rank : dim;
    if (d < 0 || d >= rank) {
      return Status::Error(fmt::format(
          "squeeze dimension {} is out of range for input 0 ({}) "
          "of shape {}",
          dim, graph::DescribeTensor(graph, op.inputs[0]), graph::ShapeToString(shape)));
    }
    if (shape[d] != 1) {
      return Status::Error(fmt::format(
          "squeeze dimension {} of input 0 ({}) of shape {} has size {}, expected 1", dim,
          graph::DescribeTensor(graph, op.inputs[0]), graph::ShapeToString(shape), shape[d]));
    }
    squeezed[d] = true;
  }
  return squeezed;
}

}  // namespace

Result<std::unique_ptr<PreparedKernel>> PrepareSqueeze(const graph::Graph& graph,
                                                       const graph::Op& op) {
  const auto* options = std::get_if<graph::SqueezeOptions>(&op.options);
  if (options == nullptr) return Status::Error("carries no SQUEEZE options");
  EB_RETURN_IF_ERROR(ExpectInputType(
      graph, op, 0, {DataType::kFloat32, DataType::kUInt8, DataType::kInt8, DataType::kInt32}));
  const graph::Tensor& input = graph.tensors[op.inputs[0]];
  EB_RETURN_IF_ERROR(ExpectOutputType(graph, op, 0, input.type));
  EB_ASSIGN_OR_RETURN(const std::vector<bool> squeezed,
                      SqueezedDims(graph, op, options->squeeze_dims));
  graph::Shape shape;
  for (size_t d = 0; d < input.shape.size(); ++d) {
    if (!squeezed[d]) shape.push_back(input.shape[d]);
  }
  EB_RETURN_IF_ERROR(ExpectOutputShape(graph, op, 0, shape));
  return std::unique_ptr<PreparedKernel>(
      std::make_unique<CopyKernel>(op.inputs[0], op.outputs[0], input.byte_size()));
}

}  // namespace edgebench::kernels
