#include "graph/graph.h"

#include <gtest/gtest.h>

#include <vector>

#include "graph/graph_builder.h"
#include "graph/model_stats.h"
#include "graph/shape_inference.h"

namespace edgebench::graph {
namespace {

// relu(a) -> b, add(b, c) -> d, relu(d) -> e; the middle op alone.
TEST(ExtractSubgraphTest, KeepsOnlyTheNamedTensorsRenumberedInFirstUseOrder) {
  GraphBuilder builder;
  const int a = builder.AddTensor("a", DataType::kFloat32, {1, 2});
  const int b = builder.AddTensor("b", DataType::kFloat32, {1, 2});
  const int c = builder.AddConstant<float>("c", DataType::kFloat32, {1, 2}, {1.0f, 2.0f});
  const int d = builder.AddTensor("d", DataType::kFloat32, {1, 2});
  const int e = builder.AddTensor("e", DataType::kFloat32, {1, 2});
  builder.AddOp(OpType::kRelu, {a}, {b});
  builder.AddOp(OpType::kAdd, {b, c}, {d}, ElementwiseOptions{});
  builder.AddOp(OpType::kRelu, {d}, {e});
  const Graph& whole = builder.graph();

  const Graph part = ExtractSubgraph(whole, {1}, {b}, {d});
  ASSERT_EQ(part.tensors.size(), 3u);
  EXPECT_EQ(part.tensors[0].name, "b");
  EXPECT_EQ(part.tensors[1].name, "c");
  EXPECT_EQ(part.tensors[2].name, "d");
  EXPECT_EQ(part.inputs, std::vector<int>({0}));
  EXPECT_EQ(part.outputs, std::vector<int>({2}));
  ASSERT_EQ(part.ops.size(), 1u);
  EXPECT_EQ(part.ops[0].type, OpType::kAdd);
  EXPECT_EQ(part.ops[0].inputs, std::vector<int>({0, 1}));
  EXPECT_EQ(part.ops[0].outputs, std::vector<int>({2}));
  EXPECT_TRUE(part.tensors[1].is_constant());
  EXPECT_TRUE(part.Validate().ok()) << part.Validate().message();
  EXPECT_EQ(whole.tensors.size(), 5u);  // the source graph is untouched
}

TEST(ExtractSubgraphTest, AnAbsentOptionalInputStaysAbsent) {
  GraphBuilder builder;
  const int a = builder.AddTensor("a", DataType::kFloat32, {1, 2});
  const int b = builder.AddTensor("b", DataType::kFloat32, {1, 2});
  builder.AddOp(OpType::kRelu, {a, kNoTensor}, {b});
  const Graph part = ExtractSubgraph(builder.graph(), {0}, {a}, {b});
  ASSERT_EQ(part.ops.size(), 1u);
  EXPECT_EQ(part.ops[0].inputs, std::vector<int>({0, kNoTensor}));
  EXPECT_EQ(part.tensors.size(), 2u);
}

TEST(GraphValidateTest, AcceptsAWellFormedGraph) {
  GraphBuilder builder;
  const int in = builder.AddTensor("in", DataType::kFloat32, {1, 2});
  const int out = builder.AddTensor("out", DataType::kFloat32, {1, 2});
  builder.AddOp(OpType::kRelu, {in}, {out});
  builder.SetInputs({in});
  builder.SetOutputs({out});
  EXPECT_TRUE(builder.graph().Validate().ok());
}

TEST(GraphValidateTest, NamesTheOpAndTheBadIndex) {
  GraphBuilder builder;
  const int in = builder.AddTensor("in", DataType::kFloat32, {1, 2});
  builder.AddOp(OpType::kRelu, {in}, {7});
  const Status status = builder.graph().Validate();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "node 0 (RELU): output 0 names tensor 7, but there are 1 tensors");
}

TEST(GraphValidateTest, WrongInputCount) {
  GraphBuilder builder;
  const int in = builder.AddTensor("in", DataType::kFloat32, {1, 2});
  const int out = builder.AddTensor("out", DataType::kFloat32, {1, 2});
  builder.AddOp(OpType::kAdd, {in}, {out}, ElementwiseOptions{});
  const Status status = builder.graph().Validate();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "node 0 (ADD): has 1 inputs, expected 2");
}

TEST(GraphValidateTest, OptionsOfTheWrongType) {
  GraphBuilder builder;
  const int in = builder.AddTensor("in", DataType::kFloat32, {1, 2});
  const int out = builder.AddTensor("out", DataType::kFloat32, {1, 2});
  builder.AddOp(OpType::kAdd, {in, in}, {out}, SoftmaxOptions{});
  EXPECT_EQ(builder.graph().Validate().message(),
            "node 0 (ADD): carries options of another op type");
}

