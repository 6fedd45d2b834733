// Lowers claimed ops to XNNPACK subgraph nodes. TFLite's SAME/VALID padding
// becomes explicit paddings (before = total / 2, as TFLite places them), and
// fused activations become the nodes' output bounds.
#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <variant>

#include "backends/xnnpack/xnnpack_ops.h"
#include "kernels/kernel_util.h"

namespace edgebench::backends::xnnpack {
namespace {

using graph::DataType;
using graph::OpType;

std::vector<size_t> Dims(const graph::Shape& shape) {
  return std::vector<size_t>(shape.begin(), shape.end());
}

Status Check(xnn_status status, const char* what) {
  if (status == xnn_status_success) return Status::Ok();
  return Status::Error(
      fmt::format("XNNPACK {} failed (xnn_status {})", what, static_cast<int>(status)));
}

struct Paddings {
  uint32_t top, right, bottom, left;
};

Paddings ExplicitPaddings(graph::Padding padding, const graph::Shape& input, int32_t filter_h,
                          int32_t filter_w, int32_t stride_h, int32_t stride_w, int32_t dilation_h,
                          int32_t dilation_w, const graph::Shape& output) {
  // Total padding that makes XNNPACK's output size equal TFLite's.
  auto total = [](int32_t in, int32_t out, int32_t filter, int32_t stride, int32_t dilation) {
    const int32_t effective = (filter - 1) * dilation + 1;
    return std::max(0, (out - 1) * stride + effective - in);
  };
  const int32_t th = total(input[1], output[1], filter_h, stride_h, dilation_h);
  const int32_t tw = total(input[2], output[2], filter_w, stride_w, dilation_w);
  if (padding == graph::Padding::kValid) return {0, 0, 0, 0};
  const uint32_t top =
      kernels::ConvPaddingBefore(padding, input[1], filter_h, stride_h, dilation_h);
  const uint32_t left =
      kernels::ConvPaddingBefore(padding, input[2], filter_w, stride_w, dilation_w);
  return {top, static_cast<uint32_t>(tw) - left, static_cast<uint32_t>(th) - top, left};
}

}  // namespace

SubgraphBuilder::SubgraphBuilder(const graph::Graph& graph, xnn_subgraph_t subgraph,
                                 const std::vector<int>& external,
                                 const std::vector<bool>& is_output)
    : graph_(graph),
      subgraph_(subgraph),
      ids_(graph.tensors.size(), XNN_INVALID_VALUE_ID),
      external_id_(graph.tensors.size(), -1),
      is_output_(graph.tensors.size(), false) {
  for (size_t i = 0; i < external.size(); ++i) {
    external_id_[external[i]] = static_cast<int32_t>(i);
    is_output_[external[i]] = is_output[i];
  }
}

Result<uint32_t> SubgraphBuilder::Value(int tensor) {
  if (ids_[tensor] != XNN_INVALID_VALUE_ID) return ids_[tensor];
  const graph::Tensor& t = graph_.tensors[tensor];
  const std::vector<size_t> dims = Dims(t.shape);
  const void* data = nullptr;
  if (t.is_constant()) {
    // An elementwise operand: XNNPACK reads it in place and may read up to
    // XNN_EXTRA_BYTES past its end, so it gets a padded copy.
    std::vector<uint8_t>& copy = owned_.emplace_back(t.data_bytes + XNN_EXTRA_BYTES, 0);
    std::memcpy(copy.data(), t.data, t.data_bytes);
    data = copy.data();
  }
  uint32_t external = XNN_INVALID_VALUE_ID;
  uint32_t flags = 0;
  if (external_id_[tensor] >= 0) {
    external = static_cast<uint32_t>(external_id_[tensor]);
    flags = is_output_[tensor] ? XNN_VALUE_FLAG_EXTERNAL_OUTPUT : XNN_VALUE_FLAG_EXTERNAL_INPUT;
  }
  uint32_t id = XNN_INVALID_VALUE_ID;
  xnn_status status;
  if (t.type == DataType::kFloat32) {
    status = xnn_define_tensor_value(subgraph_, xnn_datatype_fp32, dims.size(), dims.data(), data,
                                     external, flags, &id);
  } else {
    status = xnn_define_quantized_tensor_value(
        subgraph_, xnn_datatype_quint8, static_cast<int32_t>(kernels::TensorZeroPoint(t)),
        kernels::TensorScale(t), dims.size(), dims.data(), data, external, flags, &id);
  }
  EB_RETURN_IF_ERROR(Check(status, "tensor value definition")
                         .WithPrefix(graph::DescribeTensor(graph_, tensor) + ": "));
  ids_[tensor] = id;
  return id;
}

Result<uint32_t> SubgraphBuilder::InternalLike(int tensor, const std::vector<size_t>& dims) {
  const graph::Tensor& t = graph_.tensors[tensor];
  uint32_t id = XNN_INVALID_VALUE_ID;
  xnn_status status;
  if (t.type == DataType::kFloat32) {
    status = xnn_define_tensor_value(subgraph_, xnn_datatype_fp32, dims.size(), dims.data(),
                                     nullptr, XNN_INVALID_VALUE_ID, 0, &id);
  } else {
    status = xnn_define_quantized_tensor_value(
        subgraph_, xnn_datatype_quint8, kernels::TensorZeroPoint(t), kernels::TensorScale(t),
        dims.size(), dims.data(), nullptr, XNN_INVALID_VALUE_ID, 0, &id);
  }
  EB_RETURN_IF_ERROR(Check(status, "internal value definition"));
  return id;
}

Result<uint32_t> SubgraphBuilder::StaticValue(int tensor, const void* data,
                                              const std::vector<size_t>& dims,
                                              bool bias_of_quantized, float bias_scale) {
  const graph::Tensor& t = graph_.tensors[tensor];
  uint32_t id = XNN_INVALID_VALUE_ID;
  xnn_status status;
  if (bias_of_quantized) {
    // TFLite's int32 bias is in units of input_scale * filter_scale.
    status = xnn_define_quantized_tensor_value(subgraph_, xnn_datatype_qint32, 0, bias_scale,
                                               dims.size(), dims.data(), data, XNN_INVALID_VALUE_ID,
                                               0, &id);
  } else if (t.type == DataType::kFloat32) {
    status = xnn_define_tensor_value(subgraph_, xnn_datatype_fp32, dims.size(), dims.data(), data,
                                     XNN_INVALID_VALUE_ID, 0, &id);
  } else {
    status = xnn_define_quantized_tensor_value(
        subgraph_, xnn_datatype_quint8, kernels::TensorZeroPoint(t), kernels::TensorScale(t),
        dims.size(), dims.data(), data, XNN_INVALID_VALUE_ID, 0, &id);
  }
  EB_RETURN_IF_ERROR(Check(status, "static value definition")
                         .WithPrefix(graph::DescribeTensor(graph_, tensor) + ": "));
  return id;
}

// The op's bias, or zeros when it has none (XNNPACK's convolution node of
// this version needs one).
Result<uint32_t> SubgraphBuilder::Bias(const graph::Op& op, int output_channels) {
  const graph::Tensor& input = graph_.tensors[op.inputs[0]];
  const graph::Tensor& filter = graph_.tensors[op.inputs[1]];
  const bool quantized = input.type != DataType::kFloat32;
  const float bias_scale =
      quantized ? kernels::TensorScale(input) * kernels::TensorScale(filter) : 0.0f;
  const int bias = op.inputs.size() > 2 ? op.inputs[2] : graph::kNoTensor;
  const std::vector<size_t> dims{static_cast<size_t>(output_channels)};
  if (bias != graph::kNoTensor) {
    return StaticValue(bias, graph_.tensors[bias].data, dims, quantized, bias_scale);
  }
  // float and int32 zeros are both four zero bytes.
  const std::vector<uint8_t>& zeros = owned_.emplace_back(4 * output_channels, 0);
  return StaticValue(op.inputs[1], zeros.data(), dims, quantized, bias_scale);
}

std::pair<float, float> SubgraphBuilder::OutputRange(int tensor,
                                                     graph::Activation activation) const {
  const graph::Tensor& t = graph_.tensors[tensor];
  if (t.type == DataType::kFloat32) {
    const kernels::FloatRange range = kernels::FloatActivationRange(activation);
    return {range.min, range.max};
  }
  const float scale = kernels::TensorScale(t);
  const int32_t zero_point = kernels::TensorZeroPoint(t);
  const kernels::QuantizedRange q =
      kernels::QuantizedActivationRange(activation, t.type, scale, zero_point);
  // XNNPACK quantizes these back with round-to-nearest, giving q exactly.
  return {static_cast<float>(q.min - zero_point) * scale,
          static_cast<float>(q.max - zero_point) * scale};
}

Status SubgraphBuilder::ReshapeInto(uint32_t from, int to) {
  EB_ASSIGN_OR_RETURN(uint32_t output, Value(to));
  const std::vector<size_t> dims = Dims(graph_.tensors[to].shape);
  return Check(xnn_define_static_reshape(subgraph_, dims.size(), dims.data(), from, output, 0),
               "static reshape");
}

Status SubgraphBuilder::AddOp(int op_index) {
  const graph::Op& op = graph_.ops[op_index];
  Status status = Status::Ok();
  switch (op.type) {
    case OpType::kConv2D: status = AddConv2D(op); break;
    case OpType::kDepthwiseConv2D: status = AddDepthwiseConv2D(op); break;
    case OpType::kFullyConnected: status = AddFullyConnected(op); break;
    case OpType::kAdd:
    case OpType::kMul: status = AddBinary(op); break;
    case OpType::kAveragePool2D:
    case OpType::kMaxPool2D: status = AddPool(op); break;
    case OpType::kMean: status = AddMean(op); break;
    case OpType::kReshape:
    case OpType::kSqueeze: status = AddReshape(op); break;
    case OpType::kLogistic:
    case OpType::kRelu:
    case OpType::kRelu6:
    case OpType::kSoftmax: status = AddUnary(op); break;
    default: status = Status::Error("op is not supported by the XNNPACK backend");
  }
  return status.WithPrefix(graph::DescribeOp(graph_, op_index) + ": ");
}

Status SubgraphBuilder::AddConv2D(const graph::Op& op) {
  const auto& o = std::get<graph::Conv2DOptions>(op.options);
  const graph::Tensor& input = graph_.tensors[op.inputs[0]];
  const graph::Tensor& filter = graph_.tensors[op.inputs[1]];
  const graph::Tensor& output = graph_.tensors[op.outputs[0]];
  const Paddings p =
      ExplicitPaddings(o.padding, input.shape, filter.shape[1], filter.shape[2], o.stride_h,
                       o.stride_w, o.dilation_h, o.dilation_w, output.shape);
  EB_ASSIGN_OR_RETURN(uint32_t in, Value(op.inputs[0]));
  EB_ASSIGN_OR_RETURN(uint32_t weights,
                      StaticValue(op.inputs[1], filter.data, Dims(filter.shape), false, 0.0f));
  EB_ASSIGN_OR_RETURN(uint32_t bias, Bias(op, filter.shape[0]));
  EB_ASSIGN_OR_RETURN(uint32_t out, Value(op.outputs[0]));
  const auto [lo, hi] = OutputRange(op.outputs[0], o.activation);
  return Check(xnn_define_convolution_2d(subgraph_, p.top, p.right, p.bottom, p.left,
                                         filter.shape[1], filter.shape[2], o.stride_h, o.stride_w,
                                         o.dilation_h, o.dilation_w, /*groups=*/1, filter.shape[3],
                                         filter.shape[0], lo, hi, in, weights, bias, out, 0),
               "convolution_2d definition");
}

Status SubgraphBuilder::AddDepthwiseConv2D(const graph::Op& op) {
  const auto& o = std::get<graph::DepthwiseConv2DOptions>(op.options);
  const graph::Tensor& input = graph_.tensors[op.inputs[0]];
  const graph::Tensor& filter = graph_.tensors[op.inputs[1]];
  const graph::Tensor& output = graph_.tensors[op.outputs[0]];
  const int32_t channels = input.shape[3];
  // TFLite files do not always fill depth_multiplier; the shapes are the truth.
  const int32_t multiplier = filter.shape[3] / channels;
  const Paddings p =
      ExplicitPaddings(o.padding, input.shape, filter.shape[1], filter.shape[2], o.stride_h,
                       o.stride_w, o.dilation_h, o.dilation_w, output.shape);
  EB_ASSIGN_OR_RETURN(uint32_t in, Value(op.inputs[0]));
  EB_ASSIGN_OR_RETURN(uint32_t weights,
                      StaticValue(op.inputs[1], filter.data, Dims(filter.shape), false, 0.0f));
  EB_ASSIGN_OR_RETURN(uint32_t bias, Bias(op, filter.shape[3]));
  EB_ASSIGN_OR_RETURN(uint32_t out, Value(op.outputs[0]));
  const auto [lo, hi] = OutputRange(op.outputs[0], o.activation);
  return Check(xnn_define_depthwise_convolution_2d(
                   subgraph_, p.top, p.right, p.bottom, p.left, filter.shape[1], filter.shape[2],
                   o.stride_h, o.stride_w, o.dilation_h, o.dilation_w, multiplier, channels, lo, hi,
                   in, weights, bias, out, 0),
               "depthwise_convolution_2d definition");
}

Status SubgraphBuilder::AddFullyConnected(const graph::Op& op) {
  const auto& o = std::get<graph::FullyConnectedOptions>(op.options);
  const graph::Tensor& input = graph_.tensors[op.inputs[0]];
  const graph::Tensor& weights = graph_.tensors[op.inputs[1]];
  const graph::Tensor& output = graph_.tensors[op.outputs[0]];
  const size_t rows = static_cast<size_t>(input.num_elements() / weights.shape[1]);
  const std::vector<size_t> dims2d{rows, static_cast<size_t>(weights.shape[0])};
  EB_ASSIGN_OR_RETURN(uint32_t in, Value(op.inputs[0]));
  EB_ASSIGN_OR_RETURN(uint32_t filter,
                      StaticValue(op.inputs[1], weights.data, Dims(weights.shape), false, 0.0f));
  EB_ASSIGN_OR_RETURN(uint32_t bias, Bias(op, weights.shape[0]));
  // XNNPACK writes [rows, units] (TFLite's flattening); any other output
  // shape of the same size gets a reshape after it.
  const bool two_d = Dims(output.shape) == dims2d;
  uint32_t out = XNN_INVALID_VALUE_ID;
  if (two_d) {
    EB_ASSIGN_OR_RETURN(out, Value(op.outputs[0]));
  } else {
    EB_ASSIGN_OR_RETURN(out, InternalLike(op.outputs[0], dims2d));
  }
  const auto [lo, hi] = OutputRange(op.outputs[0], o.activation);
  EB_RETURN_IF_ERROR(Check(xnn_define_fully_connected(subgraph_, lo, hi, in, filter, bias, out,
                                                      XNN_FLAG_TENSORFLOW_RESHAPE_2D),
                           "fully_connected definition"));
  return two_d ? Status::Ok() : ReshapeInto(out, op.outputs[0]);
}

Status SubgraphBuilder::AddBinary(const graph::Op& op) {
  const auto& o = std::get<graph::ElementwiseOptions>(op.options);
  EB_ASSIGN_OR_RETURN(uint32_t a, Value(op.inputs[0]));
  EB_ASSIGN_OR_RETURN(uint32_t b, Value(op.inputs[1]));
  EB_ASSIGN_OR_RETURN(uint32_t out, Value(op.outputs[0]));
  const auto [lo, hi] = OutputRange(op.outputs[0], o.activation);
  if (op.type == OpType::kAdd) {
    return Check(xnn_define_add2(subgraph_, lo, hi, a, b, out, 0), "add2 definition");
  }
  return Check(xnn_define_multiply2(subgraph_, lo, hi, a, b, out, 0), "multiply2 definition");
}

Status SubgraphBuilder::AddPool(const graph::Op& op) {
  const auto& o = std::get<graph::Pool2DOptions>(op.options);
  const graph::Tensor& input = graph_.tensors[op.inputs[0]];
  const graph::Tensor& output = graph_.tensors[op.outputs[0]];
  const Paddings p = ExplicitPaddings(o.padding, input.shape, o.filter_h, o.filter_w, o.stride_h,
                                      o.stride_w, 1, 1, output.shape);
  EB_ASSIGN_OR_RETURN(uint32_t in, Value(op.inputs[0]));
  EB_ASSIGN_OR_RETURN(uint32_t out, Value(op.outputs[0]));
  const auto [lo, hi] = OutputRange(op.outputs[0], o.activation);
  if (op.type == OpType::kAveragePool2D) {
    return Check(
        xnn_define_average_pooling_2d(subgraph_, p.top, p.right, p.bottom, p.left, o.filter_h,
                                      o.filter_w, o.stride_h, o.stride_w, lo, hi, in, out, 0),
        "average_pooling_2d definition");
  }
  return Check(
      xnn_define_max_pooling_2d(subgraph_, p.top, p.right, p.bottom, p.left, o.filter_h, o.filter_w,
                                o.stride_h, o.stride_w, 1, 1, lo, hi, in, out, 0),
      "max_pooling_2d definition");
}

Status SubgraphBuilder::AddMean(const graph::Op& op) {
  const graph::Tensor& input = graph_.tensors[op.inputs[0]];
  const graph::Tensor& output = graph_.tensors[op.outputs[0]];
  const std::vector<size_t> dims4d{static_cast<size_t>(input.shape[0]), 1, 1,
                                   static_cast<size_t>(input.shape[3])};
  EB_ASSIGN_OR_RETURN(uint32_t in, Value(op.inputs[0]));
  const bool four_d = Dims(output.shape) == dims4d;
  uint32_t out = XNN_INVALID_VALUE_ID;
  if (four_d) {
    EB_ASSIGN_OR_RETURN(out, Value(op.outputs[0]));
  } else {
    EB_ASSIGN_OR_RETURN(out, InternalLike(op.outputs[0], dims4d));
  }
  const auto [lo, hi] = OutputRange(op.outputs[0], graph::Activation::kNone);
  EB_RETURN_IF_ERROR(Check(xnn_define_global_average_pooling_2d(subgraph_, lo, hi, in, out, 0),
                           "global_average_pooling_2d definition"));
  return four_d ? Status::Ok() : ReshapeInto(out, op.outputs[0]);
}

Status SubgraphBuilder::AddReshape(const graph::Op& op) {
  EB_ASSIGN_OR_RETURN(uint32_t in, Value(op.inputs[0]));
  return ReshapeInto(in, op.outputs[0]);
}

Status SubgraphBuilder::AddUnary(const graph::Op& op) {
  EB_ASSIGN_OR_RETURN(uint32_t in, Value(op.inputs[0]));
  EB_ASSIGN_OR_RETURN(uint32_t out, Value(op.outputs[0]));
  switch (op.type) {
    case OpType::kLogistic:
      return Check(xnn_define_sigmoid(subgraph_, in, out, 0), "sigmoid definition");
    case OpType::kSoftmax:
      return Check(xnn_define_softmax(subgraph_, in, out, 0), "softmax definition");
    default: {
      const auto activation =
          op.type == OpType::kRelu ? graph::Activation::kRelu : graph::Activation::kRelu6;
      const auto [lo, hi] = OutputRange(op.outputs[0], activation);
      return Check(xnn_define_clamp(subgraph_, lo, hi, in, out, 0), "clamp definition");
    }
  }
}

}  // namespace edgebench::backends::xnnpack
