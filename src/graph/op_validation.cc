#include "graph/op_validation.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <string>
#include <utility>
#include <variant>

namespace edgebench::graph {
namespace {

constexpr int kInput = 0;
constexpr int kWeights = 1;
constexpr int kBias = 2;

const Shape& InputShape(const Graph& graph, const Op& op, int position) {
  return graph.tensors[op.inputs[position]].shape;
}

std::string Input(const Graph& graph, const Op& op, int position) {
  return fmt::format("input {} ({})", position, DescribeTensor(graph, op.inputs[position]));
}

Status ExpectRank(const Graph& graph, const Op& op, int position, size_t rank) {
  const Shape& shape = InputShape(graph, op, position);
  if (shape.size() == rank) return Status::Ok();
  return Status::Error(fmt::format("{} has shape {}, expected rank {}", Input(graph, op, position),
                                   ShapeToString(shape), rank));
}

Status ExpectConstant(const Graph& graph, const Op& op, int position) {
  if (graph.tensors[op.inputs[position]].is_constant()) return Status::Ok();
  return Status::Error(fmt::format("{} must be a constant tensor", Input(graph, op, position)));
}

// A dimension computed in 64 bits, refused when it does not fit a shape.
Result<int32_t> Dimension(int64_t value, const std::string& what) {
  if (value >= 0 && value <= std::numeric_limits<int32_t>::max()) {
    return static_cast<int32_t>(value);
  }
  return Status::Error(fmt::format("{} gives dimension {}, which does not fit", what, value));
}

// The values of a constant INT32 or INT64 tensor.
std::vector<int64_t> ConstantValues(const Tensor& tensor) {
  std::vector<int64_t> values(static_cast<size_t>(tensor.num_elements()));
  for (size_t i = 0; i < values.size(); ++i) {
    if (tensor.type == DataType::kInt64) {
      std::memcpy(&values[i], tensor.data + i * sizeof(int64_t), sizeof(int64_t));
    } else {
      int32_t value;
      std::memcpy(&value, tensor.data + i * sizeof(int32_t), sizeof(int32_t));
      values[i] = value;
    }
  }
  return values;
}

bool InWindowRange(std::initializer_list<int32_t> values) {
  for (int32_t value : values) {
    if (value < 1 || value > kMaxWindowOption) return false;
  }
  return true;
}

Status CheckBias(const Graph& graph, const Op& op, int32_t channels, bool any_rank) {
  if (op.inputs.size() <= kBias || op.inputs[kBias] == kNoTensor) return Status::Ok();
  const Shape& shape = InputShape(graph, op, kBias);
  const bool fits = any_rank ? NumElements(shape) == channels : shape == Shape{channels};
  if (fits) return Status::Ok();
  return Status::Error(fmt::format("{} has shape {}, expected [{}]", Input(graph, op, kBias),
                                   ShapeToString(shape), channels));
}

struct Window {
  Padding padding;
  int32_t stride_h, stride_w, dilation_h, dilation_w;
};

// [batches, output_h, output_w, channels] of a window over the NHWC input;
// `window` names it in the error when it does not fit.
Result<Shape> WindowOutput(const Graph& graph, const Op& op, int64_t filter_h, int64_t filter_w,
                           const Window& w, int32_t channels, const std::string& window) {
  const Shape& in = InputShape(graph, op, kInput);
  // Bounded so the kernels' and backends' 32-bit padding arithmetic holds.
  const int64_t extent_h = (filter_h - 1) * w.dilation_h + 1;
  const int64_t extent_w = (filter_w - 1) * w.dilation_w + 1;
  if (extent_h > kMaxWindowOption || extent_w > kMaxWindowOption) {
    return Status::Error(fmt::format("{} spans {}x{} input positions, more than {}", window,
                                     extent_h, extent_w, kMaxWindowOption));
  }
  const int64_t out_h = ConvOutputSize(w.padding, in[1], filter_h, w.stride_h, w.dilation_h);
  const int64_t out_w = ConvOutputSize(w.padding, in[2], filter_w, w.stride_w, w.dilation_w);
  if (filter_h < 1 || filter_w < 1 || out_h < 1 || out_w < 1) {
    return Status::Error(fmt::format("{} does not fit {} of shape {}", window,
                                     Input(graph, op, kInput), ShapeToString(in)));
  }
  return Shape{in[0], static_cast<int32_t>(out_h), static_cast<int32_t>(out_w), channels};
}

// CONV_2D and DEPTHWISE_CONV_2D: strides and dilations in range, then the window.
template <typename Options>
Result<Shape> ConvOutput(const Graph& graph, const Op& op, const Options& o, const Shape& weights,
                         int32_t channels) {
  if (!InWindowRange({o.stride_h, o.stride_w, o.dilation_h, o.dilation_w})) {
    return Status::Error(
        fmt::format("strides ({}, {}) and dilations ({}, {}) must be between 1 and {}", o.stride_h,
                    o.stride_w, o.dilation_h, o.dilation_w, kMaxWindowOption));
  }
  return WindowOutput(graph, op, weights[1], weights[2],
                      {o.padding, o.stride_h, o.stride_w, o.dilation_h, o.dilation_w}, channels,
                      fmt::format("a {}x{} filter with dilation ({}, {})", weights[1], weights[2],
                                  o.dilation_h, o.dilation_w));
}

Result<Shape> InferConv2D(const Graph& graph, const Op& op) {
  const auto& o = std::get<Conv2DOptions>(op.options);
  EB_RETURN_IF_ERROR(ExpectRank(graph, op, kInput, 4));
  EB_RETURN_IF_ERROR(ExpectRank(graph, op, kWeights, 4));
  const Shape& input = InputShape(graph, op, kInput);
  const Shape& weights = InputShape(graph, op, kWeights);
  if (weights[3] != input[3]) {
    return Status::Error(fmt::format("{} has shape {} with {} input channels, but input {} has {}",
                                     Input(graph, op, kWeights), ShapeToString(weights), weights[3],
                                     kInput, input[3]));
  }
  EB_RETURN_IF_ERROR(CheckBias(graph, op, weights[0], /*any_rank=*/false));
  return ConvOutput(graph, op, o, weights, weights[0]);
}

Result<Shape> InferDepthwiseConv2D(const Graph& graph, const Op& op) {
  const auto& o = std::get<DepthwiseConv2DOptions>(op.options);
  EB_RETURN_IF_ERROR(ExpectRank(graph, op, kInput, 4));
  EB_RETURN_IF_ERROR(ExpectRank(graph, op, kWeights, 4));
  const Shape& input = InputShape(graph, op, kInput);
  const Shape& weights = InputShape(graph, op, kWeights);
  if (weights[0] != 1 || input[3] <= 0 || weights[3] % input[3] != 0) {
    return Status::Error(fmt::format(
        "{} has shape {}, expected [1,kh,kw,C] with C a multiple of the {} input channels",
        Input(graph, op, kWeights), ShapeToString(weights), input[3]));
  }
  EB_RETURN_IF_ERROR(CheckBias(graph, op, weights[3], /*any_rank=*/false));
  return ConvOutput(graph, op, o, weights, weights[3]);
}

Result<Shape> InferPool2D(const Graph& graph, const Op& op) {
  const auto& o = std::get<Pool2DOptions>(op.options);
  EB_RETURN_IF_ERROR(ExpectRank(graph, op, kInput, 4));
  if (!InWindowRange({o.filter_h, o.filter_w, o.stride_h, o.stride_w})) {
    return Status::Error(fmt::format("filter {}x{} and stride {}x{} (HxW) must be between 1 and {}",
                                     o.filter_h, o.filter_w, o.stride_h, o.stride_w,
                                     kMaxWindowOption));
  }
  return WindowOutput(graph, op, o.filter_h, o.filter_w, {o.padding, o.stride_h, o.stride_w, 1, 1},
                      InputShape(graph, op, kInput)[3],
                      fmt::format("filter {}x{}", o.filter_h, o.filter_w));
}

Result<Shape> InferFullyConnected(const Graph& graph, const Op& op) {
  const auto& o = std::get<FullyConnectedOptions>(op.options);
  EB_RETURN_IF_ERROR(ExpectRank(graph, op, kWeights, 2));
  const Shape& input = InputShape(graph, op, kInput);
  const Shape& weights = InputShape(graph, op, kWeights);
  const int32_t units = weights[0];
  const int32_t depth = weights[1];
  const int64_t elements = NumElements(input);
  const bool last_dim_matches = !input.empty() && input.back() == depth;
  if (depth <= 0 || elements % depth != 0 || (o.keep_num_dims && !last_dim_matches)) {
    return Status::Error(
        fmt::format("{} of shape {} cannot be read as rows of {} values for weights {}",
                    Input(graph, op, kInput), ShapeToString(input), depth, ShapeToString(weights)));
  }
  EB_RETURN_IF_ERROR(CheckBias(graph, op, units, /*any_rank=*/true));
  if (o.keep_num_dims) {
    Shape output = input;
    output.back() = units;
    return output;
  }
  return Shape{static_cast<int32_t>(elements / depth), units};
}

Result<Shape> InferBroadcast(const Graph& graph, const Op& op) {
  return BroadcastShape(InputShape(graph, op, 0), InputShape(graph, op, 1));
}

Result<int> ResolveAxis(const Graph& graph, const Op& op, int32_t axis, const char* what) {
  const Shape& shape = InputShape(graph, op, kInput);
  const int rank = static_cast<int>(shape.size());
  const int64_t resolved = axis < 0 ? int64_t{axis} + rank : axis;
  if (resolved < 0 || resolved >= rank) {
    return Status::Error(fmt::format("{} {} is out of range for {} of shape {}", what, axis,
                                     Input(graph, op, kInput), ShapeToString(shape)));
  }
  return static_cast<int>(resolved);
}

Result<Shape> InferConcatenation(const Graph& graph, const Op& op) {
  const auto& o = std::get<ConcatenationOptions>(op.options);
  EB_ASSIGN_OR_RETURN(const int axis, ResolveAxis(graph, op, o.axis, "axis"));
  const Shape& first = InputShape(graph, op, 0);
  int64_t total = 0;
  for (size_t i = 0; i < op.inputs.size(); ++i) {
    EB_RETURN_IF_ERROR(ExpectRank(graph, op, static_cast<int>(i), first.size()));
    const Shape& shape = InputShape(graph, op, static_cast<int>(i));
    for (size_t d = 0; d < shape.size(); ++d) {
      if (static_cast<int>(d) != axis && shape[d] != first[d]) {
        return Status::Error(
            fmt::format("{} has shape {}, expected {} in every dimension but axis {}",
                        Input(graph, op, static_cast<int>(i)), ShapeToString(shape),
                        ShapeToString(first), axis));
      }
    }
    total += shape[axis];
  }
  Shape output = first;
  EB_ASSIGN_OR_RETURN(output[axis], Dimension(total, "concatenating along axis"));
  return output;
}

Result<Shape> InferMean(const Graph& graph, const Op& op) {
  const auto& o = std::get<MeanOptions>(op.options);
  EB_RETURN_IF_ERROR(ExpectConstant(graph, op, 1));
  const Tensor& axes = graph.tensors[op.inputs[1]];
  if (axes.type != DataType::kInt32) {
    return Status::Error(
        fmt::format("{} is {}, expected INT32", Input(graph, op, 1), DataTypeName(axes.type)));
  }
  const Shape& shape = InputShape(graph, op, kInput);
  std::vector<bool> reduced(shape.size(), false);
  for (int64_t axis : ConstantValues(axes)) {
    const int rank = static_cast<int>(shape.size());
    const int64_t d = axis < 0 ? axis + rank : axis;
    if (d < 0 || d >= rank) {
      return Status::Error(fmt::format("{} holds axis {}, out of range for {} of shape {}",
                                       Input(graph, op, 1), axis, Input(graph, op, kInput),
                                       ShapeToString(shape)));
    }
    reduced[static_cast<size_t>(d)] = true;
  }
  Shape output;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (!reduced[d]) {
      output.push_back(shape[d]);
    } else if (o.keep_dims) {
      output.push_back(1);
    }
  }
  return output;
}

Result<Shape> InferPad(const Graph& graph, const Op& op) {
  EB_RETURN_IF_ERROR(ExpectConstant(graph, op, 1));
  const Tensor& paddings = graph.tensors[op.inputs[1]];
  const Shape& input = InputShape(graph, op, kInput);
  const Shape expected{static_cast<int32_t>(input.size()), 2};
  if ((paddings.type != DataType::kInt32 && paddings.type != DataType::kInt64) ||
      paddings.shape != expected) {
    return Status::Error(fmt::format("{} is {} of shape {}, expected INT32 or INT64 of shape {}",
                                     Input(graph, op, 1), DataTypeName(paddings.type),
                                     ShapeToString(paddings.shape), ShapeToString(expected)));
  }
  const std::vector<int64_t> values = ConstantValues(paddings);
  Shape output = input;
  for (size_t d = 0; d < input.size(); ++d) {
    for (int64_t value : {values[2 * d], values[2 * d + 1]}) {
      if (value < 0 || value > (1 << 30)) {
        return Status::Error(
            fmt::format("{} holds padding {}, expected 0 to 2^30", Input(graph, op, 1), value));
      }
    }
    EB_ASSIGN_OR_RETURN(output[d], Dimension(input[d] + values[2 * d] + values[2 * d + 1],
                                             fmt::format("padding dimension {}", d)));
  }
  return output;
}

// The target shape RESHAPE asks for, possibly with one -1: from the constant
// second input, else the options, else the output's own shape.
Result<Shape> RequestedShape(const Graph& graph, const Op& op) {
  const auto& o = std::get<ReshapeOptions>(op.options);
  if (op.inputs.size() > 1) {
    const Tensor& tensor = graph.tensors[op.inputs[1]];
    if (tensor.type == DataType::kInt32 && tensor.shape.size() == 1) {
      // A computed shape would make the output's size data-dependent,
      // which a statically planned graph cannot have.
      EB_RETURN_IF_ERROR(ExpectConstant(graph, op, 1));
      Shape shape;
      for (int64_t value : ConstantValues(tensor)) shape.push_back(static_cast<int32_t>(value));
      return shape;
    }
  }
  if (!o.new_shape.empty()) {
    // Old converters wrote [0] for a scalar; TFLite reads it so.
    if (o.new_shape == Shape{0}) return Shape{};
    return o.new_shape;
  }
  return graph.tensors[op.outputs[0]].shape;
}

Result<Shape> InferReshape(const Graph& graph, const Op& op) {
  EB_ASSIGN_OR_RETURN(Shape shape, RequestedShape(graph, op));
  const int64_t count = NumElements(InputShape(graph, op, kInput));
  int stretch = -1;
  int64_t known = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1 && stretch == -1) {
      stretch = static_cast<int>(i);
    } else if (shape[i] < 0) {
      return Status::Error(fmt::format("target shape {} may hold one -1 and no other negative",
                                       ShapeToString(shape)));
    } else if (shape[i] > 0 && known > kMaxTensorBytes / shape[i]) {
      return Status::Error(fmt::format("target shape {} has more than {} elements",
                                       ShapeToString(shape), kMaxTensorBytes));
    } else {
      known *= shape[i];
    }
  }
  if (stretch != -1 && known > 0 && count % known == 0) {
    shape[stretch] = static_cast<int32_t>(count / known);
    known *= shape[stretch];
  }
  if (stretch != -1 && shape[stretch] == -1) {
    return Status::Error(fmt::format("target shape {} cannot hold the {} elements of {}",
                                     ShapeToString(shape), count, Input(graph, op, kInput)));
  }
  if (known != count) {
    return Status::Error(fmt::format("target shape {} has {} elements but {} of shape {} has {}",
                                     ShapeToString(shape), known, Input(graph, op, kInput),
                                     ShapeToString(InputShape(graph, op, kInput)), count));
  }
  return shape;
}

