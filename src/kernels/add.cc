// ADD: element-wise sum with NumPy broadcasting and a fused activation.
// Quantized inputs are brought to a common scale in fixed point exactly as
// TensorFlow Lite does (inputs shifted left by 20 bits, each scaled by its
// scale over twice the larger input scale, the sum rescaled to the output).
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

class FloatAdd final : public PreparedKernel {
 public:
  FloatAdd(BinaryOperands operands, FloatRange range)
      : operands_(std::move(operands)), range_(range) {}

  void Run(const TensorBuffers& buffers) override {
    const float* a = buffers.Get<float>(operands_.input1);
    const float* b = buffers.Get<float>(operands_.input2);
    float* out = buffers.Mutable<float>(operands_.output);
    ForEachBroadcastIndex(operands_.plan, [&](int64_t o, int64_t i, int64_t j) {
      out[o] = std::min(std::max(a[i] + b[j], range_.min), range_.max);
    });
  }

 private:
  BinaryOperands operands_;
  FloatRange range_;
};

// TFLite's fixed-point parameters for 8-bit ADD.
struct QuantizedAddParams {
  int32_t input1_offset = 0;  // -zero point
  int32_t input2_offset = 0;
  int32_t output_offset = 0;  // +zero point
  QuantizedMultiplier input1_multiplier;
  QuantizedMultiplier input2_multiplier;
  QuantizedMultiplier output_multiplier;
  QuantizedRange range;
};

constexpr int kLeftShift = 20;

template <typename T>
class QuantizedAdd final : public PreparedKernel {
 public:
  QuantizedAdd(BinaryOperands operands, QuantizedAddParams params)
      : operands_(std::move(operands)), params_(params) {}

  void Run(const TensorBuffers& buffers) override {
    const T* a = buffers.Get<T>(operands_.input1);
    const T* b = buffers.Get<T>(operands_.input2);
    T* out = buffers.Mutable<T>(operands_.output);
    ForEachBroadcastIndex(operands_.plan, [&](int64_t o, int64_t i, int64_t j) {
      out[o] = static_cast<T>(AddOne(a[i], b[j]));
    });
  }

 private:
  int32_t AddOne(T a, T b) const {
    // |q - zp| < 2^9, so the shifted values fit in 30 bits.
    const int32_t shifted1 = (params_.input1_offset + a) * (1 << kLeftShift);
    const int32_t shifted2 = (params_.input2_offset + b) * (1 << kLeftShift);
    const int32_t scaled1 = MultiplyByQuantizedMultiplier(shifted1, params_.input1_multiplier);
    const int32_t scaled2 = MultiplyByQuantizedMultiplier(shifted2, params_.input2_multiplier);
    const int32_t raw =
        MultiplyByQuantizedMultiplier(scaled1 + scaled2, params_.output_multiplier) +
        params_.output_offset;
    return std::clamp(raw, params_.range.min, params_.range.max);
  }

  BinaryOperands operands_;
  QuantizedAddParams params_;
};

QuantizedAddParams MakeQuantizedAddParams(const graph::Graph& graph, const BinaryOperands& operands,
                                          graph::Activation activation) {
  const graph::Tensor& input1 = graph.tensors[operands.input1];
  const graph::Tensor& input2 = graph.tensors[operands.input2];
  const graph::Tensor& output = graph.tensors[operands.output];
  const float scale1 = TensorScale(input1);
  const float scale2 = TensorScale(input2);
  const float output_scale = TensorScale(output);
  // Float and double steps as in TFLite's Prepare, so the rounded multipliers
  // come out bit-identical.
  const double twice_max_input_scale = 2 * std::max(scale1, scale2);
  const double real_output_multiplier = twice_max_input_scale / ((1 << kLeftShift) * output_scale);

  QuantizedAddParams params;
  params.input1_offset = -TensorZeroPoint(input1);
  params.input2_offset = -TensorZeroPoint(input2);
  params.output_offset = TensorZeroPoint(output);
  params.input1_multiplier = QuantizeMultiplier(scale1 / twice_max_input_scale);
  params.input2_multiplier = QuantizeMultiplier(scale2 / twice_max_input_scale);
  params.output_multiplier = QuantizeMultiplier(real_output_multiplier);
  params.range =
      QuantizedActivationRange(activation, output.type, output_scale, params.output_offset);
  return params;
}

}  // namespace

Result<std::unique_ptr<PreparedKernel>> PrepareAdd(const graph::Graph& graph, const graph::Op& op) {
  EB_ASSIGN_OR_RETURN(BinaryOperands operands, PrepareBinaryOperands(graph, op));
  const graph::Activation activation = std::get<graph::ElementwiseOptions>(op.options).activation;
  switch (operands.type) {
    case DataType::kUInt8: {
      const QuantizedAddParams params = MakeQuantizedAddParams(graph, operands, activation);
      return std::unique_ptr<PreparedKernel>(
          std::make_unique<QuantizedAdd<uint8_t>>(std::move(operands), params));
    }
    case DataType::kInt8: {
      const QuantizedAddParams params = MakeQuantizedAddParams(graph, operands, activation);
      return std::unique_ptr<PreparedKernel>(
          std::make_unique<QuantizedAdd<int8_t>>(std::move(operands), params));
    }
    default:
      return std::unique_ptr<PreparedKernel>(
          std::make_unique<FloatAdd>(std::move(operands), FloatActivationRange(activation)));
  }
}

}  // namespace edgebench::kernels
