// Operators: op codes, typed builtin options, the post-processing custom op.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "tflite/custom_options.h"
#include "tflite/reader_internal.h"
#include "tflite/type_map.h"

namespace edgebench::tflite::internal {
namespace {

using graph::OpType;

// Options tables are looked up by their union tag; a table of another type
// is an error, a missing one is nullptr (the op's defaults apply, or the
// caller rejects it when the op cannot do without).
template <typename T>
Result<const T*> OptionsAs(const fb::Operator& op, const std::string& where) {
  constexpr fb::BuiltinOptions kExpected = fb::BuiltinOptionsTraits<T>::enum_value;
  const fb::BuiltinOptions found = op.builtin_options_type();
  if (found == fb::BuiltinOptions::NONE || op.builtin_options() == nullptr) {
    return static_cast<const T*>(nullptr);
  }
  if (found != kExpected) {
    const char* name = found <= fb::BuiltinOptions::MAX ? fb::EnumNameBuiltinOptions(found) : "";
    return Status::Error(fmt::format(
        "{}: builtin options are {}, expected {}", where,
        name[0] != '\0' ? std::string(name) : fmt::format("union type {}", static_cast<int>(found)),
        fb::EnumNameBuiltinOptions(kExpected)));
  }
  return static_cast<const T*>(op.builtin_options());
}

template <typename T>
Result<const T*> RequiredOptions(const fb::Operator& op, const std::string& where) {
  EB_ASSIGN_OR_RETURN(const T* options, OptionsAs<T>(op, where));
  if (options == nullptr) {
    return Status::Error(
        fmt::format("{}: has no {}", where,
                    fb::EnumNameBuiltinOptions(fb::BuiltinOptionsTraits<T>::enum_value)));
  }
  return options;
}

Status Activation(fb::ActivationFunctionType source, const std::string& where,
                  graph::Activation* out) {
  const std::optional<graph::Activation> activation = FromActivation(source);
  if (!activation) {
    const int8_t code = static_cast<int8_t>(source);
    const char* name = code >= 0 && source <= fb::ActivationFunctionType::MAX
                           ? fb::EnumNameActivationFunctionType(source)
                           : "";
    return Status::Error(fmt::format(
        "{}: fused activation {} is unsupported; supported: NONE, RELU, RELU_N1_TO_1, RELU6", where,
        name[0] != '\0' ? std::string(name) : fmt::format("code {}", code)));
  }
  *out = *activation;
  return Status::Ok();
}

Status Padding(fb::Padding source, const std::string& where, graph::Padding* out) {
  const std::optional<graph::Padding> padding = FromPadding(source);
  if (!padding) {
    return Status::Error(fmt::format("{}: padding code {} is unknown; supported: SAME, VALID",
                                     where, static_cast<int>(source)));
  }
  *out = *padding;
  return Status::Ok();
}

Status Positive(const std::string& where, const char* field, int32_t value) {
  if (value < 1) {
    return Status::Error(fmt::format("{}: {} is {}, expected >= 1", where, field, value));
  }
  return Status::Ok();
}

Result<graph::OpOptions> ReadConv(const fb::Operator& op, const std::string& where) {
  EB_ASSIGN_OR_RETURN(const fb::Conv2DOptions* in, RequiredOptions<fb::Conv2DOptions>(op, where));
  graph::Conv2DOptions out;
  EB_RETURN_IF_ERROR(Padding(in->padding(), where, &out.padding));
  EB_RETURN_IF_ERROR(Activation(in->fused_activation_function(), where, &out.activation));
  out.stride_w = in->stride_w();
  out.stride_h = in->stride_h();
  out.dilation_w = in->dilation_w_factor();
  out.dilation_h = in->dilation_h_factor();
  EB_RETURN_IF_ERROR(Positive(where, "stride_w", out.stride_w));
  EB_RETURN_IF_ERROR(Positive(where, "stride_h", out.stride_h));
  EB_RETURN_IF_ERROR(Positive(where, "dilation_w_factor", out.dilation_w));
  EB_RETURN_IF_ERROR(Positive(where, "dilation_h_factor", out.dilation_h));
  return graph::OpOptions(out);
}

Result<graph::OpOptions> ReadDepthwise(const fb::Operator& op, const std::string& where) {
  EB_ASSIGN_OR_RETURN(const fb::DepthwiseConv2DOptions* in,
                      RequiredOptions<fb::DepthwiseConv2DOptions>(op, where));
  graph::DepthwiseConv2DOptions out;
  EB_RETURN_IF_ERROR(Padding(in->padding(), where, &out.padding));
  EB_RETURN_IF_ERROR(Activation(in->fused_activation_function(), where, &out.activation));
  out.stride_w = in->stride_w();
  out.stride_h = in->stride_h();
  out.depth_multiplier = in->depth_multiplier();
  out.dilation_w = in->dilation_w_factor();
  out.dilation_h = in->dilation_h_factor();
  EB_RETURN_IF_ERROR(Positive(where, "stride_w", out.stride_w));
  EB_RETURN_IF_ERROR(Positive(where, "stride_h", out.stride_h));
  EB_RETURN_IF_ERROR(Positive(where, "depth_multiplier", out.depth_multiplier));
  EB_RETURN_IF_ERROR(Positive(where, "dilation_w_factor", out.dilation_w));
  EB_RETURN_IF_ERROR(Positive(where, "dilation_h_factor", out.dilation_h));
  return graph::OpOptions(out);
}

Result<graph::OpOptions> ReadPool(const fb::Operator& op, const std::string& where) {
  EB_ASSIGN_OR_RETURN(const fb::Pool2DOptions* in, RequiredOptions<fb::Pool2DOptions>(op, where));
  graph::Pool2DOptions out;
  EB_RETURN_IF_ERROR(Padding(in->padding(), where, &out.padding));
  EB_RETURN_IF_ERROR(Activation(in->fused_activation_function(), where, &out.activation));
  out.stride_w = in->stride_w();
  out.stride_h = in->stride_h();
  out.filter_w = in->filter_width();
  out.filter_h = in->filter_height();
  EB_RETURN_IF_ERROR(Positive(where, "stride_w", out.stride_w));
  EB_RETURN_IF_ERROR(Positive(where, "stride_h", out.stride_h));
  EB_RETURN_IF_ERROR(Positive(where, "filter_width", out.filter_w));
  EB_RETURN_IF_ERROR(Positive(where, "filter_height", out.filter_h));
  return graph::OpOptions(out);
}

Result<graph::OpOptions> ReadFullyConnected(const fb::Operator& op, const std::string& where) {
  EB_ASSIGN_OR_RETURN(const fb::FullyConnectedOptions* in,
                      OptionsAs<fb::FullyConnectedOptions>(op, where));
  graph::FullyConnectedOptions out;
  if (in == nullptr) return graph::OpOptions(out);
  if (in->weights_format() != fb::FullyConnectedOptionsWeightsFormat::DEFAULT) {
    return Status::Error(fmt::format(
        "{}: shuffled weights are unsupported; supported: weights_format DEFAULT", where));
  }
  EB_RETURN_IF_ERROR(Activation(in->fused_activation_function(), where, &out.activation));
  out.keep_num_dims = in->keep_num_dims();
  return graph::OpOptions(out);
}

template <typename T>
Result<graph::OpOptions> ReadElementwise(const fb::Operator& op, const std::string& where) {
  EB_ASSIGN_OR_RETURN(const T* in, OptionsAs<T>(op, where));
  graph::ElementwiseOptions out;
  if (in != nullptr) {
    EB_RETURN_IF_ERROR(Activation(in->fused_activation_function(), where, &out.activation));
  }
  return graph::OpOptions(out);
}

Result<graph::OpOptions> ReadConcatenation(const fb::Operator& op, const std::string& where) {
  EB_ASSIGN_OR_RETURN(const fb::ConcatenationOptions* in,
                      OptionsAs<fb::ConcatenationOptions>(op, where));
  graph::ConcatenationOptions out;
  if (in != nullptr) {
    EB_RETURN_IF_ERROR(Activation(in->fused_activation_function(), where, &out.activation));
    out.axis = in->axis();
  }
  return graph::OpOptions(out);
}

// The target shape comes from the options or, when they have none, from a
// constant INT32 second input; otherwise it stays empty (the output's shape).
Result<graph::OpOptions> ReadReshape(const fb::Operator& op, const std::string& where,
                                     const graph::Graph& graph) {
  EB_ASSIGN_OR_RETURN(const fb::ReshapeOptions* in, OptionsAs<fb::ReshapeOptions>(op, where));
  graph::ReshapeOptions out;
  if (in != nullptr && in->new_shape() != nullptr && in->new_shape()->size() > 0) {
    out.new_shape.assign(in->new_shape()->begin(), in->new_shape()->end());
    return graph::OpOptions(out);
  }
  if (op.inputs() == nullptr || op.inputs()->size() < 2) return graph::OpOptions(out);
  const int shape_index = op.inputs()->Get(1);
  if (shape_index < 0 || shape_index >= static_cast<int>(graph.tensors.size())) {
    return graph::OpOptions(out);  // Graph::Validate reports the bad index
  }
  const graph::Tensor& shape = graph.tensors[shape_index];
  if (!shape.is_constant()) return graph::OpOptions(out);
  if (shape.type != graph::DataType::kInt32 || shape.shape.size() != 1) {
    return Status::Error(fmt::format(
        "{}: shape input (tensor {}) is {} {}, expected a 1-D "
        "INT32 tensor",
        where, shape_index, graph::DataTypeName(shape.type), graph::ShapeToString(shape.shape)));
  }
  out.new_shape.resize(shape.data_bytes / sizeof(int32_t));
  std::memcpy(out.new_shape.data(), shape.data, out.new_shape.size() * sizeof(int32_t));
  return graph::OpOptions(out);
}

Result<graph::OpOptions> ReadSqueeze(const fb::Operator& op, const std::string& where) {
  EB_ASSIGN_OR_RETURN(const fb::SqueezeOptions* in, OptionsAs<fb::SqueezeOptions>(op, where));
  graph::SqueezeOptions out;
  if (in != nullptr && in->squeeze_dims() != nullptr) {
    out.squeeze_dims.assign(in->squeeze_dims()->begin(), in->squeeze_dims()->end());
  }
  return graph::OpOptions(out);
}

Result<graph::OpOptions> ReadMean(const fb::Operator& op, const std::string& where) {
  EB_ASSIGN_OR_RETURN(const fb::ReducerOptions* in, OptionsAs<fb::ReducerOptions>(op, where));
  graph::MeanOptions out;
  if (in != nullptr) out.keep_dims = in->keep_dims();
  return graph::OpOptions(out);
}

Result<graph::OpOptions> ReadSoftmax(const fb::Operator& op, const std::string& where) {
  EB_ASSIGN_OR_RETURN(const fb::SoftmaxOptions* in, OptionsAs<fb::SoftmaxOptions>(op, where));
  graph::SoftmaxOptions out;
  if (in != nullptr) out.beta = in->beta();
  if (!std::isfinite(out.beta)) {
    return Status::Error(fmt::format("{}: beta is not finite", where));
  }
  return graph::OpOptions(out);
}

Result<graph::OpOptions> ReadPostProcess(const fb::Operator& op, const std::string& where) {
  if (op.custom_options_format() != fb::CustomOptionsFormat::FLEXBUFFERS) {
    return Status::Error(
        fmt::format("{}: custom options format {} is unsupported; supported: "
                    "FLEXBUFFERS",
                    where, static_cast<int>(op.custom_options_format())));
  }
  if (op.large_custom_options_offset() > 1) {
    return Status::Error(
        fmt::format("{}: custom options stored outside the flatbuffer are unsupported", where));
  }
  const auto* bytes = op.custom_options();
  Result<graph::DetectionPostProcessOptions> options = ParseDetectionPostProcessOptions(
      bytes != nullptr ? bytes->data() : nullptr, bytes != nullptr ? bytes->size() : 0);
  if (!options.ok()) return options.status().WithPrefix(where + ": ");
  return graph::OpOptions(*options);
}

Result<graph::OpOptions> ReadOptions(OpType type, const fb::Operator& op, const std::string& where,
                                     const graph::Graph& graph) {
  switch (type) {
    case OpType::kConv2D: return ReadConv(op, where);
    case OpType::kDepthwiseConv2D: return ReadDepthwise(op, where);
    case OpType::kAveragePool2D:
    case OpType::kMaxPool2D: return ReadPool(op, where);
    case OpType::kFullyConnected: return ReadFullyConnected(op, where);
    case OpType::kAdd: return ReadElementwise<fb::AddOptions>(op, where);
    case OpType::kMul: return ReadElementwise<fb::MulOptions>(op, where);
    case OpType::kConcatenation: return ReadConcatenation(op, where);
    case OpType::kReshape: return ReadReshape(op, where, graph);
    case OpType::kSqueeze: return ReadSqueeze(op, where);
    case OpType::kMean: return ReadMean(op, where);
    case OpType::kSoftmax: return ReadSoftmax(op, where);
    case OpType::kDetectionPostProcess: return ReadPostProcess(op, where);
    // No parameters (PAD's and QUANTIZE's options tables are empty).
    case OpType::kDequantize:
    case OpType::kLogistic:
    case OpType::kPad:
    case OpType::kQuantize:
    case OpType::kRelu:
    case OpType::kRelu6: return graph::OpOptions();
  }
  return graph::OpOptions();
}

// Resolves the op's type from its operator code, or explains why not.
Result<OpType> ReadOpType(const fb::Model& model, const fb::Operator& op, int index) {
  const uint32_t code_count =
      model.operator_codes() != nullptr ? model.operator_codes()->size() : 0;
  if (op.opcode_index() >= code_count) {
    return Status::Error(
        fmt::format("node {}: opcode index {} is out of range, the model has {} "
                    "operator codes",
                    index, op.opcode_index(), code_count));
  }
  const fb::OperatorCode& code = *model.operator_codes()->Get(op.opcode_index());
  // Files from before schema 3a have only the byte-sized deprecated field;
  // newer ones put 127 there for codes that do not fit it.
  const int32_t builtin =
      std::max<int32_t>(code.deprecated_builtin_code(), static_cast<int32_t>(code.builtin_code()));
  if (builtin == static_cast<int32_t>(fb::BuiltinOperator::CUSTOM)) {
    const std::string custom = code.custom_code() != nullptr ? code.custom_code()->str() : "";
    if (custom == kDetectionPostProcessCode) return OpType::kDetectionPostProcess;
    return Status::Error(fmt::format("node {} (custom \"{}\"): unsupported op; supported: {}",
                                     index, custom, SupportedOpsList()));
  }
  const std::optional<OpType> type = FromBuiltinOperator(static_cast<fb::BuiltinOperator>(builtin));
  if (!type) {
    return Status::Error(fmt::format("node {} ({}): unsupported op; supported: {}", index,
                                     BuiltinOperatorName(builtin), SupportedOpsList()));
  }
  return *type;
}

}  // namespace

Result<graph::Op> ReadOp(const fb::Model& model, const fb::Operator& op, int index,
                         const graph::Graph& graph) {
  EB_ASSIGN_OR_RETURN(OpType type, ReadOpType(model, op, index));
  const std::string where = fmt::format("node {} ({})", index, graph::OpTypeName(type));
  graph::Op out;
  out.type = type;
  if (op.inputs() != nullptr) out.inputs.assign(op.inputs()->begin(), op.inputs()->end());
  if (op.outputs() != nullptr) out.outputs.assign(op.outputs()->begin(), op.outputs()->end());
  EB_ASSIGN_OR_RETURN(out.options, ReadOptions(type, op, where, graph));
  return out;
}

Status CheckDataflow(const graph::Graph& graph) {
  std::vector<bool> written(graph.tensors.size(), false);
  for (int input : graph.inputs) written[input] = true;
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    const graph::Op& op = graph.ops[i];
    const std::string where = graph::DescribeOp(graph, static_cast<int>(i));
    for (size_t k = 0; k < op.inputs.size(); ++k) {
      const int t = op.inputs[k];
      if (t == graph::kNoTensor || graph.tensors[t].is_constant() || written[t]) continue;
      return Status::Error(fmt::format("{}: input {} ({}) is read before any op writes it", where,
                                       k, graph::DescribeTensor(graph, t)));
    }
    for (size_t k = 0; k < op.outputs.size(); ++k) {
      const int t = op.outputs[k];
      if (written[t]) {
        return Status::Error(
            fmt::format("{}: output {} ({}) is already written by a graph input or an earlier op",
                        where, k, graph::DescribeTensor(graph, t)));
      }
      written[t] = true;
    }
  }
  for (int output : graph.outputs) {
    if (!written[output] && !graph.tensors[output].is_constant()) {
      return Status::Error(
          fmt::format("graph output {} is never written", graph::DescribeTensor(graph, output)));
    }
  }
  return Status::Ok();
}

}  // namespace edgebench::tflite::internal
