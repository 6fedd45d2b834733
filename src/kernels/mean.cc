// MEAN over the axes listed in the constant second input (INT32; negative
// counts from the end; repeats count once), keeping reduced dimensions as
// size 1 when keep_dims. Sums run over the input in row-major order, as in
// TensorFlow Lite's reference Mean.
//
// FLOAT32: out = sum / count, in float.
// UINT8/INT8: the int32 sum of raw quantized values, then TFLite's general
// quantized mean (reference QuantizedMeanOrSum), in float:
//   s = scale_in / scale_out,  b = -zp_in * s
//   out = clamp(round((sum / count) * s + b) + zp_out)   (round: half away
// from zero), for every axis choice and whether or not the scales differ.
// TFLite versions special-case some inputs with other roundings (4-D means
// over H and W with keep_dims use a fixed-point multiplier, equal scales
// once truncated sum / count, and TFLite 2.13+ uses fixed point
// throughout); those can differ from this by one unit.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <variant>
#include <vector>

#include "kernels/kernel_util.h"
#include "kernels/reference_kernels.h"

namespace edgebench::kernels {
namespace {

using graph::DataType;

// Where each input element's sum goes: output offset strides per input
// dimension (0 along reduced ones), and the quantized rescaling.
struct MeanPlan {
  DataType type = DataType::kFloat32;
  graph::Shape input_shape;
  std::vector<int64_t> output_strides;  // per input dimension
  int64_t output_elements = 0;
  int64_t count = 0;  // input elements per output element
  float scale = 1.0f;
  float bias = 0.0f;
  int32_t output_zero_point = 0;
};

class MeanKernel final : public PreparedKernel {
 public:
  MeanKernel(int input, int output, MeanPlan plan)
      : input_(input),
        output_(output),
        plan_(std::move(plan)),
        float_sums_(plan_.type == DataType::kFloat32 ? plan_.output_elements : 0),
        int_sums_(plan_.type == DataType::kFloat32 ? 0 : plan_.output_elements),
        index_(plan_.input_shape.size(), 0) {}

  void Run(const TensorBuffers& buffers) override {
    switch (plan_.type) {
      case DataType::kFloat32: RunFloat(buffers); break;
      case DataType::kUInt8: RunQuantized<uint8_t>(buffers); break;
      case DataType::kInt8: RunQuantized<int8_t>(buffers); break;
      default: break;  // Prepare admits no other type
    }
  }

 private:
  // Adds every input element into sums[its output offset], in row-major
  // input order.
  template <typename T, typename Sum>
  void Accumulate(const T* input, std::vector<Sum>& sums) {
    std::fill(sums.begin(), sums.end(), Sum{0});
    std::fill(index_.begin(), index_.end(), 0);
    const int rank = static_cast<int>(plan_.input_shape.size());
    const int64_t elements = graph::NumElements(plan_.input_shape);
    int64_t offset = 0;
    for (int64_t i = 0; i < elements; ++i) {
      sums[offset] += static_cast<Sum>(input[i]);
      for (int d = rank - 1; d >= 0; --d) {
        offset += plan_.output_strides[d];
        if (++index_[d] < plan_.input_shape[d]) break;
        offset -= plan_.output_strides[d] * plan_.input_shape[d];
        index_[d] = 0;
      }
    }
  }

  void RunFloat(const TensorBuffers& buffers) {
    Accumulate(buffers.Get<float>(input_), float_sums_);
    float* output = buffers.Mutable<float>(output_);
    // An empty reduction has no mean; TFLite writes NaN.
    const float count = static_cast<float>(plan_.count);
    for (int64_t i = 0; i < plan_.output_elements; ++i) {
      output[i] =
          plan_.count > 0 ? float_sums_[i] / count : std::numeric_limits<float>::quiet_NaN();
    }
  }

  template <typename T>
  void RunQuantized(const TensorBuffers& buffers) {
    Accumulate(buffers.Get<T>(input_), int_sums_);
    T* output = buffers.Mutable<T>(output_);
    const float low = static_cast<float>(std::numeric_limits<T>::min());
    const float high = static_cast<float>(std::numeric_limits<T>::max());
    const float count = static_cast<float>(plan_.count);
    for (int64_t i = 0; i < plan_.output_elements; ++i) {
      if (plan_.count == 0) {
        output[i] = T{0};
        continue;
      }
      const float mean = static_cast<float>(int_sums_[i]) / count;
      const float value =
          std::round(mean * plan_.scale + plan_.bias) + static_cast<float>(plan_.output_zero_point);
      output[i] = static_cast<T>(std::clamp(value, low, high));
    }
  }

