// QUANTIZE: FLOAT32 -> UINT8/INT8 as round(x / scale) + zero_point (ties away
// from zero) clamped to the type; UINT8/INT8 -> UINT8/INT8 as TFLite's
// Requantize: (q - zp_in) * s_in / s_out in fixed point, plus zp_out,
// clamped to the output type.
#include <algorithm>
#include <cmath>
#include <memory>

#include "kernels/elementwise.h"
#include "kernels/kernel_util.h"
#include "kernels/quantization.h"
#include "kernels/reference_kernels.h"

namespace edgebench::kernels {
namespace {

using graph::DataType;

struct QuantizeOperands {
  int input = 0;
  int output = 0;
  int64_t num_elements = 0;
  int32_t output_zero_point = 0;
  QuantizedRange range;  // of the output type
};

template <typename Out>
class AffineQuantize final : public PreparedKernel {
 public:
  AffineQuantize(QuantizeOperands operands, float scale) : operands_(operands), scale_(scale) {}

  void Run(const TensorBuffers& buffers) override {
    const float* in = buffers.Get<float>(operands_.input);
    Out* out = buffers.Mutable<Out>(operands_.output);
    for (int64_t i = 0; i < operands_.num_elements; ++i) {
      out[i] = static_cast<Out>(QuantizeValue(in[i], scale_, operands_.output_zero_point,
                                              operands_.range.min, operands_.range.max));
    }
  }

 private:
  QuantizeOperands operands_;
  float scale_;
};

template <typename In, typename Out>
class Requantize final : public PreparedKernel {
 public:
  Requantize(QuantizeOperands operands, int32_t input_zero_point, QuantizedMultiplier multiplier)
      : operands_(operands), input_zero_point_(input_zero_point), multiplier_(multiplier) {}

  void Run(const TensorBuffers& buffers) override {
    const In* in = buffers.Get<In>(operands_.input);
    Out* out = buffers.Mutable<Out>(operands_.output);
    for (int64_t i = 0; i < operands_.num_elements; ++i) {
      const int32_t raw = MultiplyByQuantizedMultiplier(in[i] - input_zero_point_, multiplier_) +
                          operands_.output_zero_point;
      out[i] = static_cast<Out>(std::clamp(raw, operands_.range.min, operands_.range.max));
    }
  }

 private:
  QuantizeOperands operands_;
  int32_t input_zero_point_;
  QuantizedMultiplier multiplier_;
};

template <typename In>
std::unique_ptr<PreparedKernel> MakeRequantize(const QuantizeOperands& operands,
                                               DataType output_type, int32_t input_zero_point,
                                               QuantizedMultiplier multiplier) {
  if (output_type == DataType::kUInt8) {
    return std::make_unique<Requantize<In, uint8_t>>(operands, input_zero_point, multiplier);
  }
  return std::make_unique<Requantize<In, int8_t>>(operands, input_zero_point, multiplier);
}

}  // namespace

Result<std::unique_ptr<PreparedKernel>> PrepareQuantize(const graph::Graph& graph,
                                                        const graph::Op& op) {
  EB_RETURN_IF_ERROR(
      ExpectInputType(graph, op, 0, {DataType::kFloat32, DataType::kUInt8, DataType::kInt8}));
  const graph::Tensor& input = graph.tensors[op.inputs[0]];
  const graph::Tensor& output = graph.tensors[op.outputs[0]];
  if (output.type != DataType::kInt8) {
    EB_RETURN_IF_ERROR(ExpectOutputType(graph, op, 0, DataType::kUInt8));
  }
  EB_RETURN_IF_ERROR(ExpectOutputShape(graph, op, 0, input.shape));
  EB_RETURN_IF_ERROR(Expect8BitQuantization(graph, op.outputs[0]));

  QuantizeOperands operands;
  operands.input = op.inputs[0];
  operands.output = op.outputs[0];
  operands.num_elements = input.num_elements();
  operands.output_zero_point = TensorZeroPoint(output);
  operands.range = TypeRange(output.type);
  const float output_scale = TensorScale(output);

  if (input.type == DataType::kFloat32) {
    if (output.type == DataType::kUInt8) {
      return std::unique_ptr<PreparedKernel>(
          std::make_unique<AffineQuantize<uint8_t>>(operands, output_scale));
    }
    return std::unique_ptr<PreparedKernel>(
        std::make_unique<AffineQuantize<int8_t>>(operands, output_scale));
  }

  EB_RETURN_IF_ERROR(Expect8BitQuantization(graph, op.inputs[0]));
  const QuantizedMultiplier multiplier = QuantizeMultiplier(
      static_cast<double>(TensorScale(input)) / static_cast<double>(output_scale));
  const int32_t input_zero_point = TensorZeroPoint(input);
  if (input.type == DataType::kUInt8) {
    return MakeRequantize<uint8_t>(operands, output.type, input_zero_point, multiplier);
  }
  return MakeRequantize<int8_t>(operands, output.type, input_zero_point, multiplier);
}

}  // namespace edgebench::kernels
