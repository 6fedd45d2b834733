// FULLY_CONNECTED: weights [units, depth]; the input is read as [batches,
// depth] whatever its rank. Output [batches, units], or with keep_num_dims
// the input's shape with the last dimension replaced by units. Follows
// TensorFlow Lite's reference FullyConnected (float, uint8, int8).
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <utility>
#include <variant>

#include "graph/op_validation.h"
#include "kernels/conv_common.h"
#include "kernels/reference_kernels.h"

namespace edgebench::kernels {
namespace {

class FullyConnectedKernel final : public PreparedKernel {
 public:
  FullyConnectedKernel(const graph::Op& op, graph::DataType type, int64_t batches, int32_t depth,
                       int32_t units, FloatRange float_range, ConvQuantization quantization)
      : input_(op.inputs[kConvInput]),
        weights_(op.inputs[kConvWeights]),
        bias_(BiasTensor(op)),
        output_(op.outputs[0]),
        type_(type),
        batches_(batches),
        depth_(depth),
        units_(units),
        float_range_(float_range),
        q_(std::move(quantization)) {}

  void Run(const TensorBuffers& buffers) override {
    switch (type_) {
      case graph::DataType::kFloat32: RunFloat(buffers); break;
      case graph::DataType::kUInt8: RunQuantized<uint8_t>(buffers); break;
      case graph::DataType::kInt8: RunQuantized<int8_t>(buffers); break;
      default: break;  // Prepare admits no other type
    }
  }

 private:
  void RunFloat(const TensorBuffers& buffers) const {
    const float* input = buffers.Get<float>(input_);
    const float* weights = buffers.Get<float>(weights_);
    const float* bias = bias_ == graph::kNoTensor ? nullptr : buffers.Get<float>(bias_);
    float* output = buffers.Mutable<float>(output_);
    for (int64_t b = 0; b < batches_; ++b) {
      for (int32_t u = 0; u < units_; ++u) {
        float sum = 0.0f;
        for (int32_t d = 0; d < depth_; ++d) {
          sum += input[b * depth_ + d] * weights[static_cast<int64_t>(u) * depth_ + d];
        }
        if (bias != nullptr) sum += bias[u];
        output[b * units_ + u] = std::clamp(sum, float_range_.min, float_range_.max);
      }
    }
  }

  template <typename T>
  void RunQuantized(const TensorBuffers& buffers) const {
    const T* input = buffers.Get<T>(input_);
    const T* weights = buffers.Get<T>(weights_);
    const int32_t* bias = bias_ == graph::kNoTensor ? nullptr : buffers.Get<int32_t>(bias_);
    T* output = buffers.Mutable<T>(output_);
    for (int64_t b = 0; b < batches_; ++b) {
      for (int32_t u = 0; u < units_; ++u) {
        int32_t acc = 0;
        for (int32_t d = 0; d < depth_; ++d) {
          const int32_t in = input[b * depth_ + d] + q_.input_offset;
          const int32_t w = weights[static_cast<int64_t>(u) * depth_ + d] + q_.weights_offset;
          acc += in * w;
        }
        if (bias != nullptr) acc += bias[u];
        output[b * units_ + u] = static_cast<T>(Requantize(acc, u, q_));
      }
    }
  }

  int input_;
  int weights_;
  int bias_;
  int output_;
  graph::DataType type_;
  int64_t batches_;
  int32_t depth_;
  int32_t units_;
  FloatRange float_range_;
  ConvQuantization q_;
};

}  // namespace

Result<std::unique_ptr<PreparedKernel>> PrepareFullyConnected(const graph::Graph& graph,
                                                              const graph::Op& op) {
  const auto* options = std::get_if<graph::FullyConnectedOptions>(&op.options);
  if (options == nullptr) return Status::Error("carries no FULLY_CONNECTED options");
  EB_ASSIGN_OR_RETURN(const graph::DataType type, CheckConvTypes(graph, op));
  // Weights [units, depth], input rows of depth values, bias size, output.
  EB_RETURN_IF_ERROR(graph::CheckOutputShapes(graph, op));
  EB_RETURN_IF_ERROR(CheckBiasType(graph, op, type));
  const graph::Shape& weights = graph.tensors[op.inputs[kConvWeights]].shape;
  const int32_t units = weights[0];
  const int32_t depth = weights[1];
  const int64_t batches = graph.tensors[op.inputs[kConvInput]].num_elements() / depth;

  ConvQuantization quantization;
  if (type != graph::DataType::kFloat32) {
    EB_ASSIGN_OR_RETURN(quantization, PrepareConvQuantization(graph, op, /*channel_axis=*/0, units,
                                                              options->activation));
  }
  return std::unique_ptr<PreparedKernel>(std::make_unique<FullyConnectedKernel>(
      op, type, batches, depth, units, FloatActivationRange(options->activation),
      std::move(quantization)));
}

}  // namespace edgebench::kernels
