#include "onnx/onnx_export.h"

#include <fmt/format.h>
#include <onnx/checker.h>
#include <onnx/onnx-ml.pb.h>
#include <onnx/shape_inference/implementation.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "runtime/post_processing_split.h"

namespace edgebench::onnx {
namespace {

using graph::Activation;
using graph::DataType;
using graph::Graph;
using graph::Op;
using graph::OpType;
using graph::Shape;
using graph::Tensor;

// ONNX dimension i of a 4-D tensor is TensorFlow Lite dimension kPerm[i].
using Permutation = std::array<int, 4>;
constexpr Permutation kNhwcToNchw = {0, 3, 1, 2};
constexpr Permutation kNchwToNhwc = {0, 2, 3, 1};
// Conv weights: TensorFlow Lite [O,H,W,I] to ONNX [O,I,H,W].
constexpr Permutation kConvWeights = {0, 3, 1, 2};
// Depthwise weights: TensorFlow Lite [1,H,W,C*M] to ONNX [C*M,1,H,W].
constexpr Permutation kDepthwiseWeights = {3, 0, 1, 2};

bool IsQuantized(const Tensor& tensor) {
  return (tensor.type == DataType::kUInt8 || tensor.type == DataType::kInt8) &&
         !tensor.quantization.empty();
}

Result<int32_t> OnnxType(const Tensor& tensor) {
  switch (tensor.type) {
    case DataType::kFloat32: return ::onnx::TensorProto::FLOAT;
    case DataType::kUInt8: return ::onnx::TensorProto::UINT8;
    case DataType::kInt8: return ::onnx::TensorProto::INT8;
    case DataType::kInt32: return ::onnx::TensorProto::INT32;
    default:
      return Status::Error(
          fmt::format("{} is not FLOAT32, UINT8, INT8 or INT32", graph::DataTypeName(tensor.type)));
  }
}

// `bytes` of a 4-D tensor of `dims` with elements of `element_size` bytes,
// reordered so that ONNX dimension i is source dimension perm[i].
std::string Transposed(const uint8_t* bytes, const Shape& dims, size_t element_size,
                       const Permutation& perm) {
  std::array<int64_t, 4> stride{};
  stride[3] = 1;
  for (int d = 2; d >= 0; --d) stride[d] = stride[d + 1] * dims[d + 1];
  std::string out(static_cast<size_t>(graph::NumElements(dims)) * element_size, '\0');
  size_t at = 0;
  std::array<int64_t, 4> i{};
  for (i[0] = 0; i[0] < dims[perm[0]]; ++i[0]) {
    for (i[1] = 0; i[1] < dims[perm[1]]; ++i[1]) {
      for (i[2] = 0; i[2] < dims[perm[2]]; ++i[2]) {
        for (i[3] = 0; i[3] < dims[perm[3]]; ++i[3]) {
          int64_t source = 0;
          for (int d = 0; d < 4; ++d) source += i[d] * stride[perm[d]];
          std::memcpy(&out[at], bytes + source * element_size, element_size);
          at += element_size;
        }
      }
    }
  }
  return out;
}

Shape Permuted(const Shape& dims, const Permutation& perm) {
  return {dims[perm[0]], dims[perm[1]], dims[perm[2]], dims[perm[3]]};
}

// The ONNX axis that source axis `axis` of a 4-D tensor becomes.
int PermutedAxis(int axis, const Permutation& perm) {
  for (int d = 0; d < 4; ++d) {
    if (perm[d] == axis) return d;
  }
  return axis;
}

// Explicit ONNX pads [begin..., end...] for TensorFlow Lite's SAME padding
// (the odd pixel goes at the end, as TensorFlow Lite does) or VALID.
struct ConvParams {
  graph::Padding padding;
  int stride_h, stride_w, dilation_h, dilation_w;
  Activation activation;
};

template <typename Options>
ConvParams ParamsOf(const Options& o) {
  return {o.padding, o.stride_h, o.stride_w, o.dilation_h, o.dilation_w, o.activation};
}

std::array<int64_t, 4> Pads(const ConvParams& p, const Shape& input_nhwc, int kernel_h,
                            int kernel_w) {
  if (p.padding == graph::Padding::kValid) return {0, 0, 0, 0};
  auto total = [](int64_t in, int64_t kernel, int64_t stride, int64_t dilation) {
    const int64_t out = (in + stride - 1) / stride;
    return std::max<int64_t>((out - 1) * stride + (kernel - 1) * dilation + 1 - in, 0);
  };
  const int64_t h = total(input_nhwc[1], kernel_h, p.stride_h, p.dilation_h);
  const int64_t w = total(input_nhwc[2], kernel_w, p.stride_w, p.dilation_w);
  return {h / 2, w / 2, h - h / 2, w - w / 2};
}

// The real values a fused activation keeps.
struct ActivationRange {
  float low;
  float high;  // infinity for RELU
};

std::optional<ActivationRange> RangeOf(Activation activation) {
  switch (activation) {
    case Activation::kRelu: return ActivationRange{0.0f, std::numeric_limits<float>::infinity()};
    case Activation::kRelu6: return ActivationRange{0.0f, 6.0f};
    case Activation::kReluN1To1: return ActivationRange{-1.0f, 1.0f};
    case Activation::kNone: break;
  }
  return std::nullopt;
}

// True when the saturation of QuantizeLinear to the tensor's integer range
// already clamps to `range`: TensorFlow Lite's quantized kernels clamp to
// the activation's range in quantized steps (rounded half away from zero)
// intersected with the type's, so the fused activation then adds nothing.
// Real files usually quantize a RELU6 output to exactly [0, 6].
bool SaturationClamps(const Tensor& tensor, const ActivationRange& range) {
  const double scale = tensor.quantization.scale[0];
  const double zero_point =
      tensor.quantization.zero_point.empty() ? 0.0 : tensor.quantization.zero_point[0];
  const double type_min = tensor.type == DataType::kUInt8 ? 0.0 : -128.0;
  const double type_max = tensor.type == DataType::kUInt8 ? 255.0 : 127.0;
  const bool low_clamped = zero_point + std::round(range.low / scale) <= type_min;
  const bool high_clamped =
      std::isinf(range.high) || zero_point + std::round(range.high / scale) >= type_max;
  return low_clamped && high_clamped;
}

// How an edgebench tensor is held in the ONNX graph.
struct Value {
  std::string real;       // float value (for quantized tensors, the DequantizeLinear output)
  std::string quantized;  // QuantizeLinear output of a quantized tensor; empty for float
  bool nchw = false;      // a 4-D activation, held in ONNX's NCHW layout
};

// The first op reading tensor `t` (0 when none does).
int FirstReader(const Graph& graph, int t) {
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    const std::vector<int>& inputs = graph.ops[i].inputs;
    if (std::find(inputs.begin(), inputs.end(), t) != inputs.end()) return static_cast<int>(i);
  }
  return 0;
}

// The last op writing tensor `t` (0 when none does).
int LastWriter(const Graph& graph, int t) {
  for (size_t i = graph.ops.size(); i-- > 0;) {
    const std::vector<int>& outputs = graph.ops[i].outputs;
    if (std::find(outputs.begin(), outputs.end(), t) != outputs.end()) return static_cast<int>(i);
  }
  return 0;
}

class Exporter {
 public:
  explicit Exporter(const Graph& network) : graph_(network), values_(network.tensors.size()) {
    NameTensors();
  }

