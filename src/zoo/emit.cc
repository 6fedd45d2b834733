#include "zoo/emit.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "graph/graph_builder.h"

namespace edgebench::zoo {
namespace {

using graph::DataType;
using graph::Quantization;

// Fixed quantizations of the real files: the normalized image input and the
// sigmoid scores.
constexpr UInt8Params kInputParams{1.0f / 128.0f, 128};
constexpr UInt8Params kLogisticParams{1.0f / 256.0f, 0};

Quantization ToQuantization(UInt8Params p) { return Quantization{{p.scale}, {p.zero_point}, 0}; }

float MinOf(const std::vector<float>& v) { return *std::min_element(v.begin(), v.end()); }
float MaxOf(const std::vector<float>& v) { return *std::max_element(v.begin(), v.end()); }

class Emitter {
 public:
  Emitter(const Net& net, DataType dtype) : net_(net), dtype_(dtype) {}

  Result<graph::Graph> Run() && {
    tensor_of_.assign(net_.layers.size(), -1);
    params_of_.assign(net_.layers.size(), UInt8Params{});
    for (size_t i = 0; i < net_.layers.size(); ++i) {
      EB_RETURN_IF_ERROR(EmitLayer(static_cast<int>(i)));
    }
    return std::move(builder_).Build();
  }

 private:
  bool quantized() const { return dtype_ == DataType::kUInt8; }

  UInt8Params OutputParams(const Layer& layer) const {
    switch (layer.kind) {
      case LayerKind::kInput: return kInputParams;
      case LayerKind::kLogistic: return kLogisticParams;
      default: return ChooseUInt8Params(layer.range_min, layer.range_max);
    }
  }

  // The activation tensor of layer `index`.
  void AddOutput(int index) {
    const Layer& layer = net_.layers[index];
    const UInt8Params params = OutputParams(layer);
    params_of_[index] = params;
    tensor_of_[index] = builder_.AddTensor(layer.name, dtype_, layer.shape,
                                           quantized() ? ToQuantization(params) : Quantization{});
  }

  Status EmitLayer(int index) {
    const Layer& layer = net_.layers[index];
    switch (layer.kind) {
      case LayerKind::kInput:
        AddOutput(index);
        builder_.SetInputs({tensor_of_[index]});
        return Status::Ok();
      case LayerKind::kConv2D:
      case LayerKind::kDepthwiseConv2D: return EmitConv(index);
      case LayerKind::kAdd:
        AddOutput(index);
        builder_.AddOp(graph::OpType::kAdd, Inputs(layer), {tensor_of_[index]},
                       graph::ElementwiseOptions{});
        return Status::Ok();
      case LayerKind::kReshape: return EmitReshape(index);
      case LayerKind::kConcatenation:
        AddOutput(index);
        builder_.AddOp(graph::OpType::kConcatenation, Inputs(layer), {tensor_of_[index]},
                       graph::ConcatenationOptions{layer.axis, graph::Activation::kNone});
        return Status::Ok();
      case LayerKind::kLogistic:
        AddOutput(index);
        builder_.AddOp(graph::OpType::kLogistic, Inputs(layer), {tensor_of_[index]});
        return Status::Ok();
      case LayerKind::kDetectionPostProcess: return EmitPostProcess(index);
    }
    return Status::Error(
        fmt::format("zoo: layer {} \"{}\" has an unknown kind", index, layer.name));
  }

  std::vector<int> Inputs(const Layer& layer) const {
    std::vector<int> inputs;
    for (int input : layer.inputs) inputs.push_back(tensor_of_[input]);
    return inputs;
  }

  Status EmitConv(int index) {
    const Layer& layer = net_.layers[index];
    const bool depthwise = layer.kind == LayerKind::kDepthwiseConv2D;
    const int input = layer.inputs.front();
    const graph::Shape bias_shape = {static_cast<int32_t>(layer.bias.size())};
    int weights = 0, bias = 0;
    AddOutput(index);
    graph::Activation activation = layer.activation;
    if (quantized()) {
      const UInt8Params w_params = ChooseUInt8Params(MinOf(layer.weights), MaxOf(layer.weights));
      weights =
          builder_.AddConstant(layer.scope + "/weights", DataType::kUInt8, layer.weights_shape,
                               QuantizeUInt8(layer.weights, w_params), ToQuantization(w_params));
      const float bias_scale = params_of_[input].scale * w_params.scale;
      std::vector<int32_t> q(layer.bias.size());
      for (size_t i = 0; i < q.size(); ++i) {
        q[i] = static_cast<int32_t>(std::lround(layer.bias[i] / bias_scale));
      }
      bias = builder_.AddConstant(layer.scope + "/bias", DataType::kInt32, bias_shape, q,
                                  Quantization{{bias_scale}, {0}, 0});
      activation = QuantizedActivation(layer.activation, params_of_[index]);
    } else {
      weights = builder_.AddConstant(layer.scope + "/weights", DataType::kFloat32,
                                     layer.weights_shape, layer.weights);
      bias =
          builder_.AddConstant(layer.scope + "/bias", DataType::kFloat32, bias_shape, layer.bias);
    }
    const std::vector<int> inputs = {tensor_of_[input], weights, bias};
    const std::vector<int> outputs = {tensor_of_[index]};
    if (depthwise) {
      graph::DepthwiseConv2DOptions options;
      options.stride_w = options.stride_h = layer.stride;
      options.activation = activation;
      builder_.AddOp(graph::OpType::kDepthwiseConv2D, inputs, outputs, options);
    } else {
      graph::Conv2DOptions options;
      options.stride_w = options.stride_h = layer.stride;
      options.activation = activation;
      builder_.AddOp(graph::OpType::kConv2D, inputs, outputs, options);
    }
    return Status::Ok();
  }