TEST(GraphValidateTest, ConstantWhoseBytesDoNotMatchItsShape) {
  GraphBuilder builder;
  builder.AddConstant<float>("w", DataType::kFloat32, {2, 2}, {1.0f, 2.0f, 3.0f});
  EXPECT_EQ(
      builder.graph().Validate().message(),
      "tensor 0 \"w\" of shape [2,2] and type FLOAT32 needs 16 bytes but its buffer holds 12");
}

TEST(GraphValidateTest, PerChannelScalesMustMatchTheAxis) {
  GraphBuilder builder;
  Quantization q;
  q.scale = {0.1f, 0.2f, 0.3f};
  q.zero_point = {0, 0, 0};
  q.axis = 0;
  builder.AddConstant<int8_t>("w", DataType::kInt8, {2, 1}, {1, 2}, q);
  EXPECT_EQ(builder.graph().Validate().message(),
            "tensor 0 \"w\" has 3 per-channel scales on axis 0, which does not match its shape "
            "[2,1]");
}

TEST(GraphValidateTest, OptionalBiasMayBeAbsent) {
  GraphBuilder builder;
  const int in = builder.AddTensor("in", DataType::kFloat32, {1, 3, 3, 2});
  const int w = builder.AddConstant<float>("w", DataType::kFloat32, {4, 1, 1, 2},
                                           std::vector<float>(8, 1.0f));
  const int out = builder.AddTensor("out", DataType::kFloat32, {1, 3, 3, 4});
  builder.AddOp(OpType::kConv2D, {in, w, kNoTensor}, {out}, Conv2DOptions{});
  EXPECT_TRUE(builder.graph().Validate().ok());
  // 3x3 outputs x 4 channels, each a 1x1x2 dot product.
  EXPECT_EQ(TotalMacs(builder.graph()), 3 * 3 * 4 * 2);
  EXPECT_EQ(CountParameters(builder.graph()).count, 8);
  EXPECT_EQ(CountParameters(builder.graph()).bytes, 32);
}

TEST(ModelStatsTest, DepthwiseAndFullyConnectedMacs) {
  GraphBuilder builder;
  const int in = builder.AddTensor("in", DataType::kFloat32, {1, 5, 5, 3});
  const int dw = builder.AddConstant<float>("dw", DataType::kFloat32, {1, 3, 3, 3},
                                            std::vector<float>(27, 1.0f));
  const int mid = builder.AddTensor("mid", DataType::kFloat32, {1, 3, 3, 3});
  builder.AddOp(OpType::kDepthwiseConv2D, {in, dw, kNoTensor}, {mid},
                DepthwiseConv2DOptions{.padding = Padding::kValid});
  const int fc =
      builder.AddConstant<float>("fc", DataType::kFloat32, {10, 27}, std::vector<float>(270, 1.0f));
  const int out = builder.AddTensor("out", DataType::kFloat32, {1, 10});
  builder.AddOp(OpType::kFullyConnected, {mid, fc, kNoTensor}, {out}, FullyConnectedOptions{});
  const Graph& graph = builder.graph();
  EXPECT_EQ(OpMacs(graph, graph.ops[0]), 3 * 3 * 3 * 9);  // 27 outputs x 9 taps
  EXPECT_EQ(OpMacs(graph, graph.ops[1]), 10 * 27);
}

}  // namespace
}  // namespace edgebench::graph

namespace edgebench::graph {
namespace {

TEST(ShapeInferenceTest, PostProcessOutputsStoredWithoutShapeGetTheirSize) {
  GraphBuilder builder;
  const int boxes = builder.AddTensor("boxes", DataType::kFloat32, {1, 5, 4});
  const int scores = builder.AddTensor("scores", DataType::kFloat32, {1, 5, 3});
  const int anchors = builder.AddTensor("anchors", DataType::kFloat32, {5, 4});
  std::vector<int> outputs;
  for (const char* name : {"o0", "o1", "o2", "o3"}) {
    outputs.push_back(builder.AddTensor(name, DataType::kFloat32, {}));
  }
  DetectionPostProcessOptions options;
  options.max_detections = 10;
  options.max_classes_per_detection = 2;
  builder.AddOp(OpType::kDetectionPostProcess, {boxes, scores, anchors}, outputs, options);
  Graph graph = std::move(builder).Build();
  graph.tensors[outputs[1]].shape = {1, 7};  // a stated shape is left alone
  InferMissingShapes(graph);
  EXPECT_EQ(graph.tensors[outputs[0]].shape, (Shape{1, 20, 4}));
  EXPECT_EQ(graph.tensors[outputs[1]].shape, (Shape{1, 7}));
  EXPECT_EQ(graph.tensors[outputs[2]].shape, (Shape{1, 20}));
  EXPECT_EQ(graph.tensors[outputs[3]].shape, (Shape{1}));
}

}  // namespace
}  // namespace edgebench::graph
