#include "backends/int8/conv_2d_1x1.h"

#include <cstring>
#include <utility>
#include <variant>
#include <vector>

#include "kernels/conv_common.h"

namespace edgebench::backends::int8 {
namespace {

class Conv2D1x1Kernel final : public kernels::PreparedKernel {
 public:
  Conv2D1x1Kernel(const graph::Op& op, int32_t rows, PackedGemm gemm, const GemmVariant& variant)
      : input_(op.inputs[kernels::kConvInput]),
        output_(op.outputs[0]),
        rows_(rows),
        gemm_(std::move(gemm)),
        variant_(variant) {}

  void Run(const kernels::TensorBuffers& buffers) override {
    variant_.run(gemm_, buffers.Get<uint8_t>(input_), rows_, buffers.Mutable<uint8_t>(output_));
  }

 private:
  int input_;
  int output_;
  int32_t rows_;  // batches * height * width
  PackedGemm gemm_;
  const GemmVariant& variant_;
};

bool PerTensor(const graph::Tensor& tensor) {
  return tensor.quantization.scale.size() == 1 && tensor.quantization.zero_point.size() == 1;
}

}  // namespace

bool IsConv2D1x1(const graph::Graph& graph, const graph::Op& op) {
  const auto* options = std::get_if<graph::Conv2DOptions>(&op.options);
  if (op.type != graph::OpType::kConv2D || options == nullptr || options->stride_h != 1 ||
      options->stride_w != 1) {
    return false;
  }
  const graph::Tensor& input = graph.tensors[op.inputs[kernels::kConvInput]];
  const graph::Tensor& weights = graph.tensors[op.inputs[kernels::kConvWeights]];
  const graph::Tensor& output = graph.tensors[op.outputs[0]];
  const int bias = kernels::BiasTensor(op);
  return input.type == graph::DataType::kUInt8 && weights.type == graph::DataType::kUInt8 &&
         output.type == graph::DataType::kUInt8 && PerTensor(input) && PerTensor(weights) &&
         PerTensor(output) && weights.is_constant() && weights.shape.size() == 4 &&
         weights.shape[1] == 1 && weights.shape[2] == 1 && weights.shape[3] <= kMaxDepth &&
         (bias == graph::kNoTensor || graph.tensors[bias].is_constant());
}

Result<std::unique_ptr<kernels::PreparedKernel>> PrepareConv2D1x1(const graph::Graph& graph,
                                                                  const graph::Op& op,
                                                                  const GemmVariant& variant) {
  const auto& options = std::get<graph::Conv2DOptions>(op.options);
  const graph::Tensor& weights = graph.tensors[op.inputs[kernels::kConvWeights]];
  const int32_t channels = weights.shape[0];
  const int32_t depth = weights.shape[3];
  EB_ASSIGN_OR_RETURN(kernels::ConvQuantization quantization,
                      kernels::PrepareConvQuantization(graph, op, /*channel_axis=*/0, channels,
                                                       options.activation));
  // The bias bytes may sit unaligned in the model file.
  std::vector<int32_t> bias;
  const int bias_tensor = kernels::BiasTensor(op);
  if (bias_tensor != graph::kNoTensor) {
    bias.resize(channels);
    std::memcpy(bias.data(), graph.tensors[bias_tensor].data, bias.size() * sizeof(int32_t));
  }
  const graph::Shape& in = graph.tensors[op.inputs[kernels::kConvInput]].shape;
  const int32_t rows = in[0] * in[1] * in[2];
  return std::unique_ptr<kernels::PreparedKernel>(
      std::make_unique<Conv2D1x1Kernel>(op, rows,
                                        PackGemm(weights.data, bias.empty() ? nullptr : bias.data(),
                                                 channels, depth, std::move(quantization)),
                                        variant));
}

}  // namespace edgebench::backends::int8
