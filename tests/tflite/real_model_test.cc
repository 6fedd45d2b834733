// Reads the benchmark's real models and checks facts known about them.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "graph/graph.h"
#include "tflite/reader.h"

namespace edgebench::tflite {
namespace {

using graph::DataType;
using graph::OpType;

const std::string kV1Path = std::string(EDGEBENCH_SOURCE_DIR) +
                            "/data/models/ssd_mobilenet_v1_0.75_depth_quant_coco.tflite";
const std::string kV2Path = std::string(EDGEBENCH_SOURCE_DIR) +
                            "/cache/models/mobilenet_ssd_v2_coco_quant_postprocess.tflite";

std::map<OpType, int> CountOps(const graph::Graph& graph) {
  std::map<OpType, int> counts;
  for (const graph::Op& op : graph.ops) ++counts[op.type];
  return counts;
}

const graph::Op* FindOp(const graph::Graph& graph, OpType type) {
  for (const graph::Op& op : graph.ops) {
    if (op.type == type) return &op;
  }
  return nullptr;
}

void PrintPostProcess(const graph::DetectionPostProcessOptions& o) {
  std::printf(
      "post-process: max_detections=%d max_classes_per_detection=%d detections_per_class=%d "
      "use_regular_nms=%d nms_score_threshold=%g nms_iou_threshold=%g num_classes=%d "
      "scales y=%g x=%g h=%g w=%g\n",
      o.max_detections, o.max_classes_per_detection, o.detections_per_class, o.use_regular_nms,
      o.nms_score_threshold, o.nms_iou_threshold, o.num_classes, o.y_scale, o.x_scale, o.h_scale,
      o.w_scale);
}

TEST(RealModelTest, V1HasTheKnownOpsAndInput) {
  Result<graph::Graph> graph = ReadModelFile(kV1Path);
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  EXPECT_EQ(graph->ops.size(), 64u);
  const std::map<OpType, int> counts = CountOps(*graph);
  const std::map<OpType, int> expected = {
      {OpType::kConv2D, 34},  {OpType::kDepthwiseConv2D, 13},
      {OpType::kReshape, 13}, {OpType::kConcatenation, 2},
      {OpType::kLogistic, 1}, {OpType::kDetectionPostProcess, 1}};
  EXPECT_EQ(counts, expected);

  ASSERT_EQ(graph->inputs.size(), 1u);
  const graph::Tensor& input = graph->tensors[graph->inputs[0]];
  EXPECT_EQ(input.shape, (graph::Shape{1, 300, 300, 3}));
  EXPECT_EQ(input.type, DataType::kUInt8);
  EXPECT_EQ(input.name, "normalized_input_image_tensor");
  EXPECT_FALSE(input.is_constant());
  ASSERT_EQ(input.quantization.scale.size(), 1u);
  EXPECT_NEAR(input.quantization.scale[0], 0.0078125f, 1e-6f);
  EXPECT_EQ(input.quantization.zero_point[0], 128);
  EXPECT_EQ(graph->outputs.size(), 4u);
}

TEST(RealModelTest, V1PostProcessOptionsAreTheFilesOwn) {
  Result<graph::Graph> graph = ReadModelFile(kV1Path);
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  const graph::Op* op = FindOp(*graph, OpType::kDetectionPostProcess);
  ASSERT_NE(op, nullptr);
  const auto& o = std::get<graph::DetectionPostProcessOptions>(op->options);
  PrintPostProcess(o);
  EXPECT_EQ(o.max_detections, 10);
  EXPECT_EQ(o.max_classes_per_detection, 1);
  EXPECT_EQ(o.num_classes, 90);
  EXPECT_FLOAT_EQ(o.y_scale, 10.0f);
  EXPECT_FLOAT_EQ(o.x_scale, 10.0f);
  EXPECT_FLOAT_EQ(o.h_scale, 5.0f);
  EXPECT_FLOAT_EQ(o.w_scale, 5.0f);
  EXPECT_FLOAT_EQ(o.nms_iou_threshold, 0.6f);
  EXPECT_FLOAT_EQ(o.nms_score_threshold, 0.3f);
  EXPECT_FALSE(o.use_regular_nms);
  // Anchors: a constant [1917, 4] float tensor.
  const graph::Tensor& anchors = graph->tensors[op->inputs[2]];
  EXPECT_TRUE(anchors.is_constant());
  EXPECT_EQ(anchors.shape, (graph::Shape{1917, 4}));
}

TEST(RealModelTest, V1ConstantsPointIntoTheFileBytes) {
  Result<graph::Graph> graph = ReadModelFile(kV1Path);
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  // The first conv: 3x3 stride 2 on the image, uint8 weights read in place.
  const graph::Op& conv = graph->ops[0];
  ASSERT_EQ(conv.type, OpType::kConv2D);
  const auto& options = std::get<graph::Conv2DOptions>(conv.options);
  EXPECT_EQ(options.stride_w, 2);
  EXPECT_EQ(options.stride_h, 2);
  EXPECT_EQ(options.padding, graph::Padding::kSame);
  const graph::Tensor& weights = graph->tensors[conv.inputs[1]];
  ASSERT_TRUE(weights.is_constant());
  EXPECT_EQ(weights.type, DataType::kUInt8);
  EXPECT_EQ(weights.shape, (graph::Shape{24, 3, 3, 3}));
  const graph::Tensor& bias = graph->tensors[conv.inputs[2]];
  EXPECT_EQ(bias.type, DataType::kInt32);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(bias.data) % 4, 0u);
  // Without copies, only the file's bytes (and no aligned copy) are stored.
  EXPECT_EQ(graph->storage.size(), 1u);
  const uint8_t* first = static_cast<const uint8_t*>(graph->storage[0].get());
  EXPECT_GE(weights.data, first);
  EXPECT_LT(weights.data, first + std::filesystem::file_size(kV1Path));
}

TEST(RealModelTest, V2LoadsWhenFetched) {
  if (!std::filesystem::exists(kV2Path)) {
    GTEST_SKIP() << kV2Path << " is not there; run the setup script's model fetch first";
  }
  Result<graph::Graph> graph = ReadModelFile(kV2Path);
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  const std::map<OpType, int> counts = CountOps(*graph);
  for (const auto& [type, count] : counts) std::printf("%s: %d\n", graph::OpTypeName(type), count);
  const std::map<OpType, int> expected = {{OpType::kAdd, 10},
                                          {OpType::kConcatenation, 2},
                                          {OpType::kConv2D, 55},
                                          {OpType::kDepthwiseConv2D, 17},
                                          {OpType::kReshape, 13},
                                          {OpType::kLogistic, 1},
                                          {OpType::kDetectionPostProcess, 1}};
  EXPECT_EQ(counts, expected);
  ASSERT_EQ(graph->inputs.size(), 1u);
  const graph::Tensor& input = graph->tensors[graph->inputs[0]];
  EXPECT_EQ(input.shape, (graph::Shape{1, 300, 300, 3}));
  EXPECT_EQ(input.type, DataType::kUInt8);
  const graph::Op* op = FindOp(*graph, OpType::kDetectionPostProcess);
  ASSERT_NE(op, nullptr);
  const auto& o = std::get<graph::DetectionPostProcessOptions>(op->options);
  PrintPostProcess(o);
  EXPECT_EQ(o.num_classes, 90);
  EXPECT_EQ(o.max_detections, 20);
  // Fast NMS ignores it, and this file holds 0.
  EXPECT_EQ(o.detections_per_class, 0);
  EXPECT_NEAR(o.nms_score_threshold, 1e-8f, 1e-12f);
  EXPECT_EQ(graph->tensors[op->inputs[2]].shape, (graph::Shape{1917, 4}));
  EXPECT_EQ(graph->outputs.size(), 4u);
}

}  // namespace
}  // namespace edgebench::tflite
