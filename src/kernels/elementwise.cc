#include "kernels/elementwise.h"

#include <fmt/format.h>

#include "kernels/kernel_util.h"

namespace edgebench::kernels {

using graph::DataType;

Status Expect8BitQuantization(const graph::Graph& graph, int tensor) {
  EB_RETURN_IF_ERROR(ExpectPerTensorQuantization(graph, tensor));
  const graph::Tensor& t = graph.tensors[tensor];
  const QuantizedRange range = TypeRange(t.type);
  const int64_t zero_point = t.quantization.zero_point[0];
  if (zero_point < range.min || zero_point > range.max) {
    return Status::Error(fmt::format("{} has zero point {}, outside the {} range [{}, {}]",
                                     graph::DescribeTensor(graph, tensor), zero_point,
                                     graph::DataTypeName(t.type), range.min, range.max));
  }
  return Status::Ok();
}

Result<UnaryOperands> PrepareUnaryOperands(const graph::Graph& graph, const graph::Op& op,
                                           std::initializer_list<DataType> types) {
  UnaryOperands operands;
  operands.input = op.inputs[0];
  operands.output = op.outputs[0];
  EB_RETURN_IF_ERROR(ExpectInputType(graph, op, 0, types));
  const graph::Tensor& input = graph.tensors[operands.input];
  operands.type = input.type;
  operands.num_elements = input.num_elements();
  EB_RETURN_IF_ERROR(ExpectOutputType(graph, op, 0, operands.type));
  EB_RETURN_IF_ERROR(ExpectOutputShape(graph, op, 0, input.shape));
  if (operands.type == DataType::kUInt8 || operands.type == DataType::kInt8) {
    EB_RETURN_IF_ERROR(Expect8BitQuantization(graph, operands.input));
    EB_RETURN_IF_ERROR(Expect8BitQuantization(graph, operands.output));
  }
  return operands;
}

}  // namespace edgebench::kernels
