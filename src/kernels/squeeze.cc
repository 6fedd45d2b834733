// SQUEEZE: removes dimensions of size 1, the ones squeeze_dims names
// (negative counts from the end; each must have size 1) or, when it names
// none, all of them, as in TensorFlow Lite (graph::InferOutputShapes). The
// bytes are copied unchanged.
#include <memory>

#include "graph/op_validation.h"
#include "kernels/copy_kernel.h"
#include "kernels/kernel_util.h"
#include "kernels/reference_kernels.h"

namespace edgebench::kernels {

using graph::DataType;

Result<std::unique_ptr<PreparedKernel>> PrepareSqueeze(const graph::Graph& graph,
                                                       const graph::Op& op) {
  EB_RETURN_IF_ERROR(ExpectInputType(
      graph, op, 0, {DataType::kFloat32, DataType::kUInt8, DataType::kInt8, DataType::kInt32}));
  const graph::Tensor& input = graph.tensors[op.inputs[0]];
  EB_RETURN_IF_ERROR(ExpectOutputType(graph, op, 0, input.type));
  EB_RETURN_IF_ERROR(graph::CheckOutputShapes(graph, op));
  return std::unique_ptr<PreparedKernel>(
      std::make_unique<CopyKernel>(op.inputs[0], op.outputs[0], input.byte_size()));
}

}  // namespace edgebench::kernels