Result<Shape> InferSqueeze(const Graph& graph, const Op& op) {
  const auto& o = std::get<SqueezeOptions>(op.options);
  const Shape& shape = InputShape(graph, op, kInput);
  std::vector<bool> squeezed(shape.size(), false);
  if (o.squeeze_dims.empty()) {
    for (size_t d = 0; d < shape.size(); ++d) squeezed[d] = shape[d] == 1;
  }
  for (int32_t dim : o.squeeze_dims) {
    EB_ASSIGN_OR_RETURN(const int d, ResolveAxis(graph, op, dim, "squeeze dimension"));
    if (shape[d] != 1) {
      return Status::Error(
          fmt::format("squeeze dimension {} of {} of shape {} has size {}, "
                      "expected 1",
                      dim, Input(graph, op, kInput), ShapeToString(shape), shape[d]));
    }
    squeezed[d] = true;
  }
  Shape output;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (!squeezed[d]) output.push_back(shape[d]);
  }
  return output;
}

Result<Shape> InferSameShape(const Graph& graph, const Op& op) {
  const Shape& shape = InputShape(graph, op, kInput);
  if (op.type == OpType::kSoftmax && shape.empty()) {
    return Status::Error(
        fmt::format("{} is a scalar, expected rank 1 or more", Input(graph, op, kInput)));
  }
  return shape;
}