  Result<::onnx::ModelProto> Export();

  // OnnxExport::node_ops, filled by Export().
  const std::map<std::string, int>& node_ops() const { return node_ops_; }

 private:
  void NameTensors();
  std::string Fresh(const std::string& hint);
  ::onnx::NodeProto* Node(const std::string& type, const std::vector<std::string>& inputs,
                          const std::string& output);
  std::string Initializer(const std::string& hint, int32_t type, const std::vector<int64_t>& dims,
                          std::string bytes);
  std::string FloatScalar(float value);
  std::string QuantParam(const Tensor& tensor, bool scale, size_t count);
  void DescribeValue(::onnx::ValueInfoProto* info, const std::string& name, int32_t type,
                     const Shape& shape);

  Status AddInput(int tensor);
  Status AddOutput(int tensor);
  Status AddOp(int index);
  Status AddConv(int index, bool depthwise);
  Status AddReshape(int index);
  Status AddConcatenation(int index);
  Status AddElementwise(int index, const std::string& onnx_type);
  std::string Weights(const Tensor& weights, const Permutation& perm);
  Result<std::string> Bias(const Op& op, int bias_index);
  // Records `tensor` as the float value `result` (the last node's output)
  // after `activation`: a quantized tensor gets its QuantizeLinear and
  // DequantizeLinear.
  Status Produce(int tensor, const std::string& result, Activation activation, bool nchw);
  std::string InTfliteLayout(const Value& value);
  Status Unsupported(int index, const std::string& why) const;

