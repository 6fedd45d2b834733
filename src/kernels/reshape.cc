// RESHAPE: the same bytes under a new shape. The target shape comes, as in
// TensorFlow Lite, from the second input when it is a 1-D INT32 tensor, else
// from the options' new_shape, else (both absent) from the output tensor's
// own shape. One dimension may be -1 and is inferred from the element count.
#include <fmt/format.h>

#include <memory>
#include <variant>

#include "kernels/copy_kernel.h"
#include "kernels/kernel_util.h"
#include "kernels/reference_kernels.h"

namespace edgebench::kernels {
namespace {

using graph::DataType;

bool HasShapeInput(const graph::Graph& graph, const graph::Op& op) {
  if (op.inputs.size() < 2) return false;
  const graph::Tensor& shape = graph.tensors[op.inputs[1]];
  return shape.type == DataType::kInt32 && shape.shape.size() == 1;
}

// The requested shape, possibly holding one -1.
Result<graph::Shape> RequestedShape(const graph::Graph& graph, const graph::Op& op,
                                    const graph::ReshapeOptions& options) {
  if (HasShapeInput(graph, op)) {
    // A computed shape tensor would make the output's size data-dependent,
    // which a statically planned graph cannot have.
    EB_RETURN_IF_ERROR(ExpectConstantInput(graph, op, 1));
    const graph::Tensor& tensor = graph.tensors[op.inputs[1]];
    graph::Shape shape(static_cast<size_t>(tensor.num_elements()));
    if (!shape.empty()) std::memcpy(shape.data(), tensor.data, shape.size() * sizeof(int32_t));
    return shape;
  }
  if (!options.new_shape.empty()) {
    // Old converters wrote [0] for a scalar; TFLite reads it so.
    if (options.new_shape == graph::Shape{0}) return graph::Shape{};
    return options.new_shape;
  }
  return graph.tensors[op.outputs[0]].shape;
}

// Replaces a -1 with the size that keeps the element count; checks counts.
Result<graph::Shape> ResolveShape(const graph::Graph& graph, const graph::Op& op,
                                  graph::Shape shape) {
  const graph::Tensor& input = graph.tensors[op.inputs[0]];
  int stretch = -1;
  int64_t known = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1 && stretch == -1) {
      stretch = static_cast<int>(i);
    } else if (shape[i] < 0) {
      return Status::Error(fmt::format("target shape {} may hold one -1 and no other negative",
                                       graph::ShapeToString(shape)));
    } else {
      known *= shape[i];
    }
  }
  if (stretch != -1 && known > 0 && input.num_elements() % known == 0) {
    shape[stretch] = static_cast<int32_t>(input.num_elements() / known);
    known *= shape[stretch];
  }
  if (stretch != -1 && shape[stretch] == -1) {
    return Status::Error(fmt::format("target shape {} cannot hold the {} elements of input 0 ({})",
                                     graph::ShapeToString(shape), input.num_elements(),
                                     graph::DescribeTensor(graph, op.inputs[0])));
  }
  if (known != input.num_elements()) {
    return Status::Error(
        fmt::format("target shape {} has {} elements but input 0 ({}) of shape {} has {}",
                    graph::ShapeToString(shape), known, graph::DescribeTensor(graph, op.inputs[0]),
                    graph::ShapeToString(input.shape), input.num_elements()));
  }
  return shape;
}

}  // namespace

Result<std::unique_ptr<PreparedKernel>> PrepareReshape(const graph::Graph& graph,
                                                       const graph::Op& op) {
  const auto* options = std::get_if<graph::ReshapeOptions>(&op.options);
  if (options == nullptr) return Status::Error("carries no RESHAPE options");
  EB_RETURN_IF_ERROR(ExpectInputType(
      graph, op, 0, {DataType::kFloat32, DataType::kUInt8, DataType::kInt8, DataType::kInt32}));
  const graph::Tensor& input = graph.tensors[op.inputs[0]];
  EB_RETURN_IF_ERROR(ExpectOutputType(graph, op, 0, input.type));
  EB_ASSIGN_OR_RETURN(graph::Shape requested, RequestedShape(graph, op, *options));
  EB_ASSIGN_OR_RETURN(const graph::Shape shape, ResolveShape(graph, op, std::move(requested)));
  EB_RETURN_IF_ERROR(ExpectOutputShape(graph, op, 0, shape));
  return std::unique_ptr<PreparedKernel>(
      std::make_unique<CopyKernel>(op.inputs[0], op.outputs[0], input.byte_size()));
}

}  // namespace edgebench::kernels