Result<std::vector<Shape>> InferDetectionPostProcess(const Graph& graph, const Op& op) {
  const auto& o = std::get<DetectionPostProcessOptions>(op.options);
  if (o.max_detections <= 0 || o.max_classes_per_detection <= 0) {
    return Status::Error(
        fmt::format("max_detections {} and max_classes_per_detection {} must be "
                    "positive",
                    o.max_detections, o.max_classes_per_detection));
  }
  const size_t ranks[] = {3, 3, 2};
  for (int position = 0; position < 3; ++position) {
    EB_RETURN_IF_ERROR(ExpectRank(graph, op, position, ranks[position]));
  }
  EB_ASSIGN_OR_RETURN(const int32_t slots,
                      Dimension(int64_t{o.max_detections} * o.max_classes_per_detection,
                                "max_detections * max_classes_per_detection"));
  return std::vector<Shape>{{1, slots, 4}, {1, slots}, {1, slots}, {1}};
}

Result<Shape> InferSingleOutput(const Graph& graph, const Op& op) {
  switch (op.type) {
    case OpType::kConv2D: return InferConv2D(graph, op);
    case OpType::kDepthwiseConv2D: return InferDepthwiseConv2D(graph, op);
    case OpType::kAveragePool2D:
    case OpType::kMaxPool2D: return InferPool2D(graph, op);
    case OpType::kFullyConnected: return InferFullyConnected(graph, op);
    case OpType::kAdd:
    case OpType::kMul: return InferBroadcast(graph, op);
    case OpType::kConcatenation: return InferConcatenation(graph, op);
    case OpType::kMean: return InferMean(graph, op);
    case OpType::kPad: return InferPad(graph, op);
    case OpType::kReshape: return InferReshape(graph, op);
    case OpType::kSqueeze: return InferSqueeze(graph, op);
    case OpType::kDequantize:
    case OpType::kLogistic:
    case OpType::kQuantize:
    case OpType::kRelu:
    case OpType::kRelu6:
    case OpType::kSoftmax: return InferSameShape(graph, op);
    case OpType::kDetectionPostProcess: break;
  }
  return Status::Error(fmt::format("no shape inference for {}", OpTypeName(op.type)));
}