  // A ReLU6 whose output's quantized range lies within [0, 6] clamps nothing
  // the requantization does not clamp already; TOCO removed it.
  static graph::Activation QuantizedActivation(graph::Activation activation, UInt8Params out) {
    if (activation != graph::Activation::kRelu6) return activation;
    const float lowest = out.scale * static_cast<float>(0 - out.zero_point);
    const float highest = out.scale * static_cast<float>(255 - out.zero_point);
    const float slack = out.scale * 0.01f;
    return lowest >= -slack && highest <= 6.0f + slack ? graph::Activation::kNone : activation;
  }

  Status EmitReshape(int index) {
    const Layer& layer = net_.layers[index];
    const int input = layer.inputs.front();
    const int shape =
        builder_.AddConstant(layer.name + "/shape", DataType::kInt32,
                             {static_cast<int32_t>(layer.new_shape.size())}, layer.new_shape);
    // Bytes are moved, not changed: the output shares the input's params.
    params_of_[index] = params_of_[input];
    tensor_of_[index] =
        builder_.AddTensor(layer.name, dtype_, layer.shape,
                           quantized() ? ToQuantization(params_of_[input]) : Quantization{});
    builder_.AddOp(graph::OpType::kReshape, {tensor_of_[input], shape}, {tensor_of_[index]},
                   graph::ReshapeOptions{layer.new_shape});
    return Status::Ok();
  }

  Status EmitPostProcess(int index) {
    const Layer& layer = net_.layers[index];
    const int32_t count = static_cast<int32_t>(layer.anchors.size() / 4);
    int anchors = 0;
    if (quantized()) {
      const UInt8Params params = ChooseUInt8Params(0.0f, MaxOf(layer.anchors));
      anchors = builder_.AddConstant(layer.scope, DataType::kUInt8, {count, 4},
                                     QuantizeUInt8(layer.anchors, params), ToQuantization(params));
    } else {
      anchors = builder_.AddConstant(layer.scope, DataType::kFloat32, {count, 4}, layer.anchors);
    }
    // The real files leave the four outputs' shapes empty: the op sizes them
    // from its options ([1, max, 4], [1, max], [1, max], [1]).
    std::vector<int> outputs;
    for (int i = 0; i < 4; ++i) {
      const std::string name = i == 0 ? layer.name : fmt::format("{}:{}", layer.name, i);
      outputs.push_back(builder_.AddTensor(name, DataType::kFloat32, {}));
    }
    builder_.AddOp(graph::OpType::kDetectionPostProcess,
                   {tensor_of_[layer.inputs[0]], tensor_of_[layer.inputs[1]], anchors}, outputs,
                   layer.post_process);
    builder_.SetOutputs(outputs);
    tensor_of_[index] = outputs.front();
    return Status::Ok();
  }

  const Net& net_;
  DataType dtype_;
  graph::GraphBuilder builder_;
  std::vector<int> tensor_of_;          // layer -> output tensor
  std::vector<UInt8Params> params_of_;  // layer -> output quantization
};

}  // namespace

UInt8Params ChooseUInt8Params(float min, float max) {
  const double lo = std::min(static_cast<double>(min), 0.0);
  double hi = std::max(static_cast<double>(max), 0.0);
  if (hi - lo < 1e-8) hi = lo + 1e-8;
  const double scale = (hi - lo) / 255.0;
  const double zero_point = std::clamp(std::round(-lo / scale), 0.0, 255.0);
  return {static_cast<float>(scale), static_cast<int32_t>(zero_point)};
}

std::vector<uint8_t> QuantizeUInt8(const std::vector<float>& values, UInt8Params params) {
  std::vector<uint8_t> q(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    const double v = std::round(values[i] / static_cast<double>(params.scale)) + params.zero_point;
    q[i] = static_cast<uint8_t>(std::clamp(v, 0.0, 255.0));
  }
  return q;
}

Result<graph::Graph> EmitGraph(const Net& net, graph::DataType dtype) {
  if (dtype != DataType::kFloat32 && dtype != DataType::kUInt8) {
    return Status::Error(fmt::format("zoo: models are built as FLOAT32 or UINT8, not {}",
                                     graph::DataTypeName(dtype)));
  }
  graph::Graph graph;
  EB_ASSIGN_OR_RETURN(graph, Emitter(net, dtype).Run());
  EB_RETURN_IF_ERROR(graph.Validate());
  return graph;
}

}  // namespace edgebench::zoo
