#include "kernels/kernel_util.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <string>

#include "graph/op_validation.h"
#include "kernels/quantization.h"

namespace edgebench::kernels {

using graph::DataType;
using graph::DescribeTensor;

namespace {

std::string TypeList(std::initializer_list<DataType> types) {
  std::string text;
  for (DataType type : types) {
    if (!text.empty()) text += " or ";
    text += graph::DataTypeName(type);
  }
  return text;
}

}  // namespace

Status ExpectInputType(const graph::Graph& graph, const graph::Op& op, int position,
                       std::initializer_list<DataType> types) {
  const int tensor = op.inputs[position];
  const DataType found = graph.tensors[tensor].type;
  if (std::find(types.begin(), types.end(), found) != types.end()) return Status::Ok();
  return Status::Error(fmt::format("input {} ({}) is {}, expected {}", position,
                                   DescribeTensor(graph, tensor), graph::DataTypeName(found),
                                   TypeList(types)));
}

Status ExpectOutputType(const graph::Graph& graph, const graph::Op& op, int position,
                        DataType type) {
  const int tensor = op.outputs[position];
  const DataType found = graph.tensors[tensor].type;
  if (found == type) return Status::Ok();
  return Status::Error(fmt::format("output {} ({}) is {}, expected {}", position,
                                   DescribeTensor(graph, tensor), graph::DataTypeName(found),
                                   graph::DataTypeName(type)));
}

Status ExpectInputRank(const graph::Graph& graph, const graph::Op& op, int position, int rank) {
  const int tensor = op.inputs[position];
  const graph::Shape& shape = graph.tensors[tensor].shape;
  if (static_cast<int>(shape.size()) == rank) return Status::Ok();
  return Status::Error(fmt::format("input {} ({}) has shape {}, expected rank {}", position,
                                   DescribeTensor(graph, tensor), graph::ShapeToString(shape),
                                   rank));
}

Status ExpectOutputShape(const graph::Graph& graph, const graph::Op& op, int position,
                         const graph::Shape& shape) {
  const int tensor = op.outputs[position];
  const graph::Shape& found = graph.tensors[tensor].shape;
  if (found == shape) return Status::Ok();
  return Status::Error(fmt::format("output {} ({}) has shape {}, expected {}", position,
                                   DescribeTensor(graph, tensor), graph::ShapeToString(found),
                                   graph::ShapeToString(shape)));
}

Status ExpectConstantInput(const graph::Graph& graph, const graph::Op& op, int position) {
  const int tensor = op.inputs[position];
  if (graph.tensors[tensor].is_constant()) return Status::Ok();
  return Status::Error(fmt::format("input {} ({}) must be a constant tensor", position,
                                   DescribeTensor(graph, tensor)));
}

Status ExpectPerTensorQuantization(const graph::Graph& graph, int tensor) {
  const auto& q = graph.tensors[tensor].quantization;
  if (q.scale.size() == 1 && q.zero_point.size() == 1 && q.scale[0] > 0.0f) {
    return Status::Ok();
  }
  return Status::Error(
      fmt::format("{} needs one positive quantization scale and one zero point, found {} "
                  "scales and {} zero points",
                  DescribeTensor(graph, tensor), q.scale.size(), q.zero_point.size()));
}

int32_t ConvOutputSize(graph::Padding padding, int32_t input, int32_t filter, int32_t stride,
                       int32_t dilation) {
  // graph::ValidateOps checked that the size fits, so it narrows safely.
  return static_cast<int32_t>(graph::ConvOutputSize(padding, input, filter, stride, dilation));
}

int32_t ConvPaddingBefore(graph::Padding padding, int32_t input, int32_t filter, int32_t stride,
                          int32_t dilation) {
  if (padding == graph::Padding::kValid) return 0;
  const int32_t effective_filter = (filter - 1) * dilation + 1;
  const int32_t output = ConvOutputSize(padding, input, filter, stride, dilation);
  const int32_t total = std::max(0, (output - 1) * stride + effective_filter - input);
  return total / 2;
}

FloatRange FloatActivationRange(graph::Activation activation) {
  constexpr float kInf = std::numeric_limits<float>::infinity();
  switch (activation) {
    case graph::Activation::kNone: return {-kInf, kInf};
    case graph::Activation::kRelu: return {0.0f, kInf};
    case graph::Activation::kReluN1To1: return {-1.0f, 1.0f};
    case graph::Activation::kRelu6: return {0.0f, 6.0f};
  }
  return {-kInf, kInf};
}

QuantizedRange TypeRange(DataType type) {
  switch (type) {
    case DataType::kUInt8: return {0, 255};
    case DataType::kInt8: return {-128, 127};
    case DataType::kInt16: return {-32768, 32767};
    default: return {std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()};
  }
}

QuantizedRange QuantizedActivationRange(graph::Activation activation, DataType type, float scale,
                                        int32_t zero_point) {
  const QuantizedRange full = TypeRange(type);
  auto quantize = [&](float real) {
    return QuantizeValue(real, scale, zero_point, full.min, full.max);
  };
  switch (activation) {
    case graph::Activation::kNone: return full;
    case graph::Activation::kRelu: return {std::max(full.min, quantize(0.0f)), full.max};
    case graph::Activation::kReluN1To1:
      return {std::max(full.min, quantize(-1.0f)), std::min(full.max, quantize(1.0f))};
    case graph::Activation::kRelu6:
      return {std::max(full.min, quantize(0.0f)), std::min(full.max, quantize(6.0f))};
  }
  return full;
}

float TensorScale(const graph::Tensor& tensor) {
  return tensor.quantization.scale.empty() ? 0.0f : tensor.quantization.scale[0];
}

int32_t TensorZeroPoint(const graph::Tensor& tensor) {
  return tensor.quantization.zero_point.empty()
             ? 0
             : static_cast<int32_t>(tensor.quantization.zero_point[0]);
}

}  // namespace edgebench::kernels