bool IsQuantizedType(DataType type) {
  return type == DataType::kUInt8 || type == DataType::kInt8 || type == DataType::kInt16 ||
         type == DataType::kInt32;
}

std::pair<int64_t, int64_t> ZeroPointRange(DataType type) {
  switch (type) {
    case DataType::kUInt8: return {0, 255};
    case DataType::kInt8: return {-128, 127};
    case DataType::kInt16: return {-32768, 32767};
    default: return {std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()};
  }
}

// Scales a kernel divides by and zero points its type can hold. Float
// tensors may carry leftover quantization that nothing reads.
Status CheckQuantization(const Graph& graph, int index) {
  const Tensor& tensor = graph.tensors[index];
  if (!IsQuantizedType(tensor.type)) return Status::Ok();
  const Quantization& q = tensor.quantization;
  for (float scale : q.scale) {
    if (!std::isfinite(scale) || !(scale > 0.0f)) {
      return Status::Error(fmt::format("{} has quantization scale {}, expected a finite value > 0",
                                       DescribeTensor(graph, index), scale));
    }
  }
  const auto [low, high] = ZeroPointRange(tensor.type);
  for (int64_t zero_point : q.zero_point) {
    if (zero_point < low || zero_point > high) {
      return Status::Error(fmt::format("{} is {} with zero point {}, outside [{}, {}]",
                                       DescribeTensor(graph, index), DataTypeName(tensor.type),
                                       zero_point, low, high));
    }
  }
  return Status::Ok();
}

}  // namespace

