#include "tflite/type_map.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <vector>

namespace edgebench::tflite {
namespace {

using graph::DataType;
using graph::OpType;

// Every OpType, so lists derived from it cannot forget one.
constexpr OpType kAllOpTypes[] = {
    OpType::kAdd,
    OpType::kAveragePool2D,
    OpType::kConcatenation,
    OpType::kConv2D,
    OpType::kDepthwiseConv2D,
    OpType::kDequantize,
    OpType::kDetectionPostProcess,
    OpType::kFullyConnected,
    OpType::kLogistic,
    OpType::kMaxPool2D,
    OpType::kMean,
    OpType::kMul,
    OpType::kPad,
    OpType::kQuantize,
    OpType::kRelu,
    OpType::kRelu6,
    OpType::kReshape,
    OpType::kSoftmax,
    OpType::kSqueeze,
};

constexpr DataType kAllDataTypes[] = {DataType::kFloat32, DataType::kUInt8, DataType::kInt8,
                                      DataType::kInt32,   DataType::kInt64, DataType::kInt16,
                                      DataType::kBool};

}  // namespace

std::optional<DataType> FromTensorType(fb::TensorType type) {
  switch (type) {
    case fb::TensorType::FLOAT32: return DataType::kFloat32;
    case fb::TensorType::UINT8: return DataType::kUInt8;
    case fb::TensorType::INT8: return DataType::kInt8;
    case fb::TensorType::INT32: return DataType::kInt32;
    case fb::TensorType::INT64: return DataType::kInt64;
    case fb::TensorType::INT16: return DataType::kInt16;
    case fb::TensorType::BOOL: return DataType::kBool;
    default: return std::nullopt;
  }
}

fb::TensorType ToTensorType(DataType type) {
  switch (type) {
    case DataType::kFloat32: return fb::TensorType::FLOAT32;
    case DataType::kUInt8: return fb::TensorType::UINT8;
    case DataType::kInt8: return fb::TensorType::INT8;
    case DataType::kInt32: return fb::TensorType::INT32;
    case DataType::kInt64: return fb::TensorType::INT64;
    case DataType::kInt16: return fb::TensorType::INT16;
    case DataType::kBool: return fb::TensorType::BOOL;
  }
  return fb::TensorType::FLOAT32;
}

std::optional<OpType> FromBuiltinOperator(fb::BuiltinOperator code) {
  using B = fb::BuiltinOperator;
  switch (code) {
    case B::ADD: return OpType::kAdd;
    case B::AVERAGE_POOL_2D: return OpType::kAveragePool2D;
    case B::CONCATENATION: return OpType::kConcatenation;
    case B::CONV_2D: return OpType::kConv2D;
    case B::DEPTHWISE_CONV_2D: return OpType::kDepthwiseConv2D;
    case B::DEQUANTIZE: return OpType::kDequantize;
    case B::FULLY_CONNECTED: return OpType::kFullyConnected;
    case B::LOGISTIC: return OpType::kLogistic;
    case B::MAX_POOL_2D: return OpType::kMaxPool2D;
    case B::MEAN: return OpType::kMean;
    case B::MUL: return OpType::kMul;
    case B::PAD: return OpType::kPad;
    case B::QUANTIZE: return OpType::kQuantize;
    case B::RELU: return OpType::kRelu;
    case B::RELU6: return OpType::kRelu6;
    case B::RESHAPE: return OpType::kReshape;
    case B::SOFTMAX: return OpType::kSoftmax;
    case B::SQUEEZE: return OpType::kSqueeze;
    default: return std::nullopt;
  }
}

fb::BuiltinOperator ToBuiltinOperator(OpType type) {
  using B = fb::BuiltinOperator;
  switch (type) {
    case OpType::kAdd: return B::ADD;
    case OpType::kAveragePool2D: return B::AVERAGE_POOL_2D;
    case OpType::kConcatenation: return B::CONCATENATION;
    case OpType::kConv2D: return B::CONV_2D;
    case OpType::kDepthwiseConv2D: return B::DEPTHWISE_CONV_2D;
    case OpType::kDequantize: return B::DEQUANTIZE;
    case OpType::kDetectionPostProcess: return B::CUSTOM;
    case OpType::kFullyConnected: return B::FULLY_CONNECTED;
    case OpType::kLogistic: return B::LOGISTIC;
    case OpType::kMaxPool2D: return B::MAX_POOL_2D;
    case OpType::kMean: return B::MEAN;
    case OpType::kMul: return B::MUL;
    case OpType::kPad: return B::PAD;
    case OpType::kQuantize: return B::QUANTIZE;
    case OpType::kRelu: return B::RELU;
    case OpType::kRelu6: return B::RELU6;
    case OpType::kReshape: return B::RESHAPE;
    case OpType::kSoftmax: return B::SOFTMAX;
    case OpType::kSqueeze: return B::SQUEEZE;
  }
  return B::CUSTOM;
}

std::optional<graph::Activation> FromActivation(fb::ActivationFunctionType activation) {
  switch (activation) {
    case fb::ActivationFunctionType::NONE: return graph::Activation::kNone;
    case fb::ActivationFunctionType::RELU: return graph::Activation::kRelu;
    case fb::ActivationFunctionType::RELU_N1_TO_1: return graph::Activation::kReluN1To1;
    case fb::ActivationFunctionType::RELU6: return graph::Activation::kRelu6;
    default: return std::nullopt;
  }
}

fb::ActivationFunctionType ToActivation(graph::Activation activation) {
  switch (activation) {
    case graph::Activation::kNone: return fb::ActivationFunctionType::NONE;
    case graph::Activation::kRelu: return fb::ActivationFunctionType::RELU;
    case graph::Activation::kReluN1To1: return fb::ActivationFunctionType::RELU_N1_TO_1;
    case graph::Activation::kRelu6: return fb::ActivationFunctionType::RELU6;
  }
  return fb::ActivationFunctionType::NONE;
}

std::optional<graph::Padding> FromPadding(fb::Padding padding) {
  switch (padding) {
    case fb::Padding::SAME: return graph::Padding::kSame;
    case fb::Padding::VALID: return graph::Padding::kValid;
    default: return std::nullopt;
  }
}

fb::Padding ToPadding(graph::Padding padding) {
  return padding == graph::Padding::kValid ? fb::Padding::VALID : fb::Padding::SAME;
}

const std::string& SupportedOpsList() {
  static const std::string list = [] {
    std::vector<std::string_view> names;
    for (OpType type : kAllOpTypes) names.push_back(graph::OpTypeName(type));
    std::sort(names.begin(), names.end());
    return fmt::format("{}", fmt::join(names, ", "));
  }();
  return list;
}

const std::string& SupportedTypesList() {
  static const std::string list = [] {
    std::vector<std::string_view> names;
    for (DataType type : kAllDataTypes) names.push_back(graph::DataTypeName(type));
    return fmt::format("{}", fmt::join(names, ", "));
  }();
  return list;
}

std::string BuiltinOperatorName(int32_t code) {
  const auto value = static_cast<fb::BuiltinOperator>(code);
  if (code >= static_cast<int32_t>(fb::BuiltinOperator::MIN) &&
      code <= static_cast<int32_t>(fb::BuiltinOperator::MAX)) {
    const char* name = fb::EnumNameBuiltinOperator(value);
    if (name != nullptr && name[0] != '\0') return name;
  }
  return fmt::format("builtin code {}", code);
}

std::string TensorTypeName(int8_t type) {
  if (type >= static_cast<int8_t>(fb::TensorType::MIN) &&
      type <= static_cast<int8_t>(fb::TensorType::MAX)) {
    return fb::EnumNameTensorType(static_cast<fb::TensorType>(type));
  }
  return fmt::format("type {}", type);
}

}  // namespace edgebench::tflite
