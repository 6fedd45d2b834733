#include "kernels/pool_common.h"

#include <fmt/format.h>

#include <cmath>
#include <variant>

#include "graph/op_validation.h"

namespace edgebench::kernels {
namespace {

using graph::DataType;

Status CheckSameQuantization(const graph::Graph& graph, const graph::Op& op) {
  const int input = op.inputs[0];
  const int output = op.outputs[0];
  EB_RETURN_IF_ERROR(ExpectPerTensorQuantization(graph, input));
  EB_RETURN_IF_ERROR(ExpectPerTensorQuantization(graph, output));
  const graph::Tensor& in = graph.tensors[input];
  const graph::Tensor& out = graph.tensors[output];
  // TFLite's pooling Prepare allows a difference of 1e-6 in the scales.
  if (std::abs(TensorScale(in) - TensorScale(out)) > 1.0e-6f ||
      TensorZeroPoint(in) != TensorZeroPoint(out)) {
    return Status::Error(
        fmt::format("output 0 ({}) has scale {} and zero point {}, expected the input's {} and {}",
                    graph::DescribeTensor(graph, output), TensorScale(out), TensorZeroPoint(out),
                    TensorScale(in), TensorZeroPoint(in)));
  }
  return Status::Ok();
}

}  // namespace

Result<PoolSetup> PreparePool(const graph::Graph& graph, const graph::Op& op) {
  const auto* options = std::get_if<graph::Pool2DOptions>(&op.options);
  if (options == nullptr) return Status::Error("carries no pooling options");
  EB_RETURN_IF_ERROR(
      ExpectInputType(graph, op, 0, {DataType::kFloat32, DataType::kUInt8, DataType::kInt8}));
  const graph::Tensor& input = graph.tensors[op.inputs[0]];
  EB_RETURN_IF_ERROR(ExpectOutputType(graph, op, 0, input.type));
  // Rank 4, filter and strides in range, the window fits, the output shape.
  EB_RETURN_IF_ERROR(graph::CheckOutputShapes(graph, op));

  PoolSetup setup;
  setup.type = input.type;
  PoolGeometry& g = setup.geometry;
  g.batches = input.shape[0];
  g.input_h = input.shape[1];
  g.input_w = input.shape[2];
  g.channels = input.shape[3];
  g.filter_h = options->filter_h;
  g.filter_w = options->filter_w;
  g.stride_h = options->stride_h;
  g.stride_w = options->stride_w;
  g.output_h = ConvOutputSize(options->padding, g.input_h, g.filter_h, g.stride_h, 1);
  g.output_w = ConvOutputSize(options->padding, g.input_w, g.filter_w, g.stride_w, 1);
  g.pad_top = ConvPaddingBefore(options->padding, g.input_h, g.filter_h, g.stride_h, 1);
  g.pad_left = ConvPaddingBefore(options->padding, g.input_w, g.filter_w, g.stride_w, 1);

  setup.float_range = FloatActivationRange(options->activation);
  if (input.type != DataType::kFloat32) {
    EB_RETURN_IF_ERROR(CheckSameQuantization(graph, op));
    const graph::Tensor& output = graph.tensors[op.outputs[0]];
    setup.quantized_range = QuantizedActivationRange(options->activation, output.type,
                                                     TensorScale(output), TensorZeroPoint(output));
  }
  return setup;
}

}  // namespace edgebench::kernels
