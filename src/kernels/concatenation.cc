// CONCATENATION along any axis (negative counts from the end). Output rows
// are built by copying, for each index of the dimensions before the axis,
// one contiguous chunk of every input in turn.
//
// Quantized inputs whose scale or zero point differ from the output's are
// requantized as TensorFlow Lite's reference ConcatenationWithScaling does,
// in float: q_out = clamp(round(q_in * s + b) + zp_out), with
// s = scale_in * (1 / scale_out) and b = -zp_in * s (round: half away from
// zero). TFLite does this for UINT8 and rejects INT8 inputs that need it;
// here INT8 is rescaled the same way, which is identical whenever TFLite
// accepts the model. TFLite also rejects any fused activation; here FLOAT32
// applies it and the other types must have none.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <variant>
#include <vector>

#include "graph/op_validation.h"
#include "kernels/kernel_util.h"
#include "kernels/reference_kernels.h"

namespace edgebench::kernels {
namespace {

using graph::DataType;

struct ConcatInput {
  int tensor = 0;
  int64_t chunk = 0;  // elements copied per outer index: dim[axis] * inner
  bool rescale = false;
  float scale = 1.0f;  // scale_in / scale_out
  float bias = 0.0f;   // -zp_in * scale
};

class ConcatenationKernel final : public PreparedKernel {
 public:
  ConcatenationKernel(int output, DataType type, int64_t outer, std::vector<ConcatInput> inputs,
                      FloatRange float_range, QuantizedRange type_range, int32_t output_zero_point)
      : output_(output),
        type_(type),
        outer_(outer),
        inputs_(std::move(inputs)),
        float_range_(float_range),
        clamp_(std::isfinite(float_range.min) || std::isfinite(float_range.max)),
        type_range_(type_range),
        output_zero_point_(output_zero_point) {}

  void Run(const TensorBuffers& buffers) override {
    switch (type_) {
      case DataType::kFloat32: RunFloat(buffers); break;
      case DataType::kInt32: RunTyped<int32_t>(buffers); break;
      case DataType::kUInt8: RunTyped<uint8_t>(buffers); break;
      case DataType::kInt8: RunTyped<int8_t>(buffers); break;
      default: break;  // Prepare admits no other type
    }
  }

 private:
  template <typename T>
  void RunTyped(const TensorBuffers& buffers) const {
    T* out = buffers.Mutable<T>(output_);
    for (int64_t o = 0; o < outer_; ++o) {
      for (const ConcatInput& in : inputs_) {
        const T* src = buffers.Get<T>(in.tensor) + o * in.chunk;
        if (in.rescale) {
          for (int64_t i = 0; i < in.chunk; ++i) out[i] = Rescale<T>(src[i], in);
        } else {
          std::memcpy(out, src, static_cast<size_t>(in.chunk) * sizeof(T));
        }
        out += in.chunk;
      }
    }
  }

  template <typename T>
  T Rescale(T q, const ConcatInput& in) const {
    const float real = static_cast<float>(q) * in.scale + in.bias;
    const int32_t value = static_cast<int32_t>(std::round(real)) + output_zero_point_;
    return static_cast<T>(std::clamp(value, type_range_.min, type_range_.max));
  }

  void RunFloat(const TensorBuffers& buffers) const {
    RunTyped<float>(buffers);
    if (!clamp_) return;
    float* out = buffers.Mutable<float>(output_);
    int64_t total = 0;
    for (const ConcatInput& in : inputs_) total += in.chunk;
    total *= outer_;
    for (int64_t i = 0; i < total; ++i) {
      out[i] = std::clamp(out[i], float_range_.min, float_range_.max);
    }
  }

  int output_;
  DataType type_;
  int64_t outer_;
  std::vector<ConcatInput> inputs_;
  FloatRange float_range_;
  bool clamp_;  // whether a fused activation limits float outputs
  QuantizedRange type_range_;
  int32_t output_zero_point_;
};

// Every input has input 0's type (graph::CheckOutputShapes checks shapes).
Status CheckInputTypes(const graph::Graph& graph, const graph::Op& op) {
  const graph::DataType type = graph.tensors[op.inputs[0]].type;
  for (size_t i = 1; i < op.inputs.size(); ++i) {
    EB_RETURN_IF_ERROR(ExpectInputType(graph, op, static_cast<int>(i), {type}));
  }
  return Status::Ok();
}

// Fills the rescaling fields of each input; checks per-tensor quantization.
Status PrepareRescaling(const graph::Graph& graph, const graph::Op& op,
                        std::vector<ConcatInput>& inputs) {
  const int output = op.outputs[0];
  EB_RETURN_IF_ERROR(ExpectPerTensorQuantization(graph, output));
  const float out_scale = TensorScale(graph.tensors[output]);
  const int32_t out_zero_point = TensorZeroPoint(graph.tensors[output]);
  const float inverse_out_scale = 1.0f / out_scale;
  for (ConcatInput& in : inputs) {
    EB_RETURN_IF_ERROR(ExpectPerTensorQuantization(graph, in.tensor));
    const float scale = TensorScale(graph.tensors[in.tensor]);
    const int32_t zero_point = TensorZeroPoint(graph.tensors[in.tensor]);
    in.rescale = scale != out_scale || zero_point != out_zero_point;
    in.scale = scale * inverse_out_scale;
    in.bias = static_cast<float>(-zero_point) * in.scale;
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<PreparedKernel>> PrepareConcatenation(const graph::Graph& graph,
                                                             const graph::Op& op) {
  const auto* options = std::get_if<graph::ConcatenationOptions>(&op.options);
  if (options == nullptr) return Status::Error("carries no CONCATENATION options");
  EB_RETURN_IF_ERROR(ExpectInputType(
      graph, op, 0, {DataType::kFloat32, DataType::kUInt8, DataType::kInt8, DataType::kInt32}));
  const graph::Tensor& first = graph.tensors[op.inputs[0]];
  EB_RETURN_IF_ERROR(CheckInputTypes(graph, op));
  EB_RETURN_IF_ERROR(ExpectOutputType(graph, op, 0, first.type));
  // The axis is in range and the shapes agree along every other one.
  EB_RETURN_IF_ERROR(graph::CheckOutputShapes(graph, op));
  const int rank = static_cast<int>(first.shape.size());
  const int axis = options->axis < 0 ? options->axis + rank : options->axis;

  int64_t outer = 1;
  for (int d = 0; d < axis; ++d) outer *= first.shape[d];
  int64_t inner = 1;
  for (size_t d = axis + 1; d < first.shape.size(); ++d) inner *= first.shape[d];
  std::vector<ConcatInput> inputs;
  for (int tensor : op.inputs) {
    inputs.push_back({tensor, graph.tensors[tensor].shape[axis] * inner});
  }

  if (first.type != DataType::kFloat32 && options->activation != graph::Activation::kNone) {
    return Status::Error(fmt::format("fused activation {} is only supported on FLOAT32, not {}",
                                     graph::ActivationName(options->activation),
                                     graph::DataTypeName(first.type)));
  }
  if (first.type == DataType::kUInt8 || first.type == DataType::kInt8) {
    EB_RETURN_IF_ERROR(PrepareRescaling(graph, op, inputs));
  }
  return std::unique_ptr<PreparedKernel>(std::make_unique<ConcatenationKernel>(
      op.outputs[0], first.type, outer, std::move(inputs),
      FloatActivationRange(options->activation), TypeRange(first.type),
      TensorZeroPoint(graph.tensors[op.outputs[0]])));
}

}  // namespace edgebench::kernels
