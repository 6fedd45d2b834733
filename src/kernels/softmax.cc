// SOFTMAX over the last axis with TFLite's beta: exp(beta * (x - max)) / sum.
// UINT8 and INT8 follow TFLite's optimized kernel: a table of
// exp(-beta * s_in * d) for every distance d = max - q in [0, 255], built in
// Prepare, then each row normalized and quantized to the output, whose
// quantization TFLite fixes at scale 1/256 and zero point 0 (UINT8) or -128
// (INT8).
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

// The softmax rows: `rows` rows of `depth` contiguous elements.
struct RowLayout {
  int64_t rows = 0;
  int64_t depth = 0;
};

class FloatSoftmax final : public PreparedKernel {
 public:
  FloatSoftmax(UnaryOperands operands, RowLayout layout, float beta)
      : operands_(operands), layout_(layout), beta_(beta) {}

  void Run(const TensorBuffers& buffers) override {
    for (int64_t row = 0; row < layout_.rows; ++row) {
      const float* in = buffers.Get<float>(operands_.input) + row * layout_.depth;
      float* out = buffers.Mutable<float>(operands_.output) + row * layout_.depth;
      const float max = *std::max_element(in, in + layout_.depth);
      float sum = 0.0f;
      // Each input is read before its output is written, and the second loop
      // reads only the output, so this also works in place.
      for (int64_t c = 0; c < layout_.depth; ++c) {
        out[c] = std::exp((in[c] - max) * beta_);
        sum += out[c];
      }
      for (int64_t c = 0; c < layout_.depth; ++c) out[c] /= sum;
    }
  }

 private:
  UnaryOperands operands_;
  RowLayout layout_;
  float beta_;
};

struct QuantizedSoftmaxParams {
  // exp_of_distance[d] = exp(-beta * input_scale * d).
  std::array<float, 256> exp_of_distance{};
  float output_scale = 0.0f;
  int32_t output_zero_point = 0;
};

template <typename T>
class QuantizedSoftmax final : public PreparedKernel {
 public:
  QuantizedSoftmax(UnaryOperands operands, RowLayout layout, QuantizedSoftmaxParams params)
      : operands_(operands), layout_(layout), params_(params) {}

  void Run(const TensorBuffers& buffers) override {
    const QuantizedRange range = TypeRange(operands_.type);
    for (int64_t row = 0; row < layout_.rows; ++row) {
      const T* in = buffers.Get<T>(operands_.input) + row * layout_.depth;
      T* out = buffers.Mutable<T>(operands_.output) + row * layout_.depth;
      const int32_t max = *std::max_element(in, in + layout_.depth);
      float sum = 0.0f;
      for (int64_t c = 0; c < layout_.depth; ++c) sum += params_.exp_of_distance[max - in[c]];
      const float inverse = 1.0f / (sum * params_.output_scale);
      for (int64_t c = 0; c < layout_.depth; ++c) {
        const float scaled = params_.exp_of_distance[max - in[c]] * inverse;
        const int32_t q = static_cast<int32_t>(std::round(scaled)) + params_.output_zero_point;
        out[c] = static_cast<T>(std::clamp(q, range.min, range.max));
      }
    }
  }

 private:
  UnaryOperands operands_;
  RowLayout layout_;
  QuantizedSoftmaxParams params_;
};

// TFLite accepts the output scale within 0.1% of 1/256.
Status ExpectSoftmaxOutputQuantization(const graph::Graph& graph, int tensor) {
  const graph::Tensor& output = graph.tensors[tensor];
  const int32_t expected_zero_point = output.type == DataType::kUInt8 ? 0 : -128;
  const float scale = TensorScale(output);
  if (std::abs(scale - 1.0f / 256) <= 0.001f / 256 &&
      TensorZeroPoint(output) == expected_zero_point) {
    return Status::Ok();
  }
  return Status::Error(fmt::format(
      "output 0 ({}) has scale {} and zero point {}, expected scale 1/256 and zero point {} "
      "for {} SOFTMAX",
      graph::DescribeTensor(graph, tensor), scale, TensorZeroPoint(output), expected_zero_point,
      graph::DataTypeName(output.type)));
}

QuantizedSoftmaxParams MakeQuantizedSoftmaxParams(const graph::Graph& graph,
                                                  const UnaryOperands& operands, float beta) {
  QuantizedSoftmaxParams params;
  const float exponent_per_step = -TensorScale(graph.tensors[operands.input]) * beta;
  for (int d = 0; d < 256; ++d) {
    params.exp_of_distance[d] = std::exp(exponent_per_step * static_cast<float>(d));
  }
  params.output_scale = TensorScale(graph.tensors[operands.output]);
  params.output_zero_point = TensorZeroPoint(graph.tensors[operands.output]);
  return params;
}

}  // namespace

Result<std::unique_ptr<PreparedKernel>> PrepareSoftmax(const graph::Graph& graph,
                                                       const graph::Op& op) {
  EB_ASSIGN_OR_RETURN(
      UnaryOperands operands,
      PrepareUnaryOperands(graph, op, {DataType::kFloat32, DataType::kUInt8, DataType::kInt8}));
  const graph::Shape& shape = graph.tensors[operands.input].shape;
  if (shape.empty()) {
    return Status::Error(fmt::format("input 0 ({}) is a scalar, expected rank 1 or more",
                                     graph::DescribeTensor(graph, operands.input)));
  }
  RowLayout layout;
  layout.depth = shape.back();
  layout.rows = layout.depth == 0 ? 0 : operands.num_elements / layout.depth;
  const float beta = std::get<graph::SoftmaxOptions>(op.options).beta;

  if (operands.type == DataType::kFloat32) {
    return std::unique_ptr<PreparedKernel>(std::make_unique<FloatSoftmax>(operands, layout, beta));
  }
  EB_RETURN_IF_ERROR(ExpectSoftmaxOutputQuantization(graph, operands.output));
  const QuantizedSoftmaxParams params = MakeQuantizedSoftmaxParams(graph, operands, beta);
  if (operands.type == DataType::kUInt8) {
    return std::unique_ptr<PreparedKernel>(
        std::make_unique<QuantizedSoftmax<uint8_t>>(operands, layout, params));
  }
  return std::unique_ptr<PreparedKernel>(
      std::make_unique<QuantizedSoftmax<int8_t>>(operands, layout, params));
}

}  // namespace edgebench::kernels
