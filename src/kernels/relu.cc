// RELU: max(0, x). The quantized form follows TFLite: the input is
// requantized to the output's scale, (q - zp_in) * s_in / s_out + zp_out in
// fixed point, then clamped to the activation's quantized range.
#include "kernels/relu.h"

#include <algorithm>

#include "kernels/elementwise.h"
#include "kernels/kernel_util.h"
#include "kernels/quantization.h"
#include "kernels/reference_kernels.h"

namespace edgebench::kernels {
namespace {

using graph::DataType;

class FloatClamp final : public PreparedKernel {
 public:
  FloatClamp(UnaryOperands operands, FloatRange range) : operands_(operands), range_(range) {}

  void Run(const TensorBuffers& buffers) override {
    const float* in = buffers.Get<float>(operands_.input);
    float* out = buffers.Mutable<float>(operands_.output);
    for (int64_t i = 0; i < operands_.num_elements; ++i) {
      out[i] = std::min(std::max(in[i], range_.min), range_.max);
    }
  }

 private:
  UnaryOperands operands_;
  FloatRange range_;
};

struct RequantizeParams {
  int32_t input_zero_point = 0;
  int32_t output_zero_point = 0;
  QuantizedMultiplier multiplier;
  QuantizedRange range;
};

template <typename T>
class QuantizedClamp final : public PreparedKernel {
 public:
  QuantizedClamp(UnaryOperands operands, RequantizeParams params)
      : operands_(operands), params_(params) {}

  void Run(const TensorBuffers& buffers) override {
    const T* in = buffers.Get<T>(operands_.input);
    T* out = buffers.Mutable<T>(operands_.output);
    for (int64_t i = 0; i < operands_.num_elements; ++i) {
      const int32_t raw =
          MultiplyByQuantizedMultiplier(in[i] - params_.input_zero_point, params_.multiplier) +
          params_.output_zero_point;
      out[i] = static_cast<T>(std::clamp(raw, params_.range.min, params_.range.max));
    }
  }

 private:
  UnaryOperands operands_;
  RequantizeParams params_;
};

RequantizeParams MakeRequantizeParams(const graph::Graph& graph, const UnaryOperands& operands,
                                      graph::Activation activation) {
  const graph::Tensor& input = graph.tensors[operands.input];
  const graph::Tensor& output = graph.tensors[operands.output];
  RequantizeParams params;
  params.input_zero_point = TensorZeroPoint(input);
  params.output_zero_point = TensorZeroPoint(output);
  // TFLite divides the scales in float before widening to double.
  const float real_multiplier = TensorScale(input) / TensorScale(output);
  params.multiplier = QuantizeMultiplier(static_cast<double>(real_multiplier));
  params.range = QuantizedActivationRange(activation, output.type, TensorScale(output),
                                          params.output_zero_point);
  return params;
}

}  // namespace

Result<std::unique_ptr<PreparedKernel>> PrepareClampActivation(const graph::Graph& graph,
                                                               const graph::Op& op,
                                                               graph::Activation activation) {
  EB_ASSIGN_OR_RETURN(
      UnaryOperands operands,
      PrepareUnaryOperands(graph, op, {DataType::kFloat32, DataType::kUInt8, DataType::kInt8}));
  switch (operands.type) {
    case DataType::kUInt8:
      return std::unique_ptr<PreparedKernel>(std::make_unique<QuantizedClamp<uint8_t>>(
          operands, MakeRequantizeParams(graph, operands, activation)));
    case DataType::kInt8:
      return std::unique_ptr<PreparedKernel>(std::make_unique<QuantizedClamp<int8_t>>(
          operands, MakeRequantizeParams(graph, operands, activation)));
    default:
      return std::unique_ptr<PreparedKernel>(
          std::make_unique<FloatClamp>(operands, FloatActivationRange(activation)));
  }
}

Result<std::unique_ptr<PreparedKernel>> PrepareRelu(const graph::Graph& graph,
                                                    const graph::Op& op) {
  return PrepareClampActivation(graph, op, graph::Activation::kRelu);
}

}  // namespace edgebench::kernels