  const Graph& graph_;
  std::vector<Value> values_;
  std::vector<std::string> names_;
  std::set<std::string> used_;
  std::map<float, std::string> float_scalars_;
  ::onnx::GraphProto* proto_ = nullptr;
  int current_op_ = 0;  // the op the nodes being added are made for
  std::map<std::string, int> node_ops_;
};

void Exporter::NameTensors() {
  names_.resize(graph_.tensors.size());
  for (size_t t = 0; t < graph_.tensors.size(); ++t) {
    const std::string& name = graph_.tensors[t].name;
    names_[t] = Fresh(name.empty() ? fmt::format("tensor_{}", t) : name);
  }
}

// A name no other value has: ONNX values are assigned once.
std::string Exporter::Fresh(const std::string& hint) {
  std::string name = hint;
  for (int n = 1; used_.count(name) != 0; ++n) name = fmt::format("{}_{}", hint, n);
  used_.insert(name);
  return name;
}

::onnx::NodeProto* Exporter::Node(const std::string& type, const std::vector<std::string>& inputs,
                                  const std::string& output) {
  ::onnx::NodeProto* node = proto_->add_node();
  node->set_op_type(type);
  node->set_name(Fresh(fmt::format("{}_{}", type, proto_->node_size())));
  node_ops_[node->name()] = current_op_;
  node_ops_[output] = current_op_;
  for (const std::string& input : inputs) node->add_input(input);
  node->add_output(output);
  return node;
}

void AddInts(::onnx::NodeProto* node, const std::string& name, const std::vector<int64_t>& ints) {
  ::onnx::AttributeProto* attribute = node->add_attribute();
  attribute->set_name(name);
  attribute->set_type(::onnx::AttributeProto::INTS);
  for (int64_t value : ints) attribute->add_ints(value);
}

void AddInt(::onnx::NodeProto* node, const std::string& name, int64_t value) {
  ::onnx::AttributeProto* attribute = node->add_attribute();
  attribute->set_name(name);
  attribute->set_type(::onnx::AttributeProto::INT);
  attribute->set_i(value);
}

std::string Exporter::Initializer(const std::string& hint, int32_t type,
                                  const std::vector<int64_t>& dims, std::string bytes) {
  ::onnx::TensorProto* tensor = proto_->add_initializer();
  tensor->set_name(Fresh(hint));
  tensor->set_data_type(type);
  for (int64_t dim : dims) tensor->add_dims(dim);
  tensor->set_raw_data(std::move(bytes));
  return tensor->name();
}

std::string Bytes(const void* data, size_t size) {
  return std::string(static_cast<const char*>(data), size);
}

std::string Exporter::FloatScalar(float value) {
  auto [it, inserted] = float_scalars_.emplace(value, "");
  if (inserted) {
    it->second = Initializer(fmt::format("const_{}", value), ::onnx::TensorProto::FLOAT, {},
                             Bytes(&value, sizeof value));
  }
  return it->second;
}

// The scale (float) or zero point (the tensor's own type) of `tensor`, as a
// scalar when `count` is 1, else one per channel.
std::string Exporter::QuantParam(const Tensor& tensor, bool scale, size_t count) {
  const std::string hint = tensor.name.empty() ? "quantization" : tensor.name;
  const std::vector<int64_t> dims =
      count == 1 ? std::vector<int64_t>{} : std::vector<int64_t>{static_cast<int64_t>(count)};
  const graph::Quantization& q = tensor.quantization;
  if (scale) {
    std::vector<float> scales(q.scale.begin(), q.scale.begin() + count);
    return Initializer(hint + "_scale", ::onnx::TensorProto::FLOAT, dims,
                       Bytes(scales.data(), count * sizeof(float)));
  }
  std::string zero_points;
  for (size_t c = 0; c < count; ++c) {
    const int64_t zero_point = c < q.zero_point.size() ? q.zero_point[c] : 0;
    if (tensor.type == DataType::kInt32) {
      const auto value = static_cast<int32_t>(zero_point);
      zero_points += Bytes(&value, sizeof value);
    } else {
      zero_points.push_back(static_cast<char>(zero_point));
    }
  }
  const int32_t type = OnnxType(tensor).value();
  return Initializer(hint + "_zero_point", type, dims, std::move(zero_points));
}

void Exporter::DescribeValue(::onnx::ValueInfoProto* info, const std::string& name, int32_t type,
                             const Shape& shape) {
  info->set_name(name);
  auto* tensor_type = info->mutable_type()->mutable_tensor_type();
  tensor_type->set_elem_type(type);
  for (int32_t dim : shape) tensor_type->mutable_shape()->add_dim()->set_dim_value(dim);
}

Status Exporter::AddInput(int t) {
  const Tensor& tensor = graph_.tensors[t];
  auto type = OnnxType(tensor);
  if (!type.ok())
    return Status::Error(fmt::format("input {}: {}", names_[t], type.status().message()));
  DescribeValue(proto_->add_input(), names_[t], *type, tensor.shape);
  std::string held = names_[t];
  const bool nchw = tensor.shape.size() == 4;
  if (nchw) {
    const std::string transposed = Fresh(names_[t] + "_nchw");
    AddInts(Node("Transpose", {held}, transposed), "perm",
            {kNhwcToNchw.begin(), kNhwcToNchw.end()});
    held = transposed;
  }
  if (!IsQuantized(tensor)) {
    values_[t] = {held, "", nchw};
    return Status::Ok();
  }
  const std::string real = Fresh(names_[t] + "_dq");
  Node("DequantizeLinear", {held, QuantParam(tensor, true, 1), QuantParam(tensor, false, 1)}, real);
  values_[t] = {real, held, nchw};
  return Status::Ok();
}

Status Exporter::Produce(int t, const std::string& result, Activation activation, bool nchw) {
  const Tensor& tensor = graph_.tensors[t];
  std::string real = result;
  const std::optional<ActivationRange> range = RangeOf(activation);
  if (range && !(IsQuantized(tensor) && SaturationClamps(tensor, *range))) {
    real = Fresh(names_[t] + "_act");
    if (std::isinf(range->high)) {
      Node("Relu", {result}, real);
    } else {
      Node("Clip", {result, FloatScalar(range->low), FloatScalar(range->high)}, real);
    }
  }
  if (!IsQuantized(tensor)) {
    if (tensor.type != DataType::kFloat32) {
      return Status::Error(fmt::format("{} is {}, expected FLOAT32 or quantized UINT8/INT8",
                                       graph::DescribeTensor(graph_, t),
                                       graph::DataTypeName(tensor.type)));
    }
    // Float values keep their TensorFlow Lite names (quantized ones do on
    // their QuantizeLinear), so a runtime's intermediate values can be
    // matched to edgebench's op by op.
    proto_->mutable_node(proto_->node_size() - 1)->set_output(0, names_[t]);
    node_ops_[names_[t]] = current_op_;
    values_[t] = {names_[t], "", nchw};
    return Status::Ok();
  }
  const std::string scale = QuantParam(tensor, true, 1);
  const std::string zero_point = QuantParam(tensor, false, 1);
  const std::string quantized = names_[t];
  Node("QuantizeLinear", {real, scale, zero_point}, quantized);
  const std::string dequantized = Fresh(names_[t] + "_dq");
  Node("DequantizeLinear", {quantized, scale, zero_point}, dequantized);
  values_[t] = {dequantized, quantized, nchw};
  return Status::Ok();
}

std::string Exporter::InTfliteLayout(const Value& value) {
  if (!value.nchw) return value.real;
  const std::string nhwc = Fresh(value.real + "_nhwc");
  AddInts(Node("Transpose", {value.real}, nhwc), "perm", {kNchwToNhwc.begin(), kNchwToNhwc.end()});
  return nhwc;
}

Status Exporter::Unsupported(int index, const std::string& why) const {
  return Status::Error(
      fmt::format("{}: cannot be exported to ONNX: {}", graph::DescribeOp(graph_, index), why));
}

std::string Exporter::Weights(const Tensor& weights, const Permutation& perm) {
  const Shape onnx_dims = Permuted(weights.shape, perm);
  const std::string data =
      Transposed(weights.data, weights.shape, graph::DataTypeSize(weights.type), perm);
  const std::string stored =
      Initializer(weights.name.empty() ? "weights" : weights.name, OnnxType(weights).value(),
                  {onnx_dims.begin(), onnx_dims.end()}, data);
  if (!IsQuantized(weights)) return stored;
  const size_t channels = weights.quantization.scale.size();
  const std::string real = Fresh(stored + "_dq");
  ::onnx::NodeProto* node = Node(
      "DequantizeLinear",
      {stored, QuantParam(weights, true, channels), QuantParam(weights, false, channels)}, real);
  if (channels > 1) AddInt(node, "axis", PermutedAxis(weights.quantization.axis, perm));
  return real;
}

Result<std::string> Exporter::Bias(const Op& op, int bias_index) {
  const Tensor& bias = graph_.tensors[bias_index];
  const std::string stored =
      Initializer(bias.name.empty() ? "bias" : bias.name, OnnxType(bias).value(), {bias.shape[0]},
                  Bytes(bias.data, bias.byte_size()));
  if (!IsQuantized(graph_.tensors[op.inputs[0]])) return stored;
  if (bias.type != DataType::kInt32 || bias.quantization.empty()) {
    return Status::Error(fmt::format("{} is {} without scale, expected quantized INT32",
                                     graph::DescribeTensor(graph_, bias_index),
                                     graph::DataTypeName(bias.type)));
  }
  const size_t channels = bias.quantization.scale.size();
  const std::string real = Fresh(stored + "_dq");
  ::onnx::NodeProto* node =
      Node("DequantizeLinear",
           {stored, QuantParam(bias, true, channels), QuantParam(bias, false, channels)}, real);
  if (channels > 1) AddInt(node, "axis", 0);
  return real;
}

Status Exporter::AddConv(int index, bool depthwise) {
  const Op& op = graph_.ops[index];
  const Tensor& input = graph_.tensors[op.inputs[0]];
  const Tensor& weights = graph_.tensors[op.inputs[1]];
  if (!weights.is_constant()) return Unsupported(index, "its weights are not constant");
  if (IsQuantized(input) != IsQuantized(weights)) {
    return Unsupported(index, "its input and weights are not both float or both quantized");
  }
  const ConvParams p = depthwise ? ParamsOf(std::get<graph::DepthwiseConv2DOptions>(op.options))
                                 : ParamsOf(std::get<graph::Conv2DOptions>(op.options));
  // A depthwise conv is a Conv with one group per input channel.
  const int group = depthwise ? input.shape[3] : 1;
  const int kernel_h = weights.shape[1];
  const int kernel_w = weights.shape[2];
  std::vector<std::string> inputs = {
      values_[op.inputs[0]].real, Weights(weights, depthwise ? kDepthwiseWeights : kConvWeights)};
  if (op.inputs.size() > 2 && op.inputs[2] != graph::kNoTensor) {
    auto bias = Bias(op, op.inputs[2]);
    if (!bias.ok()) return Unsupported(index, bias.status().message());
    inputs.push_back(*bias);
  }
  const int out = op.outputs[0];
  const std::string result = Fresh(names_[out] + "_conv");
  ::onnx::NodeProto* node = Node("Conv", inputs, result);
  const auto pads = Pads(p, input.shape, kernel_h, kernel_w);
  AddInts(node, "kernel_shape", {kernel_h, kernel_w});
  AddInts(node, "strides", {p.stride_h, p.stride_w});
  AddInts(node, "dilations", {p.dilation_h, p.dilation_w});
  AddInts(node, "pads", {pads.begin(), pads.end()});
  AddInt(node, "group", group);
  return Produce(out, result, p.activation, true);
}

Status Exporter::AddReshape(int index) {
  const Op& op = graph_.ops[index];
  const int out = op.outputs[0];
  const Shape& shape = graph_.tensors[out].shape;
  const std::vector<int64_t> target(shape.begin(), shape.end());
  const std::string target_name = Initializer(
      names_[out] + "_shape", ::onnx::TensorProto::INT64, {static_cast<int64_t>(target.size())},
      Bytes(target.data(), target.size() * sizeof(int64_t)));
  if (values_[op.inputs[0]].real.empty()) return Unsupported(index, "its input is a constant");
  std::string result = Fresh(names_[out] + "_reshape");
  Node("Reshape", {InTfliteLayout(values_[op.inputs[0]]), target_name}, result);
  const bool nchw = shape.size() == 4;
  if (nchw) {
    const std::string transposed = Fresh(result + "_nchw");
    AddInts(Node("Transpose", {result}, transposed), "perm",
            {kNhwcToNchw.begin(), kNhwcToNchw.end()});
    result = transposed;
  }
  return Produce(out, result, Activation::kNone, nchw);
}

Status Exporter::AddConcatenation(int index) {
  const Op& op = graph_.ops[index];
  const auto& options = std::get<graph::ConcatenationOptions>(op.options);
  const int out = op.outputs[0];
  const int rank = static_cast<int>(graph_.tensors[out].shape.size());
  const int axis = options.axis < 0 ? options.axis + rank : options.axis;
  const bool nchw = rank == 4;
  std::vector<std::string> inputs;
  for (int input : op.inputs) {
    if (values_[input].real.empty()) return Unsupported(index, "a constant input");
    inputs.push_back(values_[input].real);
  }
  const std::string result = Fresh(names_[out] + "_concat");
  AddInt(Node("Concat", inputs, result), "axis", nchw ? PermutedAxis(axis, kNhwcToNchw) : axis);
  return Produce(out, result, options.activation, nchw);
}

Status Exporter::AddElementwise(int index, const std::string& onnx_type) {
  const Op& op = graph_.ops[index];
  const int out = op.outputs[0];
  std::vector<std::string> inputs;
  for (int input : op.inputs) {
    if (values_[input].real.empty() || graph_.tensors[input].shape != graph_.tensors[out].shape) {
      return Unsupported(index, "only inputs computed by the graph with the output's shape are");
    }
    inputs.push_back(values_[input].real);
  }
  Activation activation = Activation::kNone;
  if (const auto* options = std::get_if<graph::ElementwiseOptions>(&op.options)) {
    activation = options->activation;
  }
  const std::string result = Fresh(names_[out] + "_" + onnx_type);
  Node(onnx_type, inputs, result);
  return Produce(out, result, activation, graph_.tensors[out].shape.size() == 4);
}

Status Exporter::AddOp(int index) {
  switch (graph_.ops[index].type) {
    case OpType::kConv2D: return AddConv(index, false);
    case OpType::kDepthwiseConv2D: return AddConv(index, true);
    case OpType::kReshape: return AddReshape(index);
    case OpType::kConcatenation: return AddConcatenation(index);
    case OpType::kLogistic: return AddElementwise(index, "Sigmoid");
    case OpType::kAdd: return AddElementwise(index, "Add");
    default:
      return Unsupported(index,
                         "edgebench translates CONV_2D, DEPTHWISE_CONV_2D, RESHAPE, "
                         "CONCATENATION, LOGISTIC and ADD");
  }
}

Status Exporter::AddOutput(int t) {
  const Tensor& tensor = graph_.tensors[t];
  const Value& value = values_[t];
  std::string name = value.quantized.empty() ? value.real : value.quantized;
  if (value.nchw) {
    const std::string nhwc = Fresh(names_[t] + "_nhwc");
    AddInts(Node("Transpose", {name}, nhwc), "perm", {kNchwToNhwc.begin(), kNchwToNhwc.end()});
    name = nhwc;
  }
  DescribeValue(proto_->add_output(), name, OnnxType(tensor).value(), tensor.shape);
  return Status::Ok();
}

Result<::onnx::ModelProto> Exporter::Export() {
  ::onnx::ModelProto model;
  model.set_ir_version(7);  // the IR of opset 13
  model.set_producer_name("edgebench");
  model.set_producer_version(EDGEBENCH_VERSION);
  ::onnx::OperatorSetIdProto* opset = model.add_opset_import();
  opset->set_domain("");
  opset->set_version(kOpsetVersion);
  proto_ = model.mutable_graph();
  proto_->set_name("edgebench");
  for (int input : graph_.inputs) {
    current_op_ = FirstReader(graph_, input);
    if (Status status = AddInput(input); !status.ok()) return status;
  }
  for (int op = 0; op < static_cast<int>(graph_.ops.size()); ++op) {
    current_op_ = op;
    if (Status status = AddOp(op); !status.ok()) return status;
  }
  for (int output : graph_.outputs) {
    current_op_ = LastWriter(graph_, output);
    if (Status status = AddOutput(output); !status.ok()) return status;
  }
  return model;
}

std::vector<OnnxValueInfo> Describe(const Graph& graph, const std::vector<int>& tensors) {
  std::vector<OnnxValueInfo> infos;
  for (int t : tensors) {
    infos.push_back({graph.tensors[t].name, graph.tensors[t].type, graph.tensors[t].shape, ""});
  }
  return infos;
}

// ONNX's checker, then ONNX's own shape inference on a copy whose outputs
// declare no shape: what it infers must be the graph's output shapes.
Status Check(const ::onnx::ModelProto& model, const Graph& network) {
  try {
    ::onnx::checker::check_model(model);
    ::onnx::ModelProto inferred = model;
    for (auto& output : *inferred.mutable_graph()->mutable_output()) {
      output.mutable_type()->mutable_tensor_type()->clear_shape();
    }
    ::onnx::shape_inference::InferShapes(inferred, ::onnx::OpSchemaRegistry::Instance(),
                                         ::onnx::ShapeInferenceOptions(true, 1));
    for (int i = 0; i < inferred.graph().output_size(); ++i) {
      const auto& shape = inferred.graph().output(i).type().tensor_type().shape();
      Shape dims;
      for (const auto& dim : shape.dim()) dims.push_back(static_cast<int32_t>(dim.dim_value()));
      const Shape& expected = network.tensors[network.outputs[i]].shape;
      if (dims != expected) {
        return Status::Error(
            fmt::format("ONNX shape inference gives output {} shape {}, expected {}", i,
                        graph::ShapeToString(dims), graph::ShapeToString(expected)));
      }
    }
  } catch (const std::exception& error) {
    return Status::Error(fmt::format("the exported model fails ONNX's check: {}", error.what()));
  }
  return Status::Ok();
}

}  // namespace

