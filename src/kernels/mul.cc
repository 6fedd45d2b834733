// MUL: element-wise product with NumPy broadcasting and a fused activation.
// Quantized: (q1 - zp1) * (q2 - zp2) rescaled by s1 * s2 / s_out in TFLite's
// fixed point, plus the output zero point, clamped.
#include <algorithm>
#include <memory>
#include <utility>

#include "kernels/broadcast.h"
#include "kernels/kernel_util.h"
#include "kernels/quantization.h"
#include "kernels/reference_kernels.h"

namespace edgebench::kernels {
namespace {

using graph::DataType;

class FloatMul final : public PreparedKernel {
 public:
  FloatMul(BinaryOperands operands, FloatRange range)
      : operands_(std::move(operands)), range_(range) {}

  void Run(const TensorBuffers& buffers) override {
    const float* a = buffers.Get<float>(operands_.input1);
    const float* b = buffers.Get<float>(operands_.input2);
    float* out = buffers.Mutable<float>(operands_.output);
    ForEachBroadcastIndex(operands_.plan, [&](int64_t o, int64_t i, int64_t j) {
      out[o] = std::min(std::max(a[i] * b[j], range_.min), range_.max);
    });
  }

 private:
  BinaryOperands operands_;
  FloatRange range_;
};

struct QuantizedMulParams {
  int32_t input1_zero_point = 0;
  int32_t input2_zero_point = 0;
  int32_t output_zero_point = 0;
  QuantizedMultiplier multiplier;
  QuantizedRange range;
};

template <typename T>
class QuantizedMul final : public PreparedKernel {
 public:
  QuantizedMul(BinaryOperands operands, QuantizedMulParams params)
      : operands_(std::move(operands)), params_(params) {}

  void Run(const TensorBuffers& buffers) override {
    const T* a = buffers.Get<T>(operands_.input1);
    const T* b = buffers.Get<T>(operands_.input2);
    T* out = buffers.Mutable<T>(operands_.output);
    ForEachBroadcastIndex(operands_.plan, [&](int64_t o, int64_t i, int64_t j) {
      // Zero points are in the type's range, so the product is below 2^16.
      const int32_t product =
          (a[i] - params_.input1_zero_point) * (b[j] - params_.input2_zero_point);
      const int32_t raw =
          MultiplyByQuantizedMultiplier(product, params_.multiplier) + params_.output_zero_point;
      out[o] = static_cast<T>(std::clamp(raw, params_.range.min, params_.range.max));
    });
  }

 private:
  BinaryOperands operands_;
  QuantizedMulParams params_;
};

QuantizedMulParams MakeQuantizedMulParams(const graph::Graph& graph, const BinaryOperands& operands,
                                          graph::Activation activation) {
  const graph::Tensor& input1 = graph.tensors[operands.input1];
  const graph::Tensor& input2 = graph.tensors[operands.input2];
  const graph::Tensor& output = graph.tensors[operands.output];
  const float output_scale = TensorScale(output);
  // TFLite forms this multiplier in float before widening to double; doing
  // the same keeps the rounded multiplier bit-identical.
  const float real_multiplier = TensorScale(input1) * TensorScale(input2) / output_scale;

  QuantizedMulParams params;
  params.input1_zero_point = TensorZeroPoint(input1);
  params.input2_zero_point = TensorZeroPoint(input2);
  params.output_zero_point = TensorZeroPoint(output);
  params.multiplier = QuantizeMultiplier(static_cast<double>(real_multiplier));
  params.range =
      QuantizedActivationRange(activation, output.type, output_scale, params.output_zero_point);
  return params;
}

}  // namespace

Result<std::unique_ptr<PreparedKernel>> PrepareMul(const graph::Graph& graph, const graph::Op& op) {
  EB_ASSIGN_OR_RETURN(BinaryOperands operands, PrepareBinaryOperands(graph, op));
  const graph::Activation activation = std::get<graph::ElementwiseOptions>(op.options).activation;
  switch (operands.type) {
    case DataType::kUInt8: {
      const QuantizedMulParams params = MakeQuantizedMulParams(graph, operands, activation);
      return std::unique_ptr<PreparedKernel>(
          std::make_unique<QuantizedMul<uint8_t>>(std::move(operands), params));
    }
    case DataType::kInt8: {
      const QuantizedMulParams params = MakeQuantizedMulParams(graph, operands, activation);
      return std::unique_ptr<PreparedKernel>(
          std::make_unique<QuantizedMul<int8_t>>(std::move(operands), params));
    }
    default:
      return std::unique_ptr<PreparedKernel>(
          std::make_unique<FloatMul>(std::move(operands), FloatActivationRange(activation)));
  }
}

}  // namespace edgebench::kernels
