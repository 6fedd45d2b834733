// LOGISTIC: 1 / (1 + exp(-x)). UINT8 and INT8 go through a 256-entry table
// built in Prepare from the definition (dequantize every possible input,
// apply the sigmoid, quantize to the output), as TFLite's optimized kernels
// do. TFLite fixes the output quantization to scale 1/256 with zero point 0
// (UINT8) or -128 (INT8), so the table covers [0, 1) without waste.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>

#include "kernels/elementwise.h"
#include "kernels/kernel_util.h"
#include "kernels/reference_kernels.h"

namespace edgebench::kernels {
namespace {

using graph::DataType;

float Sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

class FloatLogistic final : public PreparedKernel {
 public:
  explicit FloatLogistic(UnaryOperands operands) : operands_(operands) {}

  void Run(const TensorBuffers& buffers) override {
    const float* in = buffers.Get<float>(operands_.input);
    float* out = buffers.Mutable<float>(operands_.output);
    for (int64_t i = 0; i < operands_.num_elements; ++i) out[i] = Sigmoid(in[i]);
  }

 private:
  UnaryOperands operands_;
};

// Indexed by the input's raw byte, so UINT8 and INT8 share one kernel.
using ByteTable = std::array<uint8_t, 256>;

template <typename T>
ByteTable MakeSigmoidTable(const graph::Tensor& input, const graph::Tensor& output) {
  const float input_scale = TensorScale(input);
  const int32_t input_zero_point = TensorZeroPoint(input);
  const float output_scale = TensorScale(output);
  const int32_t output_zero_point = TensorZeroPoint(output);
  const QuantizedRange range = TypeRange(output.type);
  ByteTable table{};
  for (int32_t q = range.min; q <= range.max; ++q) {
    const float real = input_scale * static_cast<float>(q - input_zero_point);
    const float quantized = std::round(Sigmoid(real) / output_scale) + output_zero_point;
    const float clamped =
        std::min(std::max(quantized, static_cast<float>(range.min)), static_cast<float>(range.max));
    table[static_cast<uint8_t>(static_cast<T>(q))] =
        static_cast<uint8_t>(static_cast<T>(static_cast<int32_t>(clamped)));
  }
  return table;
}

class TableLookup final : public PreparedKernel {
 public:
  TableLookup(UnaryOperands operands, ByteTable table) : operands_(operands), table_(table) {}

  void Run(const TensorBuffers& buffers) override {
    const uint8_t* in = buffers.Get<uint8_t>(operands_.input);
    uint8_t* out = buffers.Mutable<uint8_t>(operands_.output);
    for (int64_t i = 0; i < operands_.num_elements; ++i) out[i] = table_[in[i]];
  }

 private:
  UnaryOperands operands_;
  ByteTable table_;
};

Status ExpectSigmoidOutputQuantization(const graph::Graph& graph, int tensor) {
  const graph::Tensor& output = graph.tensors[tensor];
  const int32_t expected_zero_point = output.type == DataType::kUInt8 ? 0 : -128;
  if (TensorScale(output) == 1.0f / 256 && TensorZeroPoint(output) == expected_zero_point) {
    return Status::Ok();
  }
  return Status::Error(fmt::format(
      "output 0 ({}) has scale {} and zero point {}, expected scale 1/256 and zero point {} "
      "for {} LOGISTIC",
      graph::DescribeTensor(graph, tensor), TensorScale(output), TensorZeroPoint(output),
      expected_zero_point, graph::DataTypeName(output.type)));
}

}  // namespace

Result<std::unique_ptr<PreparedKernel>> PrepareLogistic(const graph::Graph& graph,
                                                        const graph::Op& op) {
  EB_ASSIGN_OR_RETURN(
      UnaryOperands operands,
      PrepareUnaryOperands(graph, op, {DataType::kFloat32, DataType::kUInt8, DataType::kInt8}));
  if (operands.type == DataType::kFloat32) {
    return std::unique_ptr<PreparedKernel>(std::make_unique<FloatLogistic>(operands));
  }
  EB_RETURN_IF_ERROR(ExpectSigmoidOutputQuantization(graph, operands.output));
  const graph::Tensor& input = graph.tensors[operands.input];
  const graph::Tensor& output = graph.tensors[operands.output];
  const ByteTable table = operands.type == DataType::kUInt8
                              ? MakeSigmoidTable<uint8_t>(input, output)
                              : MakeSigmoidTable<int8_t>(input, output);
  return std::unique_ptr<PreparedKernel>(std::make_unique<TableLookup>(operands, table));
}

}  // namespace edgebench::kernels
