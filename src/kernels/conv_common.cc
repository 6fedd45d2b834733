#include "kernels/conv_common.h"

#include <fmt/format.h>

#include <string>

namespace edgebench::kernels {

using graph::DataType;
using graph::DescribeTensor;

Result<DataType> CheckConvTypes(const graph::Graph& graph, const graph::Op& op) {
  EB_RETURN_IF_ERROR(ExpectInputType(graph, op, kConvInput,
                                     {DataType::kFloat32, DataType::kUInt8, DataType::kInt8}));
  const DataType type = graph.tensors[op.inputs[kConvInput]].type;
  // Hybrid ops (float input, int8 weights) are not part of the reference set.
  EB_RETURN_IF_ERROR(ExpectInputType(graph, op, kConvWeights, {type}));
  EB_RETURN_IF_ERROR(ExpectOutputType(graph, op, 0, type));
  return type;
}

int BiasTensor(const graph::Op& op) {
  return op.inputs.size() > kConvBias ? op.inputs[kConvBias] : graph::kNoTensor;
}

Status CheckBiasType(const graph::Graph& graph, const graph::Op& op, DataType input_type) {
  if (BiasTensor(op) == graph::kNoTensor) return Status::Ok();
  const DataType expected =
      input_type == DataType::kFloat32 ? DataType::kFloat32 : DataType::kInt32;
  return ExpectInputType(graph, op, kConvBias, {expected});
}

namespace {

// Weight scales, one per output channel (a per-tensor scale repeated).
Result<std::vector<float>> WeightScales(const graph::Graph& graph, const graph::Op& op,
                                        int channel_axis, int32_t channels) {
  const int weights = op.inputs[kConvWeights];
  const graph::Tensor& tensor = graph.tensors[weights];
  if (tensor.type == DataType::kUInt8) {
    EB_RETURN_IF_ERROR(ExpectPerTensorQuantization(graph, weights));
    return std::vector<float>(channels, tensor.quantization.scale[0]);
  }
  const graph::Quantization& q = tensor.quantization;
  const bool per_tensor = q.scale.size() == 1;
  const bool per_channel =
      q.scale.size() == static_cast<size_t>(channels) && q.axis == channel_axis;
  if (!per_tensor && !per_channel) {
    return Status::Error(fmt::format(
        "{} needs one quantization scale or {} scales on axis {}, found {} on axis {}",
        DescribeTensor(graph, weights), channels, channel_axis, q.scale.size(), q.axis));
  }
  for (size_t i = 0; i < q.scale.size(); ++i) {
    if (!(q.scale[i] > 0.0f)) {
      return Status::Error(fmt::format("{} has quantization scale {} at {}, expected > 0",
                                       DescribeTensor(graph, weights), q.scale[i], i));
    }
  }
  for (size_t i = 0; i < q.zero_point.size(); ++i) {
    if (q.zero_point[i] != 0) {
      return Status::Error(
          fmt::format("{} is INT8 with zero point {} at {}, expected 0 (symmetric weights)",
                      DescribeTensor(graph, weights), q.zero_point[i], i));
    }
  }
  if (per_tensor) return std::vector<float>(channels, q.scale[0]);
  return q.scale;
}

}  // namespace

Result<ConvQuantization> PrepareConvQuantization(const graph::Graph& graph, const graph::Op& op,
                                                 int channel_axis, int32_t channels,
                                                 graph::Activation activation) {
  const graph::Tensor& input = graph.tensors[op.inputs[kConvInput]];
  const graph::Tensor& weights = graph.tensors[op.inputs[kConvWeights]];
  const graph::Tensor& output = graph.tensors[op.outputs[0]];
  EB_RETURN_IF_ERROR(ExpectPerTensorQuantization(graph, op.inputs[kConvInput]));
  EB_RETURN_IF_ERROR(ExpectPerTensorQuantization(graph, op.outputs[0]));
  EB_ASSIGN_OR_RETURN(std::vector<float> weight_scales,
                      WeightScales(graph, op, channel_axis, channels));

  ConvQuantization q;
  q.input_offset = -TensorZeroPoint(input);
  q.weights_offset = -TensorZeroPoint(weights);
  q.output_offset = TensorZeroPoint(output);
  q.multipliers.reserve(weight_scales.size());
  // Products in double from the float scales, as TFLite computes them.
  const double input_scale = static_cast<double>(TensorScale(input));
  const double output_scale = static_cast<double>(TensorScale(output));
  for (float weight_scale : weight_scales) {
    q.multipliers.push_back(
        QuantizeMultiplier(input_scale * static_cast<double>(weight_scale) / output_scale));
  }
  q.clamp = QuantizedActivationRange(activation, output.type, TensorScale(output),
                                     TensorZeroPoint(output));
  return q;
}

ConvGeometry ComputeConvGeometry(const graph::Graph& graph, const graph::Op& op, int32_t filter_h,
                                 int32_t filter_w, const ConvWindow& window) {
  const graph::Shape& in = graph.tensors[op.inputs[kConvInput]].shape;
  ConvGeometry g;
  g.batches = in[0];
  g.input_h = in[1];
  g.input_w = in[2];
  g.input_c = in[3];
  g.filter_h = filter_h;
  g.filter_w = filter_w;
  g.stride_h = window.stride_h;
  g.stride_w = window.stride_w;
  g.dilation_h = window.dilation_h;
  g.dilation_w = window.dilation_w;
  g.output_h = ConvOutputSize(window.padding, g.input_h, filter_h, g.stride_h, g.dilation_h);
  g.output_w = ConvOutputSize(window.padding, g.input_w, filter_w, g.stride_w, g.dilation_w);
  g.pad_top = ConvPaddingBefore(window.padding, g.input_h, filter_h, g.stride_h, g.dilation_h);
  g.pad_left = ConvPaddingBefore(window.padding, g.input_w, filter_w, g.stride_w, g.dilation_w);
  return g;
}

}  // namespace edgebench::kernels
