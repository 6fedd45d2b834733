// What the XNNPACK backend claims. Everything checked here is something the
// packaged XNNPACK would reject (or compute differently) at subgraph or
// runtime creation, so Compile of a claimed run does not fail.
#include <xnnpack.h>

#include <algorithm>
#include <cmath>
#include <variant>

#include "backends/xnnpack/xnnpack_ops.h"

namespace edgebench::backends::xnnpack {
namespace {

using graph::DataType;
using graph::OpType;

bool KnownShape(const graph::Tensor& t) {
  if (t.shape.size() > XNN_MAX_TENSOR_DIMS) return false;
  return std::all_of(t.shape.begin(), t.shape.end(), [](int32_t d) { return d > 0; });
}

bool PerTensorQuantized(const graph::Tensor& t) {
  return t.quantization.scale.size() == 1 && t.quantization.zero_point.size() == 1 &&
         std::isfinite(t.quantization.scale[0]) && t.quantization.scale[0] > 0.0f;
}

float Scale(const graph::Tensor& t) { return t.quantization.scale[0]; }
int64_t ZeroPoint(const graph::Tensor& t) { return t.quantization.zero_point[0]; }

bool InRange(double value, int low_exponent, int high_exponent) {
  return value >= std::ldexp(1.0, low_exponent) && value < std::ldexp(1.0, high_exponent);
}

// An activation tensor (or activation-like constant) of the op's element
// type: float32, or uint8 with per-tensor quantization.
bool ActivationTypeOk(const graph::Tensor& t, DataType type) {
  if (t.type != type || !KnownShape(t)) return false;
  if (type == DataType::kFloat32) return true;
  return PerTensorQuantized(t) && ZeroPoint(t) >= 0 && ZeroPoint(t) <= 255;
}

bool SameQuantization(const graph::Tensor& a, const graph::Tensor& b) {
  return a.type == DataType::kFloat32 || (Scale(a) == Scale(b) && ZeroPoint(a) == ZeroPoint(b));
}

int Bias(const graph::Op& op) { return op.inputs.size() > 2 ? op.inputs[2] : graph::kNoTensor; }

// Constant weights (and bias) of CONV_2D, DEPTHWISE_CONV_2D and
// FULLY_CONNECTED, and XNNPACK's limit on the requantization scale.
bool WeightsOk(const graph::Graph& g, const graph::Op& op, DataType type) {
  const graph::Tensor& input = g.tensors[op.inputs[0]];
  const graph::Tensor& filter = g.tensors[op.inputs[1]];
  const graph::Tensor& output = g.tensors[op.outputs[0]];
  if (!filter.is_constant() || !ActivationTypeOk(filter, type) || filter.shape.empty()) {
    return false;
  }
  const int bias = Bias(op);
  if (bias != graph::kNoTensor) {
    const graph::Tensor& b = g.tensors[bias];
    const DataType bias_type = type == DataType::kFloat32 ? DataType::kFloat32 : DataType::kInt32;
    const int32_t channels =
        op.type == OpType::kDepthwiseConv2D ? filter.shape.back() : filter.shape.front();
    if (!b.is_constant() || b.type != bias_type || b.num_elements() != channels) return false;
  }
  if (type == DataType::kFloat32) return true;
  return InRange(double{Scale(input)} * Scale(filter) / Scale(output), -32, 8);
}

bool ConvGeometryOk(int32_t stride_h, int32_t stride_w, int32_t dilation_h, int32_t dilation_w) {
  return stride_h >= 1 && stride_w >= 1 && dilation_h >= 1 && dilation_w >= 1;
}

bool ClaimConv2D(const graph::Graph& g, const graph::Op& op, DataType type) {
  const auto* options = std::get_if<graph::Conv2DOptions>(&op.options);
  const graph::Shape& in = g.tensors[op.inputs[0]].shape;
  const graph::Shape& filter = g.tensors[op.inputs[1]].shape;
  return options != nullptr && in.size() == 4 && filter.size() == 4 && filter[3] == in[3] &&
         g.tensors[op.outputs[0]].shape.size() == 4 &&
         ConvGeometryOk(options->stride_h, options->stride_w, options->dilation_h,
                        options->dilation_w) &&
         WeightsOk(g, op, type);
}

bool ClaimDepthwise(const graph::Graph& g, const graph::Op& op, DataType type) {
  const auto* options = std::get_if<graph::DepthwiseConv2DOptions>(&op.options);
  const graph::Shape& in = g.tensors[op.inputs[0]].shape;
  const graph::Shape& filter = g.tensors[op.inputs[1]].shape;
  return options != nullptr && in.size() == 4 && filter.size() == 4 && filter[0] == 1 &&
         filter[3] % in[3] == 0 && g.tensors[op.outputs[0]].shape.size() == 4 &&
         ConvGeometryOk(options->stride_h, options->stride_w, options->dilation_h,
                        options->dilation_w) &&
         WeightsOk(g, op, type);
}

bool ClaimFullyConnected(const graph::Graph& g, const graph::Op& op, DataType type) {
  const graph::Tensor& input = g.tensors[op.inputs[0]];
  const graph::Shape& weights = g.tensors[op.inputs[1]].shape;
  return std::holds_alternative<graph::FullyConnectedOptions>(op.options) && weights.size() == 2 &&
         input.num_elements() % weights[1] == 0 &&
         g.tensors[op.outputs[0]].num_elements() ==
             input.num_elements() / weights[1] * weights[0] &&
         WeightsOk(g, op, type);
}

// Numpy-style broadcasting of two shapes, as XNNPACK's binary nodes do it.
bool Broadcastable(const graph::Shape& a, const graph::Shape& b) {
  for (size_t i = 1; i <= std::min(a.size(), b.size()); ++i) {
    const int32_t x = a[a.size() - i];
    const int32_t y = b[b.size() - i];
    if (x != y && x != 1 && y != 1) return false;
  }
  return true;
}

bool ClaimBinary(const graph::Graph& g, const graph::Op& op, DataType type) {
  const graph::Tensor& a = g.tensors[op.inputs[0]];
  const graph::Tensor& b = g.tensors[op.inputs[1]];
  const graph::Tensor& out = g.tensors[op.outputs[0]];
  if (!ActivationTypeOk(b, type) || !Broadcastable(a.shape, b.shape) ||
      (a.is_constant() && b.is_constant()) ||
      !std::holds_alternative<graph::ElementwiseOptions>(op.options)) {
    return false;
  }
  if (type == DataType::kFloat32) return true;
  if (op.type == OpType::kAdd) {
    return InRange(Scale(a) / Scale(out), -10, 8) && InRange(Scale(b) / Scale(out), -10, 8);
  }
  return InRange(double{Scale(a)} * Scale(b) / Scale(out), -16, 8);
}

bool ClaimPool(const graph::Graph& g, const graph::Op& op, DataType type) {
  const auto* options = std::get_if<graph::Pool2DOptions>(&op.options);
  const graph::Tensor& in = g.tensors[op.inputs[0]];
  // The packaged XNNPACK has no quint8 average pooling node.
  if (op.type == OpType::kAveragePool2D && type != DataType::kFloat32) return false;
  // XNNPACK rejects 1x1 pooling windows (a copy, or a strided slice).
  return options != nullptr && in.shape.size() == 4 && options->stride_h >= 1 &&
         options->stride_w >= 1 && options->filter_h >= 1 && options->filter_w >= 1 &&
         options->filter_h * options->filter_w > 1 &&
         SameQuantization(in, g.tensors[op.outputs[0]]);
}

// MEAN over H and W of an NHWC tensor: global average pooling.
bool ClaimMean(const graph::Graph& g, const graph::Op& op, DataType type) {
  const graph::Tensor& in = g.tensors[op.inputs[0]];
  const graph::Tensor& axes = g.tensors[op.inputs[1]];
  const graph::Tensor& out = g.tensors[op.outputs[0]];
  if (in.shape.size() != 4 || !axes.is_constant() || axes.type != DataType::kInt32 ||
      axes.num_elements() != 2) {
    return false;
  }
  const auto* values = reinterpret_cast<const int32_t*>(axes.data);
  int32_t a = values[0] < 0 ? values[0] + 4 : values[0];
  int32_t b = values[1] < 0 ? values[1] + 4 : values[1];
  if (std::min(a, b) != 1 || std::max(a, b) != 2) return false;
  if (type == DataType::kFloat32) return true;
  return InRange(Scale(in) / Scale(out), -8, 8);
}

bool ClaimUnary(const graph::Graph& g, const graph::Op& op, DataType type) {
  const graph::Tensor& in = g.tensors[op.inputs[0]];
  const graph::Tensor& out = g.tensors[op.outputs[0]];
  switch (op.type) {
    case OpType::kLogistic:
      // TFLite fixes uint8 LOGISTIC's output to scale 1/256, zero point 0.
      return type == DataType::kFloat32 || (Scale(out) == 1.0f / 256.0f && ZeroPoint(out) == 0);
    case OpType::kSoftmax: {
      const auto* options = std::get_if<graph::SoftmaxOptions>(&op.options);
      // XNNPACK's softmax has no beta, and no quint8 node in this version.
      return type == DataType::kFloat32 && options != nullptr && options->beta == 1.0f &&
             !in.shape.empty();
    }
    default:  // RELU, RELU6, RESHAPE, SQUEEZE: no requantization in XNNPACK.
      return in.num_elements() == out.num_elements() && SameQuantization(in, out);
  }
}

}  // namespace

bool ClaimsOp(const graph::Graph& g, int op_index) {
  const graph::Op& op = g.ops[op_index];
  if (op.inputs.empty() || op.outputs.size() != 1 || op.inputs[0] == graph::kNoTensor) {
    return false;
  }
  const graph::Tensor& input = g.tensors[op.inputs[0]];
  const DataType type = input.type;
  if (type != DataType::kFloat32 && type != DataType::kUInt8) return false;
  if (!ActivationTypeOk(input, type) || !ActivationTypeOk(g.tensors[op.outputs[0]], type)) {
    return false;
  }
  if (input.is_constant() && op.type != OpType::kAdd && op.type != OpType::kMul) return false;
  switch (op.type) {
    case OpType::kConv2D: return ClaimConv2D(g, op, type);
    case OpType::kDepthwiseConv2D: return ClaimDepthwise(g, op, type);
    case OpType::kFullyConnected: return ClaimFullyConnected(g, op, type);
    case OpType::kAdd:
    case OpType::kMul: return ClaimBinary(g, op, type);
    case OpType::kAveragePool2D:
    case OpType::kMaxPool2D: return ClaimPool(g, op, type);
    case OpType::kMean: return ClaimMean(g, op, type);
    case OpType::kLogistic:
    case OpType::kRelu:
    case OpType::kRelu6:
    case OpType::kReshape:
    case OpType::kSqueeze:
    case OpType::kSoftmax: return ClaimUnary(g, op, type);
    default: return false;
  }
}

}  // namespace edgebench::backends::xnnpack