int64_t ConvOutputSize(Padding padding, int64_t input, int64_t filter, int64_t stride,
                       int64_t dilation) {
  const int64_t effective_filter = (filter - 1) * dilation + 1;
  if (padding == Padding::kSame) return (input + stride - 1) / stride;
  return (input - effective_filter + stride) / stride;
}

Result<Shape> BroadcastShape(const Shape& a, const Shape& b) {
  const size_t rank = std::max(a.size(), b.size());
  auto from_right = [](const Shape& s, size_t i) { return i < s.size() ? s[s.size() - 1 - i] : 1; };
  Shape result(rank);
  for (size_t i = 0; i < rank; ++i) {
    const int32_t da = from_right(a, i);
    const int32_t db = from_right(b, i);
    if (da != db && da != 1 && db != 1) {
      return Status::Error(fmt::format(
          "input shapes {} and {} do not broadcast: dimension {} from the right is {} vs {}",
          ShapeToString(a), ShapeToString(b), i, da, db));
    }
    result[rank - 1 - i] = da == 1 ? db : da;
  }
  return result;
}

Result<std::vector<Shape>> InferOutputShapes(const Graph& graph, const Op& op) {
  if (op.type == OpType::kDetectionPostProcess) return InferDetectionPostProcess(graph, op);
  EB_ASSIGN_OR_RETURN(Shape shape, InferSingleOutput(graph, op));
  return std::vector<Shape>{std::move(shape)};
}

Status CheckOutputShapes(const Graph& graph, const Op& op) {
  EB_ASSIGN_OR_RETURN(const std::vector<Shape> shapes, InferOutputShapes(graph, op));
  for (size_t i = 0; i < shapes.size(); ++i) {
    const Shape& found = graph.tensors[op.outputs[i]].shape;
    if (found == shapes[i]) continue;
    return Status::Error(fmt::format("output {} ({}) has shape {}, expected {}", i,
                                     DescribeTensor(graph, op.outputs[i]), ShapeToString(found),
                                     ShapeToString(shapes[i])));
  }
  return Status::Ok();
}

Status ValidateOps(const Graph& graph) {
  for (int t = 0; t < static_cast<int>(graph.tensors.size()); ++t) {
    EB_RETURN_IF_ERROR(CheckQuantization(graph, t));
  }
  for (int i = 0; i < static_cast<int>(graph.ops.size()); ++i) {
    EB_RETURN_IF_ERROR(
        CheckOutputShapes(graph, graph.ops[i]).WithPrefix(DescribeOp(graph, i) + ": "));
  }
  return Status::Ok();
}

}  // namespace edgebench::graph
