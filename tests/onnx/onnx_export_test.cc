// The ONNX export checked for structure (no ONNX runtime is available to
// run it): ONNX's own checker and shape inference, op counts against the
// graph's, weights against the .tflite file's after the layout change, and
// the quantization parameters carried over.
#include "onnx/onnx_export.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "bench/model_catalog.h"
#include "runtime/post_processing_split.h"
#include "support/real_models.h"

#if EDGEBENCH_HAVE_ONNX
#include <onnx/checker.h>
#include <onnx/onnx-ml.pb.h>
#include <onnx/shape_inference/implementation.h>
#endif

namespace edgebench::onnx {
namespace {

#if EDGEBENCH_HAVE_ONNX

using graph::DataType;
using graph::Graph;
using graph::OpType;

struct Exported {
  Graph model;
  Graph network;
  ::onnx::ModelProto proto;
  std::map<std::string, int> node_ops;
};

Exported ExportUncached(const std::string& name) {
  auto loaded = bench::LoadModel(name);
  EXPECT_TRUE(loaded.ok()) << loaded.status().message();
  Exported e{loaded->graph, runtime::SplitPostProcessing(loaded->graph).network, {}, {}};
  auto exported = ExportOnnx(e.model);
  EXPECT_TRUE(exported.ok()) << exported.status().message();
  if (exported.ok()) {
    EXPECT_TRUE(e.proto.ParseFromString(exported->bytes));
    e.node_ops = exported->node_ops;
  }
  return e;
}

// Each model is built (the zoo's take seconds) and exported once per run.
const Exported& Export(const std::string& name) {
  static std::map<std::string, Exported> exported;
  auto it = exported.find(name);
  if (it == exported.end()) it = exported.emplace(name, ExportUncached(name)).first;
  return it->second;
}

const ::onnx::TensorProto* FindInitializer(const ::onnx::ModelProto& proto,
                                           const std::string& name) {
  for (const auto& tensor : proto.graph().initializer()) {
    if (tensor.name() == name) return &tensor;
  }
  return nullptr;
}

const ::onnx::NodeProto* Producer(const ::onnx::ModelProto& proto, const std::string& value) {
  for (const auto& node : proto.graph().node()) {
    if (node.output(0) == value) return &node;
  }
  return nullptr;
}

int64_t IntAttribute(const ::onnx::NodeProto& node, const std::string& name) {
  for (const auto& attribute : node.attribute()) {
    if (attribute.name() == name) return attribute.i();
  }
  return -1;
}

std::vector<int64_t> IntsAttribute(const ::onnx::NodeProto& node, const std::string& name) {
  for (const auto& attribute : node.attribute()) {
    if (attribute.name() == name) return {attribute.ints().begin(), attribute.ints().end()};
  }
  return {};
}

template <typename T>
std::vector<T> Values(const ::onnx::TensorProto& tensor) {
  std::vector<T> values(tensor.raw_data().size() / sizeof(T));
  std::memcpy(values.data(), tensor.raw_data().data(), values.size() * sizeof(T));
  return values;
}

std::vector<std::string> CatalogNames() {
  std::vector<std::string> names = {"ssd_mobilenet_v1_0.75_uint8",
                                    "zoo:ssd_mobilenet_v1_0.75_float32",
                                    "zoo:ssd_mobilenet_v1_0.75_uint8",
                                    "zoo:ssd_mobilenet_v2_float32", "zoo:ssd_mobilenet_v2_uint8"};
  if (std::filesystem::exists(testing::RealV2Model())) {
    names.push_back("ssd_mobilenet_v2_uint8");
  }
  return names;
}

// ONNX's own shape inference on a copy whose outputs declare no shape.
std::vector<graph::Shape> InferredOutputShapes(::onnx::ModelProto proto) {
  for (auto& output : *proto.mutable_graph()->mutable_output()) {
    output.mutable_type()->mutable_tensor_type()->clear_shape();
  }
  ::onnx::shape_inference::InferShapes(proto, ::onnx::OpSchemaRegistry::Instance(),
                                       ::onnx::ShapeInferenceOptions(true, 1));
  std::vector<graph::Shape> shapes;
  for (const auto& output : proto.graph().output()) {
    graph::Shape shape;
    for (const auto& dim : output.type().tensor_type().shape().dim()) {
      shape.push_back(static_cast<int32_t>(dim.dim_value()));
    }
    shapes.push_back(shape);
  }
  return shapes;
}

TEST(OnnxExport, EveryCatalogModelPassesOnnxCheckerWithTheGraphsShapes) {
  for (const std::string& name : CatalogNames()) {
    SCOPED_TRACE(name);
    const Exported& e = Export(name);
    EXPECT_NO_THROW(::onnx::checker::check_model(e.proto));
    EXPECT_EQ(e.proto.opset_import(0).version(), 13);
    const std::vector<graph::Shape> shapes = InferredOutputShapes(e.proto);
    ASSERT_EQ(shapes.size(), e.network.outputs.size());
    for (size_t i = 0; i < shapes.size(); ++i) {
      const graph::Tensor& tensor = e.network.tensors[e.network.outputs[i]];
      EXPECT_EQ(shapes[i], tensor.shape) << "output " << i;
      EXPECT_EQ(e.proto.graph().output(i).name(), tensor.name);
      EXPECT_EQ(e.proto.graph().output(i).type().tensor_type().elem_type(),
                tensor.type == DataType::kUInt8 ? ::onnx::TensorProto::UINT8
                                                : ::onnx::TensorProto::FLOAT);
    }
    const graph::Tensor& input = e.model.tensors[e.model.inputs[0]];
    ASSERT_EQ(e.proto.graph().input_size(), 1);
    EXPECT_EQ(e.proto.graph().input(0).name(), input.name);
    graph::Shape input_shape;
    for (const auto& dim : e.proto.graph().input(0).type().tensor_type().shape().dim()) {
      input_shape.push_back(static_cast<int32_t>(dim.dim_value()));
    }
    EXPECT_EQ(input_shape, (graph::Shape{1, 300, 300, 3}));
  }
}

// Ops with a fused RELU6 (every activation in these models) whose output
// is float, or quantized to more than [0, 6]: QuantizeLinear's saturation
// clamps the others.
int ClipsNeeded(const Graph& network) {
  int clips = 0;
  for (const graph::Op& op : network.ops) {
    graph::Activation activation = graph::Activation::kNone;
    if (const auto* conv = std::get_if<graph::Conv2DOptions>(&op.options)) {
      activation = conv->activation;
    } else if (const auto* dw = std::get_if<graph::DepthwiseConv2DOptions>(&op.options)) {
      activation = dw->activation;
    }
    if (activation != graph::Activation::kRelu6) continue;
    const graph::Tensor& out = network.tensors[op.outputs[0]];
    if (out.type == DataType::kFloat32) {
      ++clips;
    } else {
      const int64_t zero_point = out.quantization.zero_point[0];
      const int64_t six = zero_point + std::lround(6.0 / out.quantization.scale[0]);
      if (zero_point > 0 || six < 255) ++clips;
    }
  }
  return clips;
}

TEST(OnnxExport, OpCountsMatchTheGraphsUpToThePostProcessing) {
  for (const std::string& name : CatalogNames()) {
    SCOPED_TRACE(name);
    const Exported& e = Export(name);
    std::map<OpType, int> graph_ops;
    for (const graph::Op& op : e.network.ops) ++graph_ops[op.type];
    EXPECT_EQ(e.network.ops.size() + 1, e.model.ops.size());  // the post-processing left out
    std::map<std::string, int> onnx_ops;
    int grouped_convs = 0;
    for (const auto& node : e.proto.graph().node()) {
      ++onnx_ops[node.op_type()];
      if (node.op_type() == "Conv" && IntAttribute(node, "group") > 1) ++grouped_convs;
    }
    EXPECT_EQ(onnx_ops["Conv"], graph_ops[OpType::kConv2D] + graph_ops[OpType::kDepthwiseConv2D]);
    EXPECT_EQ(grouped_convs, graph_ops[OpType::kDepthwiseConv2D]);
    EXPECT_EQ(onnx_ops["Reshape"], graph_ops[OpType::kReshape]);
    EXPECT_EQ(onnx_ops["Concat"], graph_ops[OpType::kConcatenation]);
    EXPECT_EQ(onnx_ops["Sigmoid"], graph_ops[OpType::kLogistic]);
    EXPECT_EQ(onnx_ops["Add"], graph_ops[OpType::kAdd]);
    EXPECT_EQ(onnx_ops["Clip"], ClipsNeeded(e.network));
    const bool quantized = e.model.tensors[e.model.inputs[0]].type == DataType::kUInt8;
    // QDQ: every op's output is quantized once; float models have no Q/DQ.
    EXPECT_EQ(onnx_ops["QuantizeLinear"], quantized ? static_cast<int>(e.network.ops.size()) : 0);
    EXPECT_EQ(onnx_ops["DequantizeLinear"] > 0, quantized);
  }
}

// Weights of the Conv named by the op's index among the convs, as the test
// computes them: ONNX value [o][i][h][w] from TensorFlow Lite's
// [o][h][w][i] (conv) or [0][h][w][o] (depthwise, i = 0).
template <typename T>
std::vector<T> ExpectedOnnxWeights(const graph::Tensor& weights, bool depthwise) {
  const int d0 = weights.shape[0], height = weights.shape[1], width = weights.shape[2],
            d3 = weights.shape[3];
  const auto* tflite = reinterpret_cast<const T*>(weights.data);
  std::vector<T> onnx;
  const int out_channels = depthwise ? d3 : d0;
  const int in_channels = depthwise ? 1 : d3;
  for (int o = 0; o < out_channels; ++o) {
    for (int i = 0; i < in_channels; ++i) {
      for (int h = 0; h < height; ++h) {
        for (int w = 0; w < width; ++w) {
          onnx.push_back(depthwise ? tflite[(h * width + w) * d3 + o]
                                   : tflite[((o * height + h) * width + w) * d3 + i]);
        }
      }
    }
  }
  return onnx;
}

// The n-th ONNX Conv and the graph op it came from (the n-th conv of
// either kind, in order).
std::pair<const ::onnx::NodeProto*, const graph::Op*> NthConv(const Exported& e, int n) {
  const ::onnx::NodeProto* node = nullptr;
  int seen = 0;
  for (const auto& candidate : e.proto.graph().node()) {
    if (candidate.op_type() == "Conv" && seen++ == n) node = &candidate;
  }
  seen = 0;
  for (const graph::Op& op : e.network.ops) {
    if ((op.type == OpType::kConv2D || op.type == OpType::kDepthwiseConv2D) && seen++ == n) {
      return {node, &op};
    }
  }
  return {node, nullptr};
}

void ExpectWeightsAndQuantization(const Exported& e, int n) {
  auto [node, op] = NthConv(e, n);
  ASSERT_NE(node, nullptr);
  ASSERT_NE(op, nullptr);
  const bool depthwise = op->type == OpType::kDepthwiseConv2D;
  const graph::Tensor& weights = e.network.tensors[op->inputs[1]];
  const ::onnx::NodeProto* dequantize = Producer(e.proto, node->input(1));
  ASSERT_NE(dequantize, nullptr);
  ASSERT_EQ(dequantize->op_type(), "DequantizeLinear");
  const ::onnx::TensorProto* stored = FindInitializer(e.proto, dequantize->input(0));
  ASSERT_NE(stored, nullptr);
  EXPECT_EQ(stored->data_type(), ::onnx::TensorProto::UINT8);
  EXPECT_EQ(Values<uint8_t>(*stored), ExpectedOnnxWeights<uint8_t>(weights, depthwise));
  const int channels = depthwise ? weights.shape[3] : weights.shape[0];
  EXPECT_THAT(stored->dims(), ::testing::ElementsAre(channels, depthwise ? 1 : weights.shape[3],
                                                     weights.shape[1], weights.shape[2]));
  EXPECT_EQ(Values<float>(*FindInitializer(e.proto, dequantize->input(1))),
            weights.quantization.scale);
  EXPECT_EQ(Values<uint8_t>(*FindInitializer(e.proto, dequantize->input(2)))[0],
            weights.quantization.zero_point[0]);
  EXPECT_EQ(IntAttribute(*node, "group"),
            depthwise ? e.network.tensors[op->inputs[0]].shape[3] : 1);
}

TEST(OnnxExport, RealV1ConvWeightsAreTheFilesAfterTheLayoutChange) {
  const Exported& e = Export("ssd_mobilenet_v1_0.75_uint8");
  ExpectWeightsAndQuantization(e, 0);  // CONV_2D 3x3 stride 2
  ExpectWeightsAndQuantization(e, 1);  // DEPTHWISE_CONV_2D
  auto [first, op] = NthConv(e, 0);
  // SAME on 300 with a 3x3 kernel and stride 2: TensorFlow Lite pads one
  // row and column, at the end.
  EXPECT_THAT(IntsAttribute(*first, "pads"), ::testing::ElementsAre(0, 0, 1, 1));
  EXPECT_THAT(IntsAttribute(*first, "strides"), ::testing::ElementsAre(2, 2));
  EXPECT_THAT(IntsAttribute(*first, "kernel_shape"), ::testing::ElementsAre(3, 3));
}

TEST(OnnxExport, EveryQuantizedActivationKeepsItsScaleAndZeroPoint) {
  const Exported& e = Export("ssd_mobilenet_v1_0.75_uint8");
  std::map<std::string, const graph::Tensor*> by_name;
  for (const graph::Tensor& tensor : e.network.tensors) by_name[tensor.name] = &tensor;
  int checked = 0;
  for (const auto& node : e.proto.graph().node()) {
    if (node.op_type() != "QuantizeLinear") continue;
    ASSERT_EQ(by_name.count(node.output(0)), 1u) << node.output(0);
    const graph::Tensor& tensor = *by_name[node.output(0)];
    EXPECT_EQ(Values<float>(*FindInitializer(e.proto, node.input(1))),
              std::vector<float>{tensor.quantization.scale[0]});
    EXPECT_EQ(Values<uint8_t>(*FindInitializer(e.proto, node.input(2))),
              std::vector<uint8_t>{static_cast<uint8_t>(tensor.quantization.zero_point[0])});
    ++checked;
  }
  EXPECT_EQ(checked, static_cast<int>(e.network.ops.size()));
}

// Shapes alone would not show a missed layout change before a RESHAPE (the
// element count is the same): the input goes to NCHW once, and every
// RESHAPE of a 4-D tensor reads it back in TensorFlow Lite's NHWC order.
TEST(OnnxExport, TheInputBecomesNchwOnceAndEveryReshapeReadsNhwc) {
  for (const std::string name : {"zoo:ssd_mobilenet_v2_float32", "ssd_mobilenet_v1_0.75_uint8"}) {
    SCOPED_TRACE(name);
    const Exported& e = Export(name);
    const ::onnx::NodeProto& first = e.proto.graph().node(0);
    EXPECT_EQ(first.op_type(), "Transpose");
    EXPECT_EQ(first.input(0), e.proto.graph().input(0).name());
    EXPECT_THAT(IntsAttribute(first, "perm"), ::testing::ElementsAre(0, 3, 1, 2));
    int reshapes_of_4d = 0;
    for (const graph::Op& op : e.network.ops) {
      if (op.type == OpType::kReshape && e.network.tensors[op.inputs[0]].shape.size() == 4) {
        ++reshapes_of_4d;
      }
    }
    int checked = 0;
    for (const auto& node : e.proto.graph().node()) {
      if (node.op_type() != "Reshape") continue;
      const ::onnx::NodeProto* producer = Producer(e.proto, node.input(0));
      if (producer == nullptr || producer->op_type() != "Transpose") continue;
      EXPECT_THAT(IntsAttribute(*producer, "perm"), ::testing::ElementsAre(0, 2, 3, 1));
      ++checked;
    }
    EXPECT_GT(reshapes_of_4d, 0);
    EXPECT_EQ(checked, reshapes_of_4d);
  }
}

// So a runtime's intermediate values can be matched to edgebench's op by op.
TEST(OnnxExport, EveryOpOutputKeepsItsTfliteName) {
  for (const std::string name :
       {"zoo:ssd_mobilenet_v1_0.75_float32", "ssd_mobilenet_v1_0.75_uint8"}) {
    SCOPED_TRACE(name);
    const Exported& e = Export(name);
    std::set<std::string> outputs;
    for (const auto& node : e.proto.graph().node()) outputs.insert(node.output(0));
    for (const graph::Op& op : e.network.ops) {
      EXPECT_EQ(outputs.count(e.network.tensors[op.outputs[0]].name), 1u)
          << e.network.tensors[op.outputs[0]].name;
    }
  }
}

// So a runtime's per-node profile maps back to the ops: every node and the
// value it computes name the op they were made for, each Conv a convolution,
// and every op has a node.
TEST(OnnxExport, EveryNodeAndItsValueNameTheOpTheyWereMadeFor) {
  for (const std::string name :
       {"zoo:ssd_mobilenet_v1_0.75_float32", "ssd_mobilenet_v1_0.75_uint8"}) {
    SCOPED_TRACE(name);
    const Exported& e = Export(name);
    std::set<int> ops_with_nodes;
    for (const auto& node : e.proto.graph().node()) {
      ASSERT_EQ(e.node_ops.count(node.name()), 1u) << node.name();
      ASSERT_EQ(e.node_ops.count(node.output(0)), 1u) << node.output(0);
      const int op = e.node_ops.at(node.name());
      EXPECT_EQ(e.node_ops.at(node.output(0)), op) << node.name();
      ASSERT_GE(op, 0);
      ASSERT_LT(op, static_cast<int>(e.network.ops.size()));
      ops_with_nodes.insert(op);
      if (node.op_type() == "Conv") {
        const OpType type = e.network.ops[op].type;
        EXPECT_TRUE(type == OpType::kConv2D || type == OpType::kDepthwiseConv2D) << node.name();
      }
    }
    EXPECT_EQ(ops_with_nodes.size(), e.network.ops.size());
  }
}

// A one-conv graph with per-channel int8 weights (axis 0) and per-channel
// int32 biases, as post-training int8 quantization writes them.
Graph PerChannelConv(graph::Activation activation = graph::Activation::kNone,
                     float out_scale = 0.1f, int64_t out_zero_point = 3) {
  Graph g;
  auto weights = std::make_shared<std::vector<int8_t>>(std::vector<int8_t>{1, -2, 3, -4});
  auto bias = std::make_shared<std::vector<int32_t>>(std::vector<int32_t>{10, -20});
  g.storage = {weights, bias};
  graph::Tensor input{"in", DataType::kUInt8, {1, 3, 3, 2}, {{0.5f}, {128}, 0}, nullptr, 0};
  graph::Tensor w{"w",
                  DataType::kInt8,
                  {2, 1, 1, 2},
                  {{0.25f, 0.125f}, {0, 0}, 0},
                  reinterpret_cast<const uint8_t*>(weights->data()),
                  4};
  graph::Tensor b{"b",
                  DataType::kInt32,
                  {2},
                  {{0.125f, 0.0625f}, {0, 0}, 0},
                  reinterpret_cast<const uint8_t*>(bias->data()),
                  8};
  graph::Tensor out{
      "out", DataType::kUInt8, {1, 3, 3, 2}, {{out_scale}, {out_zero_point}, 0}, nullptr, 0};
  g.tensors = {input, w, b, out};
  graph::Conv2DOptions options;
  options.activation = activation;
  g.ops = {{OpType::kConv2D, {0, 1, 2}, {3}, options}};
  g.inputs = {0};
  g.outputs = {3};
  return g;
}

TEST(OnnxExport, PerChannelWeightsAndBiasesKeepOneScalePerChannel) {
  auto exported = ExportOnnx(PerChannelConv());
  ASSERT_TRUE(exported.ok()) << exported.status().message();
  ::onnx::ModelProto proto;
  ASSERT_TRUE(proto.ParseFromString(exported->bytes));
  const ::onnx::NodeProto* conv = nullptr;
  for (const auto& node : proto.graph().node()) {
    if (node.op_type() == "Conv") conv = &node;
  }
  ASSERT_NE(conv, nullptr);
  const ::onnx::NodeProto* weights = Producer(proto, conv->input(1));
  EXPECT_EQ(IntAttribute(*weights, "axis"), 0);
  EXPECT_EQ(Values<float>(*FindInitializer(proto, weights->input(1))),
            (std::vector<float>{0.25f, 0.125f}));
  EXPECT_EQ(FindInitializer(proto, weights->input(0))->data_type(), ::onnx::TensorProto::INT8);
  EXPECT_EQ(Values<int8_t>(*FindInitializer(proto, weights->input(0))),
            (std::vector<int8_t>{1, -2, 3, -4}));  // [O,1,1,I] is [O,I,1,1]
  const ::onnx::NodeProto* bias = Producer(proto, conv->input(2));
  EXPECT_EQ(IntAttribute(*bias, "axis"), 0);
  EXPECT_EQ(Values<float>(*FindInitializer(proto, bias->input(1))),
            (std::vector<float>{0.125f, 0.0625f}));
  EXPECT_EQ(Values<int32_t>(*FindInitializer(proto, bias->input(0))),
            (std::vector<int32_t>{10, -20}));
}

int CountOps(const Graph& g, const std::string& type) {
  auto exported = ExportOnnx(g);
  EXPECT_TRUE(exported.ok()) << exported.status().message();
  ::onnx::ModelProto proto;
  EXPECT_TRUE(proto.ParseFromString(exported->bytes));
  int count = 0;
  for (const auto& node : proto.graph().node()) count += node.op_type() == type ? 1 : 0;
  return count;
}

TEST(OnnxExport, QuantizedRelu6IsAClipOnlyWhereQuantizeLinearDoesNotClampToIt) {
  using graph::Activation;
  EXPECT_EQ(CountOps(PerChannelConv(Activation::kRelu6, 6.0f / 255, 0), "Clip"), 0);
  EXPECT_EQ(CountOps(PerChannelConv(Activation::kRelu6, 0.1f, 0), "Clip"), 1);        // up to 25.5
  EXPECT_EQ(CountOps(PerChannelConv(Activation::kRelu6, 6.0f / 255, 3), "Clip"), 1);  // below 0
  EXPECT_EQ(CountOps(PerChannelConv(Activation::kRelu, 0.1f, 0), "Relu"), 0);
  EXPECT_EQ(CountOps(PerChannelConv(Activation::kRelu, 0.1f, 3), "Relu"), 1);
}

TEST(OnnxExport, AnOpItCannotTranslateIsOneLineNamingItsIndexAndType) {
  Graph g;
  g.tensors = {{"in", DataType::kFloat32, {1, 4, 4, 1}, {}, nullptr, 0},
               {"out", DataType::kFloat32, {1, 2, 2, 1}, {}, nullptr, 0}};
  g.ops = {
      {OpType::kMaxPool2D, {0}, {1}, graph::Pool2DOptions{graph::Padding::kValid, 2, 2, 2, 2}}};
  g.inputs = {0};
  g.outputs = {1};
  auto exported = ExportOnnx(g);
  ASSERT_FALSE(exported.ok());
  EXPECT_THAT(exported.status().message(),
              ::testing::StartsWith("node 0 (MAX_POOL_2D): cannot be exported to ONNX"));
  EXPECT_EQ(exported.status().message().find('\n'), std::string::npos);
}

#else  // built without ONNX's library

TEST(OnnxExport, SaysThisBuildHasNoOnnxExport) {
  EXPECT_FALSE(OnnxExportAvailable());
  auto exported = ExportOnnx(graph::Graph{});
  ASSERT_FALSE(exported.ok());
  EXPECT_THAT(exported.status().message(), ::testing::HasSubstr("built without ONNX export"));
}

#endif

}  // namespace
}  // namespace edgebench::onnx