bool OnnxExportAvailable() { return true; }

Result<OnnxExport> ExportOnnx(const Graph& model) {
  runtime::SplitModel split = runtime::SplitPostProcessing(model);
  const Graph& network = split.network;
  Exporter exporter(network);
  auto proto = exporter.Export();
  if (!proto.ok()) return proto.status();
  if (Status status = Check(*proto, network); !status.ok()) return status;
  OnnxExport result;
  if (!proto->SerializeToString(&result.bytes)) {
    return Status::Error("the ONNX model could not be serialized (larger than 2 GB?)");
  }
  result.node_count = proto->graph().node_size();
  result.node_ops = exporter.node_ops();
  result.quantized = !network.inputs.empty() && IsQuantized(network.tensors[network.inputs[0]]);
  result.inputs = Describe(network, network.inputs);
  result.outputs = Describe(network, network.outputs);
  for (size_t i = 0; i < result.inputs.size(); ++i) {
    result.inputs[i].onnx_name = proto->graph().input(static_cast<int>(i)).name();
  }
  for (size_t i = 0; i < result.outputs.size(); ++i) {
    result.outputs[i].onnx_name = proto->graph().output(static_cast<int>(i)).name();
  }
  if (split.post_processing)
    result.left_out = graph::OpTypeName(graph::OpType::kDetectionPostProcess);
  return result;
}

}  // namespace edgebench::onnx
