// RESHAPE: the same bytes under a new shape. The target shape comes, as in
// TensorFlow Lite, from the second input when it is a 1-D INT32 tensor, else
// from the options' new_shape, else (both absent) from the output tensor's
// own shape. One dimension may be -1 and is inferred from the element count;
// graph::InferOutputShapes resolves it, the kernel only copies.
#include <memory>

#include "graph/op_validation.h"
#include "kernels/copy_kernel.h"
#include "kernels/kernel_util.h"
#include "kernels/reference_kernels.h"

namespace edgebench::kernels {

using graph::DataType;

Result<std::unique_ptr<PreparedKernel>> PrepareReshape(const graph::Graph& graph,
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