  int input_;
  int output_;
  MeanPlan plan_;
  // Scratch sized here so Run never allocates.
  std::vector<float> float_sums_;
  std::vector<int32_t> int_sums_;
  std::vector<int64_t> index_;
};

// Which input dimensions the constant axis tensor names.
Result<std::vector<bool>> ReducedDims(const graph::Graph& graph, const graph::Op& op) {
  EB_RETURN_IF_ERROR(ExpectInputType(graph, op, 1, {DataType::kInt32}));
  EB_RETURN_IF_ERROR(ExpectConstantInput(graph, op, 1));
  const graph::Tensor& axes = graph.tensors[op.inputs[1]];
  const graph::Shape& shape = graph.tensors[op.inputs[0]].shape;
  const int rank = static_cast<int>(shape.size());
  std::vector<bool> reduced(shape.size(), false);
  for (int64_t i = 0; i < axes.num_elements(); ++i) {
    int32_t axis;
    std::memcpy(&axis, axes.data + i * sizeof(axis), sizeof(axis));
    const int d = axis < 0 ? axis + rank : axis;
    if (d < 0 || d >= rank) {
      return Status::Error(
          fmt::format("input 1 ({}) holds axis {}, out of range for input 0 "
                      "({}) of shape {}",
                      graph::DescribeTensor(graph, op.inputs[1]), axis,
                      graph::DescribeTensor(graph, op.inputs[0]), graph::ShapeToString(shape)));
    }
    reduced[d] = true;
  }
  return reduced;
}

// Fills the output strides, counts and output shape into `plan`.
graph::Shape PlanReduction(const graph::Shape& input, const std::vector<bool>& reduced,
                           bool keep_dims, MeanPlan& plan) {
  const int rank = static_cast<int>(input.size());
  plan.input_shape = input;
  plan.output_strides.assign(input.size(), 0);
  plan.count = 1;
  int64_t stride = 1;
  for (int d = rank - 1; d >= 0; --d) {
    if (reduced[d]) {
      plan.count *= input[d];
    } else {
      plan.output_strides[d] = stride;
      stride *= input[d];
    }
  }
  plan.output_elements = stride;
  graph::Shape output;
  for (int d = 0; d < rank; ++d) {
    if (!reduced[d]) {
      output.push_back(input[d]);
    } else if (keep_dims) {
      output.push_back(1);
    }
  }
  return output;
}

Status PrepareRescaling(const graph::Graph& graph, const graph::Op& op, MeanPlan& plan) {
  EB_RETURN_IF_ERROR(ExpectPerTensorQuantization(graph, op.inputs[0]));
  EB_RETURN_IF_ERROR(ExpectPerTensorQuantization(graph, op.outputs[0]));
  const graph::Tensor& input = graph.tensors[op.inputs[0]];
  const graph::Tensor& output = graph.tensors[op.outputs[0]];
  plan.scale = TensorScale(input) / TensorScale(output);
  plan.bias = static_cast<float>(-TensorZeroPoint(input)) * plan.scale;
  plan.output_zero_point = TensorZeroPoint(output);
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<PreparedKernel>> PrepareMean(const graph::Graph& graph,
                                                    const graph::Op& op) {
  const auto* options = std::get_if<graph::MeanOptions>(&op.options);
  if (options == nullptr) return Status::Error("carries no MEAN options");
  EB_RETURN_IF_ERROR(
      ExpectInputType(graph, op, 0, {DataType::kFloat32, DataType::kUInt8, DataType::kInt8}));
  const graph::Tensor& input = graph.tensors[op.inputs[0]];
  EB_RETURN_IF_ERROR(ExpectOutputType(graph, op, 0, input.type));
  EB_ASSIGN_OR_RETURN(const std::vector<bool> reduced, ReducedDims(graph, op));
  MeanPlan plan;
  plan.type = input.type;
  const graph::Shape output_shape = PlanReduction(input.shape, reduced, options->keep_dims, plan);
  EB_RETURN_IF_ERROR(ExpectOutputShape(graph, op, 0, output_shape));
  if (input.type != DataType::kFloat32) EB_RETURN_IF_ERROR(PrepareRescaling(graph, op, plan));
  return std::unique_ptr<PreparedKernel>(
      std::make_unique<MeanKernel>(op.inputs[0], op.outputs[0], std::move(plan)));
}

}  // namespace edgebench::kernels
