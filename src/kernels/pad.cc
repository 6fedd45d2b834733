// PAD: surrounds the input with constant values, paddings from the constant
// second input ([rank, 2]: before and after for each dimension). As in
// TensorFlow Lite, the value is 0.0 for FLOAT32 and the output's zero point
// (real 0) for quantized types; the input's values are copied unchanged, so
// the converter's equal input/output quantization is assumed, as TFLite does.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>
#include <vector>

#include "kernels/kernel_util.h"
#include "kernels/reference_kernels.h"

namespace edgebench::kernels {
namespace {

using graph::DataType;

class PadKernel final : public PreparedKernel {
 public:
  PadKernel(int input, int output, DataType type, graph::Shape input_shape,
            graph::Shape output_shape, std::vector<int32_t> before, int32_t zero_point)
      : input_(input),
        output_(output),
        type_(type),
        input_shape_(std::move(input_shape)),
        before_(std::move(before)),
        zero_point_(zero_point),
        output_elements_(graph::NumElements(output_shape)),
        output_strides_(output_shape.size(), 1),
        index_(input_shape_.size(), 0) {
    for (int d = static_cast<int>(output_shape.size()) - 2; d >= 0; --d) {
      output_strides_[d] = output_strides_[d + 1] * output_shape[d + 1];
    }
  }

  void Run(const TensorBuffers& buffers) override {
    switch (type_) {
      case DataType::kFloat32: RunTyped<float>(buffers, 0.0f); break;
      case DataType::kUInt8: RunTyped<uint8_t>(buffers, static_cast<uint8_t>(zero_point_)); break;
      case DataType::kInt8: RunTyped<int8_t>(buffers, static_cast<int8_t>(zero_point_)); break;
      default: break;  // Prepare admits no other type
    }
  }

 private:
  // Fills the output with the pad value, then copies each input row (the
  // innermost dimension) to its place, walking the outer input indices in
  // index_ like an odometer.
  template <typename T>
  void RunTyped(const TensorBuffers& buffers, T pad_value) {
    const T* input = buffers.Get<T>(input_);
    T* output = buffers.Mutable<T>(output_);
    std::fill(output, output + output_elements_, pad_value);
    const int rank = static_cast<int>(input_shape_.size());
    if (rank == 0) {
      output[0] = input[0];
      return;
    }
    const int64_t row = input_shape_[rank - 1];
    const int64_t rows = graph::NumElements(input_shape_) / std::max<int64_t>(row, 1);
    if (row == 0) return;
    std::fill(index_.begin(), index_.end(), 0);
    for (int64_t r = 0; r < rows; ++r) {
      int64_t offset = before_[rank - 1];
      for (int d = 0; d < rank - 1; ++d) offset += (index_[d] + before_[d]) * output_strides_[d];
      std::memcpy(output + offset, input + r * row, static_cast<size_t>(row) * sizeof(T));
      for (int d = rank - 2; d >= 0; --d) {
        if (++index_[d] < input_shape_[d]) break;
        index_[d] = 0;
      }
    }
  }

  int input_;
  int output_;
  DataType type_;
  graph::Shape input_shape_;
  std::vector<int32_t> before_;
  int32_t zero_point_;
  int64_t output_elements_;
  std::vector<int64_t> output_strides_;
  std::vector<int64_t> index_;  // scratch for Run, sized here so Run never allocates
};

// Reads paddings [rank, 2] (INT32, or INT64 as TFLite also accepts).
Result<std::vector<int64_t>> ReadPaddings(const graph::Graph& graph, const graph::Op& op,
                                          size_t rank) {
  EB_RETURN_IF_ERROR(ExpectInputType(graph, op, 1, {DataType::kInt32, DataType::kInt64}));
  EB_RETURN_IF_ERROR(ExpectConstantInput(graph, op, 1));
  const graph::Tensor& paddings = graph.tensors[op.inputs[1]];
  const graph::Shape expected{static_cast<int32_t>(rank), 2};
  if (paddings.shape != expected) {
    return Status::Error(fmt::format(
        "input 1 ({}) has shape {}, expected {}", graph::DescribeTensor(graph, op.inputs[1]),
        graph::ShapeToString(paddings.shape), graph::ShapeToString(expected)));
  }
  std::vector<int64_t> values(rank * 2);
  for (size_t i = 0; i < values.size(); ++i) {
    if (paddings.type == DataType::kInt32) {
      int32_t v;
      std::memcpy(&v, paddings.data + i * sizeof(v), sizeof(v));
      values[i] = v;
    } else {
      std::memcpy(&values[i], paddings.data + i * sizeof(int64_t), sizeof(int64_t));
    }
    if (values[i] < 0 || values[i] > (1 << 30)) {
      return Status::Error(fmt::format("input 1 ({}) holds padding {}, expected 0 to 2^30",
                                       graph::DescribeTensor(graph, op.inputs[1]), values[i]));
    }
  }
  return values;
}

}  // namespace

Result<std::unique_ptr<PreparedKernel>> PreparePad(const graph::Graph& graph, const graph::Op& op) {
  EB_RETURN_IF_ERROR(
      ExpectInputType(graph, op, 0, {DataType::kFloat32, DataType::kUInt8, DataType::kInt8}));
  const graph::Tensor& input = graph.tensors[op.inputs[0]];
  EB_RETURN_IF_ERROR(ExpectOutputType(graph, op, 0, input.type));
  EB_ASSIGN_OR_RETURN(const std::vector<int64_t> paddings,
                      ReadPaddings(graph, op, input.shape.size()));
  graph::Shape output_shape = input.shape;
  std::vector<int32_t> before(input.shape.size());
  for (size_t d = 0; d < input.shape.size(); ++d) {
    const int64_t size = input.shape[d] + paddings[2 * d] + paddings[2 * d + 1];
    if (size > std::numeric_limits<int32_t>::max()) {
      return Status::Error(
          fmt::format("padding dimension {} of input 0 ({}) to {} elements "
                      "overflows",
                      d, graph::DescribeTensor(graph, op.inputs[0]), size));
    }
    before[d] = static_cast<int32_t>(paddings[2 * d]);
    output_shape[d] = static_cast<int32_t>(size);
  }
  EB_RETURN_IF_ERROR(ExpectOutputShape(graph, op, 0, output_shape));
  int32_t zero_point = 0;
  if (input.type != DataType::kFloat32) {
    EB_RETURN_IF_ERROR(ExpectPerTensorQuantization(graph, op.outputs[0]));
    zero_point = TensorZeroPoint(graph.tensors[op.outputs[0]]);
    const QuantizedRange range = TypeRange(input.type);
    if (zero_point < range.min || zero_point > range.max) {
      return Status::Error(fmt::format("output 0 ({}) has zero point {}, outside {}",
                                       graph::DescribeTensor(graph, op.outputs[0]), zero_point,
                                       graph::DataTypeName(input.type)));
    }
  }
  return std::unique_ptr<PreparedKernel>(
      std::make_unique<PadKernel>(op.inputs[0], op.outputs[0], input.type, input.shape,
                                  output_shape, std::move(before), zero_point));
}

}  // namespace edgebench::kernels
