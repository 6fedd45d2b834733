// Tests of the TFLite_Detection_PostProcess reference kernel: hand-worked
// small cases (every expected value below is derived in the comments from the
// op's published definition), a randomized comparison with a brute-force
// definition-level implementation written here, and Prepare's errors.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "graph/graph_builder.h"
#include "kernels/reference_kernels.h"
#include "support/single_op.h"

namespace edgebench::kernels {
namespace {

using graph::DataType;
using graph::Quantization;
using Options = graph::DetectionPostProcessOptions;
using ::testing::HasSubstr;

// Everything that shapes the one-op graph. Defaults: float inputs, output
// rows max_detections * max_classes_per_detection.
struct Spec {
  Options options;
  int anchors = 0;
  int columns = 0;
  int coords = 4;
  DataType box_type = DataType::kFloat32;
  Quantization box_quantization;
  DataType class_type = DataType::kFloat32;
  Quantization class_quantization;
  DataType anchor_type = DataType::kFloat32;
  Quantization anchor_quantization;
  std::vector<float> anchor_values;   // FLOAT32 anchors, (y, x, h, w) per anchor
  std::vector<uint8_t> anchor_bytes;  // UINT8 anchors
  bool constant_anchors = true;
  int anchor_rows = -1;    // anchors' first dimension; -1: `anchors`
  int class_anchors = -1;  // class predictions' second dimension; -1: `anchors`
  int output_rows = -1;    // -1: as the op computes
};

// Tensor indices of the graph Build makes.
constexpr int kBoxes = 0;
constexpr int kClasses = 1;
constexpr int kOutBoxes = 3;
constexpr int kOutClasses = 4;
constexpr int kOutScores = 5;
constexpr int kOutCount = 6;

Options BaseOptions() {
  Options options;
  options.max_detections = 10;
  options.max_classes_per_detection = 1;
  options.detections_per_class = 10;
  options.nms_score_threshold = 0.3f;
  options.nms_iou_threshold = 0.5f;
  options.num_classes = 2;
  return options;  // y/x scale 10, h/w scale 5: the SSD defaults
}

graph::Graph Build(const Spec& spec) {
  graph::GraphBuilder builder;
  const int anchor_rows = spec.anchor_rows >= 0 ? spec.anchor_rows : spec.anchors;
  const int class_anchors = spec.class_anchors >= 0 ? spec.class_anchors : spec.anchors;
  builder.AddTensor("box_encodings", spec.box_type, {1, spec.anchors, spec.coords},
                    spec.box_quantization);
  builder.AddTensor("class_predictions", spec.class_type, {1, class_anchors, spec.columns},
                    spec.class_quantization);
  const graph::Shape anchor_shape{anchor_rows, 4};
  if (!spec.constant_anchors) {
    builder.AddTensor("anchors", spec.anchor_type, anchor_shape, spec.anchor_quantization);
  } else if (spec.anchor_type == DataType::kUInt8) {
    builder.AddConstant("anchors", spec.anchor_type, anchor_shape, spec.anchor_bytes,
                        spec.anchor_quantization);
  } else {
    builder.AddConstant("anchors", spec.anchor_type, anchor_shape, spec.anchor_values,
                        spec.anchor_quantization);
  }
  const int rows = spec.output_rows >= 0
                       ? spec.output_rows
                       : spec.options.max_detections * spec.options.max_classes_per_detection;
  builder.AddTensor("detection_boxes", DataType::kFloat32, {1, rows, 4});
  builder.AddTensor("detection_classes", DataType::kFloat32, {1, rows});
  builder.AddTensor("detection_scores", DataType::kFloat32, {1, rows});
  builder.AddTensor("num_detections", DataType::kFloat32, {1});
  builder.AddOp(graph::OpType::kDetectionPostProcess, {0, 1, 2}, {3, 4, 5, 6}, spec.options);
  builder.SetInputs({0, 1});
  builder.SetOutputs({3, 4, 5, 6});
  return std::move(builder).Build();
}

Status PrepareOnly(const Spec& spec) {
  testing::SingleOpRunner runner(Build(spec), PrepareDetectionPostProcess);
  return runner.Prepare();
}

struct Detections {
  std::vector<float> boxes;  // 4 per row
  std::vector<float> classes;
  std::vector<float> scores;
  float count = -1.0f;
};

Detections Outputs(const testing::SingleOpRunner& runner) {
  return {runner.Output<float>(kOutBoxes), runner.Output<float>(kOutClasses),
          runner.Output<float>(kOutScores), runner.Output<float>(kOutCount).at(0)};
}

// Prepares the op, feeds the two activation inputs, runs once.
template <typename B, typename C>
Detections RunOp(const Spec& spec, const std::vector<B>& boxes, const std::vector<C>& classes) {
  testing::SingleOpRunner runner(Build(spec), PrepareDetectionPostProcess);
  const Status status = runner.Prepare();
  EXPECT_TRUE(status.ok()) << status.message();
  if (!status.ok()) return {};
  runner.SetInput(kBoxes, boxes);
  runner.SetInput(kClasses, classes);
  runner.Run();
  return Outputs(runner);
}

// Zero encodings: every decoded box is its anchor's corners.
std::vector<float> ZeroEncodings(const Spec& spec) {
  return std::vector<float>(static_cast<size_t>(spec.anchors) * spec.coords, 0.0f);
}

// Five anchors with dyadic corners so IoUs are exact in float:
//   A0 (0,0)-(1,1)   area 1
//   A1 (0,0)-(1,2)   area 2: IoU(A0,A1) = 1/2 exactly
//   A2 (0,.25)-(1,1.25) area 1: IoU(A0,A2) = .75/1.25 = .6, IoU(A1,A2) = 1/2
//   A3 (5,5)-(6,6), A4 (10,10)-(11,11): disjoint from everything
// Columns: background, class 0, class 1.
Spec FiveAnchors() {
  Spec spec;
  spec.options = BaseOptions();
  spec.anchors = 5;
  spec.columns = 3;
  spec.anchor_values = {0.5f,  0.5f,  1, 1,  //
                        0.5f,  1.0f,  1, 2,  //
                        0.5f,  0.75f, 1, 1,  //
                        5.5f,  5.5f,  1, 1,  //
                        10.5f, 10.5f, 1, 1};
  return spec;
}

// Best class per anchor: A0 c0 .8 (background .9 must be ignored), A1 c1 .7,
// A2 c0 .75, A3 c1 .3, A4 c1 .2.
const std::vector<float> kFiveScores = {.9f, .8f,  .1f,  //
                                        0.f, .2f,  .7f,  //
                                        0.f, .75f, .3f,  //
                                        0.f, .05f, .3f,  //
                                        0.f, .1f,  .2f};

const std::vector<float> kA0 = {0, 0, 1, 1};
const std::vector<float> kA1 = {0, 0, 1, 2};
const std::vector<float> kA2 = {0, .25f, 1, 1.25f};
const std::vector<float> kA3 = {5, 5, 6, 6};
const std::vector<float> kZeroBox = {0, 0, 0, 0};

std::vector<float> Row(const std::vector<float>& boxes, int row) {
  return {boxes.begin() + row * 4, boxes.begin() + row * 4 + 4};
}

std::vector<float> Concat(std::initializer_list<std::vector<float>> parts) {
  std::vector<float> all;
  for (const auto& part : parts) all.insert(all.end(), part.begin(), part.end());
  return all;
}

TEST(DetectionPostProcessTest, DecodesCenterSizeEncodingsWithScales) {
  Spec spec;
  spec.options = BaseOptions();
  spec.options.nms_score_threshold = 0.0f;
  spec.options.y_scale = 5;
  spec.options.x_scale = 4;
  spec.options.h_scale = 2;
  spec.options.w_scale = 1;
  spec.anchors = 1;
  spec.columns = 3;
  spec.coords = 6;  // two extra values per box (keypoints) must be ignored
  spec.anchor_values = {0.5f, 0.5f, 0.2f, 0.4f};
  // yc = 1/5*.2+.5 = .54; xc = -2/4*.4+.5 = .3; h = exp(2 ln1.5 / 2)*.2 = .3;
  // w = exp(ln .5 / 1)*.4 = .2  ->  (.39, .2, .69, .4)
  const std::vector<float> boxes = {1, -2, 2 * std::log(1.5f), std::log(0.5f), 99, -99};
  const Detections out = RunOp(spec, boxes, std::vector<float>{0, 0.5f, 0.25f});
  ASSERT_EQ(out.count, 1.0f);
  EXPECT_NEAR(out.boxes[0], 0.39f, 1e-6);
  EXPECT_NEAR(out.boxes[1], 0.2f, 1e-6);
  EXPECT_NEAR(out.boxes[2], 0.69f, 1e-6);
  EXPECT_NEAR(out.boxes[3], 0.4f, 1e-6);
  EXPECT_EQ(out.classes[0], 0.0f);
  EXPECT_EQ(out.scores[0], 0.5f);
}

TEST(DetectionPostProcessTest, FastNmsKeepsBoxAtExactlyIouThreshold) {
  const Spec spec = FiveAnchors();  // score threshold .3, IoU threshold .5
  // Candidates by best score: A0 .8, A2 .75, A1 .7, A3 .3 (== threshold, kept
  // since TFLite keeps score >= threshold); A4 .2 dropped.
  // A0 kept; suppresses A2 (IoU .6 > .5) but not A1 (IoU .5 is not > .5).
  // A1 kept, A3 kept.
  const Detections out = RunOp(spec, ZeroEncodings(spec), kFiveScores);
  EXPECT_EQ(out.count, 3.0f);
  std::vector<float> expected_boxes = Concat({kA0, kA1, kA3});
  expected_boxes.resize(40, 0.0f);
  EXPECT_EQ(out.boxes, expected_boxes);
  EXPECT_EQ(out.classes, std::vector<float>({0, 1, 1, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(out.scores, std::vector<float>({.8f, .7f, .3f, 0, 0, 0, 0, 0, 0, 0}));
}

TEST(DetectionPostProcessTest, FastNmsSuppressesAboveIouThreshold) {
  Spec spec = FiveAnchors();
  spec.options.nms_iou_threshold = 0.4999f;  // now IoU(A0,A1) = .5 suppresses A1
  const Detections out = RunOp(spec, ZeroEncodings(spec), kFiveScores);
  EXPECT_EQ(out.count, 2.0f);
  EXPECT_EQ(Row(out.boxes, 0), kA0);
  EXPECT_EQ(Row(out.boxes, 1), kA3);
  EXPECT_EQ(Row(out.boxes, 2), kZeroBox);
  EXPECT_EQ(out.scores[0], .8f);
  EXPECT_EQ(out.scores[1], .3f);
}

TEST(DetectionPostProcessTest, ScoreJustAboveThresholdDropsEqualScore) {
  Spec spec = FiveAnchors();
  spec.options.nms_score_threshold = std::nextafter(0.3f, 1.0f);  // A3's .3 now below
  const Detections out = RunOp(spec, ZeroEncodings(spec), kFiveScores);
  EXPECT_EQ(out.count, 2.0f);
  EXPECT_EQ(Row(out.boxes, 0), kA0);
  EXPECT_EQ(Row(out.boxes, 1), kA1);
  EXPECT_EQ(out.scores[2], 0.0f);
}

TEST(DetectionPostProcessTest, MaxDetectionsTruncates) {
  Spec spec = FiveAnchors();
  spec.options.max_detections = 2;
  const Detections out = RunOp(spec, ZeroEncodings(spec), kFiveScores);
  EXPECT_EQ(out.count, 2.0f);
  EXPECT_EQ(out.boxes, Concat({kA0, kA1}));
  EXPECT_EQ(out.classes, std::vector<float>({0, 1}));
  EXPECT_EQ(out.scores, std::vector<float>({.8f, .7f}));
}

TEST(DetectionPostProcessTest, FastNmsReportsTopClassesPerDetection) {
  Spec spec = FiveAnchors();
  spec.options.max_detections = 3;
  spec.options.max_classes_per_detection = 2;  // 6 output rows
  // Same NMS as above (A0, A1, A3); each reports both classes, best first,
  // including second scores below the score threshold (as TFLite does).
  const Detections out = RunOp(spec, ZeroEncodings(spec), kFiveScores);
  EXPECT_EQ(out.count, 3.0f);  // detections, not rows
  EXPECT_EQ(out.boxes, Concat({kA0, kA0, kA1, kA1, kA3, kA3}));
  EXPECT_EQ(out.classes, std::vector<float>({0, 1, 1, 0, 1, 0}));
  EXPECT_EQ(out.scores, std::vector<float>({.8f, .1f, .7f, .2f, .3f, .05f}));
}

TEST(DetectionPostProcessTest, MoreClassesPerDetectionThanClassesLeavesZeroRows) {
  Spec spec = FiveAnchors();
  spec.options.max_detections = 2;
  spec.options.max_classes_per_detection = 3;  // only 2 classes: every 3rd row empty
  const Detections out = RunOp(spec, ZeroEncodings(spec), kFiveScores);
  EXPECT_EQ(out.count, 2.0f);
  EXPECT_EQ(out.boxes, Concat({kA0, kA0, kZeroBox, kA1, kA1, kZeroBox}));
  EXPECT_EQ(out.classes, std::vector<float>({0, 1, 0, 1, 0, 0}));
  EXPECT_EQ(out.scores, std::vector<float>({.8f, .1f, 0, .7f, .2f, 0}));
}

TEST(DetectionPostProcessTest, RegularNmsRunsPerClassAndMergesByScore) {
  Spec spec = FiveAnchors();
  spec.options.use_regular_nms = true;
  // Class 0 (>= .3): A0 .8, A2 .75 -> A0 kept, A2 suppressed (IoU .6).
  // Class 1 (>= .3): A1 .7, A2 .3, A3 .3 (tie: A2 first) -> A1 kept; A2 stays
  // (IoU(A1,A2) = .5) and is kept; A3 kept.
  // Merged by score: A0/c0 .8, A1/c1 .7, A2/c1 .3, A3/c1 .3.
  const Detections out = RunOp(spec, ZeroEncodings(spec), kFiveScores);
  EXPECT_EQ(out.count, 4.0f);
  std::vector<float> expected_boxes = Concat({kA0, kA1, kA2, kA3});
  expected_boxes.resize(40, 0.0f);
  EXPECT_EQ(out.boxes, expected_boxes);
  EXPECT_EQ(out.classes, std::vector<float>({0, 1, 1, 1, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(out.scores, std::vector<float>({.8f, .7f, .3f, .3f, 0, 0, 0, 0, 0, 0}));
}

TEST(DetectionPostProcessTest, RegularNmsLimitsDetectionsPerClass) {
  Spec spec = FiveAnchors();
  spec.options.use_regular_nms = true;
  spec.options.detections_per_class = 2;  // class 1 keeps A1, A2 only
  const Detections out = RunOp(spec, ZeroEncodings(spec), kFiveScores);
  EXPECT_EQ(out.count, 3.0f);
  EXPECT_EQ(Row(out.boxes, 2), kA2);
  EXPECT_EQ(Row(out.boxes, 3), kZeroBox);
  EXPECT_EQ(out.scores[2], .3f);
  EXPECT_EQ(out.scores[3], 0.0f);
}

TEST(DetectionPostProcessTest, RegularNmsTruncatesEqualScoresInAnchorOrder) {
  Spec spec = FiveAnchors();
  spec.options.use_regular_nms = true;
  spec.options.max_detections = 3;  // A2/c1 and A3/c1 tie at .3: A2 stays
  const Detections out = RunOp(spec, ZeroEncodings(spec), kFiveScores);
  EXPECT_EQ(out.count, 3.0f);
  EXPECT_EQ(out.boxes, Concat({kA0, kA1, kA2}));
  EXPECT_EQ(out.classes, std::vector<float>({0, 1, 1}));
}

TEST(DetectionPostProcessTest, RegularNmsEqualScoresAcrossClassesKeepLowerClassFirst) {
  Spec spec = FiveAnchors();
  spec.options.use_regular_nms = true;
  // All .6: A1/c1, A0/c0, A3/c0 (A3, A4 disjoint; A0, A1 overlap only across
  // classes, which regular NMS never compares). Class 0's picks (A0, A3) come
  // before class 1's (A1) though A1 < A3, as TFLite's stable merge orders them.
  const std::vector<float> scores = {0, .6f, 0,    //
                                     0, 0,   .6f,  //
                                     0, 0,   0,    //
                                     0, .6f, 0,    //
                                     0, 0,   0};
  const Detections out = RunOp(spec, ZeroEncodings(spec), scores);
  EXPECT_EQ(out.count, 3.0f);
  EXPECT_EQ(Row(out.boxes, 0), kA0);
  EXPECT_EQ(Row(out.boxes, 1), kA3);
  EXPECT_EQ(Row(out.boxes, 2), kA1);
  EXPECT_EQ(out.classes[0], 0.0f);
  EXPECT_EQ(out.classes[1], 0.0f);
  EXPECT_EQ(out.classes[2], 1.0f);
}

TEST(DetectionPostProcessTest, EqualScoresKeepAnchorOrderAndLowerClassFirst) {
  Spec spec;
  spec.options = BaseOptions();
  spec.options.max_detections = 3;
  spec.options.max_classes_per_detection = 2;
  spec.anchors = 4;
  spec.columns = 3;
  spec.anchor_values = {0.5f, 0.5f, 1, 1, 2.5f, 2.5f, 1, 1,   //
                        4.5f, 4.5f, 1, 1, 6.5f, 6.5f, 1, 1};  // all disjoint
  // Best scores .5, .7, .5, .7 -> order A1, A3, A0 (A2 cut by max_detections).
  // A1's two classes tie at .7: class 0 first.
  const std::vector<float> scores = {0, .5f, .1f, 0, .7f, .7f,  //
                                     0, .2f, .5f, 0, .4f, .7f};
  const Detections out = RunOp(spec, ZeroEncodings(spec), scores);
  EXPECT_EQ(out.count, 3.0f);
  EXPECT_EQ(out.classes, std::vector<float>({0, 1, 1, 0, 0, 1}));
  EXPECT_EQ(out.scores, std::vector<float>({.7f, .7f, .7f, .4f, .5f, .1f}));
  EXPECT_EQ(Row(out.boxes, 0), std::vector<float>({2, 2, 3, 3}));
  EXPECT_EQ(Row(out.boxes, 2), std::vector<float>({6, 6, 7, 7}));
  EXPECT_EQ(Row(out.boxes, 4), std::vector<float>({0, 0, 1, 1}));
}

TEST(DetectionPostProcessTest, NoBackgroundColumnMeansNoLabelOffset) {
  Spec spec;
  spec.options = BaseOptions();
  spec.anchors = 2;
  spec.columns = 2;  // == num_classes: column c is class c
  spec.anchor_values = {0.5f, 0.5f, 1, 1, 2.5f, 2.5f, 1, 1};
  const std::vector<float> scores = {.9f, .1f, .2f, .6f};
  const Detections out = RunOp(spec, ZeroEncodings(spec), scores);
  EXPECT_EQ(out.count, 2.0f);
  EXPECT_EQ(out.classes, std::vector<float>({0, 1, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(out.scores[0], .9f);
  EXPECT_EQ(out.scores[1], .6f);
}

TEST(DetectionPostProcessTest, AllBelowThresholdClearsEveryOutput) {
  const Spec spec = FiveAnchors();
  testing::SingleOpRunner runner(Build(spec), PrepareDetectionPostProcess);
  const Status status = runner.Prepare();
  ASSERT_TRUE(status.ok()) << status.message();
  runner.SetInput(kBoxes, ZeroEncodings(spec));
  runner.SetInput(kClasses, kFiveScores);
  runner.Run();
  ASSERT_EQ(Outputs(runner).count, 3.0f);  // outputs now hold detections
  std::vector<float> low = kFiveScores;
  for (size_t i = 0; i < low.size(); i += 3) low[i + 1] = low[i + 2] = 0.29f;
  runner.SetInput(kClasses, low);
  runner.Run();
  const Detections out = Outputs(runner);
  EXPECT_EQ(out.count, 0.0f);
  EXPECT_EQ(out.boxes, std::vector<float>(40, 0.0f));
  EXPECT_EQ(out.classes, std::vector<float>(10, 0.0f));
  EXPECT_EQ(out.scores, std::vector<float>(10, 0.0f));
}

TEST(DetectionPostProcessTest, DequantizesUint8Inputs) {
  Spec spec;
  spec.options = BaseOptions();
  spec.options.nms_score_threshold = 0.1f;
  spec.anchors = 2;
  spec.columns = 3;
  spec.box_type = spec.class_type = spec.anchor_type = DataType::kUInt8;
  spec.box_quantization = {{0.1f}, {128}, 0};         // q 138 -> 1.0, 128 -> 0
  spec.class_quantization = {{0.0625f}, {4}, 0};      // q 12 -> .5, 8 -> .25, 16 -> .75
  spec.anchor_quantization = {{0.125f}, {4}, 0};      // q 8 -> .5, 12 -> 1, 24 -> 2.5
  spec.anchor_bytes = {8, 8, 12, 12, 8, 24, 12, 12};  // (.5,.5,1,1), (.5,2.5,1,1)
  // A0: ty = 1 -> yc = 1/10*1+.5 = .6 -> (.1, 0, 1.1, 1); A1 -> (0, 2, 1, 3).
  const std::vector<uint8_t> boxes = {138, 128, 128, 128, 128, 128, 128, 128};
  // A0: background 1.0 (ignored), c0 .5, c1 .25; A1: c0 0, c1 .75.
  const std::vector<uint8_t> scores = {20, 12, 8, 4, 4, 16};
  const Detections out = RunOp(spec, boxes, scores);
  ASSERT_EQ(out.count, 2.0f);
  EXPECT_EQ(Row(out.boxes, 0), std::vector<float>({0, 2, 1, 3}));
  EXPECT_EQ(out.classes[0], 1.0f);
  EXPECT_EQ(out.scores[0], .75f);
  EXPECT_NEAR(out.boxes[4], 0.1f, 1e-6);
  EXPECT_NEAR(out.boxes[5], 0.0f, 1e-6);
  EXPECT_NEAR(out.boxes[6], 1.1f, 1e-6);
  EXPECT_NEAR(out.boxes[7], 1.0f, 1e-6);
  EXPECT_EQ(out.classes[1], 0.0f);
  EXPECT_EQ(out.scores[1], .5f);
}

// ---------------------------------------------------------------------------
// Brute force from the definition: decode, then greedy NMS written as "take
// candidates by decreasing score (stable), keep one unless a kept box overlaps
// it with IoU > threshold". Counts the candidates it rejects in
// `brute_force_suppressed`, so the random test can check that NMS had work to do.

struct Box {
  float ymin, xmin, ymax, xmax;
};

Box DecodeByDefinition(const float* e, const float* a, const Options& o) {
  const double yc = static_cast<double>(e[0]) / o.y_scale * a[2] + a[0];
  const double xc = static_cast<double>(e[1]) / o.x_scale * a[3] + a[1];
  const float half_h =
      static_cast<float>(0.5 * std::exp(static_cast<double>(e[2]) / o.h_scale) * a[2]);
  const float half_w =
      static_cast<float>(0.5 * std::exp(static_cast<double>(e[3]) / o.w_scale) * a[3]);
  const float y = static_cast<float>(yc);
  const float x = static_cast<float>(xc);
  return {y - half_h, x - half_w, y + half_h, x + half_w};
}

float Iou(const Box& a, const Box& b) {
  const float area_a = (a.ymax - a.ymin) * (a.xmax - a.xmin);
  const float area_b = (b.ymax - b.ymin) * (b.xmax - b.xmin);
  if (area_a <= 0 || area_b <= 0) return 0;
  const float h = std::max(0.0f, std::min(a.ymax, b.ymax) - std::max(a.ymin, b.ymin));
  const float w = std::max(0.0f, std::min(a.xmax, b.xmax) - std::max(a.xmin, b.xmin));
  return h * w / (area_a + area_b - h * w);
}

int brute_force_suppressed = 0;

std::vector<int> GreedyByDefinition(const std::vector<Box>& boxes, const std::vector<float>& scores,
                                    const Options& o, int limit) {
  std::vector<int> order;
  for (size_t i = 0; i < scores.size(); ++i) {
    if (scores[i] >= o.nms_score_threshold) order.push_back(static_cast<int>(i));
  }
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return scores[a] > scores[b]; });
  std::vector<int> kept;
  for (int candidate : order) {
    if (static_cast<int>(kept.size()) == limit) break;
    const bool overlaps = std::any_of(kept.begin(), kept.end(), [&](int k) {
      return Iou(boxes[k], boxes[candidate]) > o.nms_iou_threshold;
    });
    if (overlaps) {
      ++brute_force_suppressed;
    } else {
      kept.push_back(candidate);
    }
  }
  return kept;
}

struct Row5 {  // one output row
  int anchor;
  int label;
  float score;
};

std::vector<Row5> FastByDefinition(const std::vector<Box>& boxes, const std::vector<float>& s,
                                   int columns, const Options& o) {
  const int offset = columns - o.num_classes;
  const int per_anchor = std::min(o.max_classes_per_detection, o.num_classes);
  std::vector<std::vector<int>> ranked(boxes.size());
  std::vector<float> best(boxes.size());
  for (size_t a = 0; a < boxes.size(); ++a) {
    std::vector<int> labels(static_cast<size_t>(o.num_classes));
    std::iota(labels.begin(), labels.end(), 0);
    const float* row = &s[a * columns + offset];
    std::stable_sort(labels.begin(), labels.end(), [&](int x, int y) { return row[x] > row[y]; });
    labels.resize(static_cast<size_t>(per_anchor));
    ranked[a] = labels;
    best[a] = row[labels[0]];
  }
  std::vector<Row5> rows;
  for (int a : GreedyByDefinition(boxes, best, o, o.max_detections)) {
    for (int rank = 0; rank < o.max_classes_per_detection; ++rank) {
      if (rank < per_anchor) {
        const int label = ranked[a][rank];
        rows.push_back({a, label, s[a * columns + offset + label]});
      } else {
        rows.push_back({-1, 0, 0.0f});
      }
    }
  }
  return rows;
}

std::vector<Row5> RegularByDefinition(const std::vector<Box>& boxes, const std::vector<float>& s,
                                      int columns, const Options& o) {
  const int offset = columns - o.num_classes;
  std::vector<Row5> all;  // class by class, each in its NMS order
  for (int label = 0; label < o.num_classes; ++label) {
    std::vector<float> column(boxes.size());
    for (size_t a = 0; a < boxes.size(); ++a) column[a] = s[a * columns + offset + label];
    for (int a : GreedyByDefinition(boxes, column, o, o.detections_per_class)) {
      all.push_back({a, label, column[a]});
    }
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const Row5& x, const Row5& y) { return x.score > y.score; });
  if (static_cast<int>(all.size()) > o.max_detections) all.resize(o.max_detections);
  return all;
}

void ExpectMatches(const Detections& out, const std::vector<Row5>& rows,
                   const std::vector<Box>& boxes, float expected_count) {
  ASSERT_EQ(out.count, expected_count);
  for (size_t r = 0; r < out.scores.size(); ++r) {
    SCOPED_TRACE("output row " + std::to_string(r));
    if (r < rows.size() && rows[r].anchor >= 0) {
      const Box& b = boxes[rows[r].anchor];
      EXPECT_EQ(Row(out.boxes, static_cast<int>(r)),
                std::vector<float>({b.ymin, b.xmin, b.ymax, b.xmax}))
          << "anchor " << rows[r].anchor;
      EXPECT_EQ(out.classes[r], static_cast<float>(rows[r].label));
      EXPECT_EQ(out.scores[r], rows[r].score);
    } else {
      EXPECT_EQ(Row(out.boxes, static_cast<int>(r)), kZeroBox);
      EXPECT_EQ(out.classes[r], 0.0f);
      EXPECT_EQ(out.scores[r], 0.0f);
    }
  }
}

struct RandomCase {
  bool regular;
  int max_classes_per_detection;
  bool quantized;
};

class DetectionPostProcessRandomTest : public ::testing::TestWithParam<RandomCase> {};

// SSD's shape: 1917 anchors, 90 classes + background. Scores are multiples
// of 1/64 so equal scores are common and the tie order is exercised.
TEST_P(DetectionPostProcessRandomTest, MatchesBruteForce) {
  const RandomCase param = GetParam();
  const uint32_t seed =
      20240611u + param.max_classes_per_detection * 7 + param.regular * 3 + param.quantized;
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  Spec spec;
  spec.options = BaseOptions();
  spec.options.num_classes = 90;
  spec.options.max_detections = 20;
  spec.options.max_classes_per_detection = param.max_classes_per_detection;
  spec.options.detections_per_class = 5;
  spec.options.use_regular_nms = param.regular;
  spec.options.nms_score_threshold = 0.8f;
  spec.options.nms_iou_threshold = 0.25f;
  spec.anchors = 1917;
  spec.columns = 91;
  const size_t box_count = static_cast<size_t>(spec.anchors) * 4;
  const size_t score_count = static_cast<size_t>(spec.anchors) * spec.columns;

  // Floats the inputs stand for; for UINT8 they are what the quantized bytes
  // dequantize to, computed here as (q - zero_point) * scale.
  std::vector<float> anchors(box_count), encodings(box_count), scores(score_count);
  std::vector<uint8_t> anchor_q(box_count), encoding_q(box_count), score_q(score_count);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
  if (param.quantized) {
    spec.box_type = spec.class_type = spec.anchor_type = DataType::kUInt8;
    spec.box_quantization = {{0.03125f}, {128}, 0};
    spec.anchor_quantization = {{1.0f / 255}, {0}, 0};
    spec.class_quantization = {{1.0f / 64}, {2}, 0};
    for (size_t i = 0; i < box_count; ++i) {
      anchor_q[i] = static_cast<uint8_t>(i % 4 < 2 ? byte(rng) : 50 + byte(rng) % 128);
      encoding_q[i] = static_cast<uint8_t>(byte(rng));
      anchors[i] = static_cast<float>(anchor_q[i]) * (1.0f / 255);
      encodings[i] = static_cast<float>(encoding_q[i] - 128) * 0.03125f;
    }
    for (size_t i = 0; i < score_count; ++i) {
      score_q[i] = static_cast<uint8_t>(2 + byte(rng) % 65);
      scores[i] = static_cast<float>(score_q[i] - 2) * (1.0f / 64);
    }
    spec.anchor_bytes = anchor_q;
  } else {
    std::normal_distribution<float> normal(0.0f, 1.5f);
    for (size_t i = 0; i < box_count; ++i) {
      anchors[i] = i % 4 < 2 ? unit(rng) : 0.2f + 0.5f * unit(rng);
      encodings[i] = normal(rng);
    }
    for (float& score : scores) score = std::floor(unit(rng) * 64.0f) / 64.0f;
    spec.anchor_values = anchors;
  }

  std::vector<Box> boxes;
  for (int a = 0; a < spec.anchors; ++a) {
    boxes.push_back(DecodeByDefinition(&encodings[a * 4], &anchors[a * 4], spec.options));
  }
  brute_force_suppressed = 0;
  const std::vector<Row5> expected =
      param.regular ? RegularByDefinition(boxes, scores, spec.columns, spec.options)
                    : FastByDefinition(boxes, scores, spec.columns, spec.options);
  const float expected_count = static_cast<float>(
      param.regular ? expected.size() : expected.size() / param.max_classes_per_detection);
  ASSERT_GT(expected_count, 2.0f) << "the case should select several boxes";
  ASSERT_GT(brute_force_suppressed, 0) << "the case should suppress overlapping boxes";

  const Detections out =
      param.quantized ? RunOp(spec, encoding_q, score_q) : RunOp(spec, encodings, scores);
  ExpectMatches(out, expected, boxes, expected_count);
}

INSTANTIATE_TEST_SUITE_P(Cases, DetectionPostProcessRandomTest,
                         ::testing::Values(RandomCase{false, 1, false}, RandomCase{false, 3, false},
                                           RandomCase{true, 1, false}, RandomCase{false, 1, true},
                                           RandomCase{true, 1, true}),
                         [](const auto& case_info) {
                           return std::string(case_info.param.regular ? "Regular" : "Fast") +
                                  std::to_string(case_info.param.max_classes_per_detection) +
                                  (case_info.param.quantized ? "Uint8" : "Float");
                         });

// ---------------------------------------------------------------------------
// Prepare's errors.

TEST(DetectionPostProcessErrorTest, AnchorCountMismatch) {
  Spec spec = FiveAnchors();
  spec.anchor_rows = 4;
  spec.anchor_values.resize(16);
  const Status status = PrepareOnly(spec);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(),
              HasSubstr("input 2 (tensor 2 \"anchors\") has shape [4,4], expected [5,4]"));
  EXPECT_THAT(status.message(), HasSubstr("as input 0 (tensor 0 \"box_encodings\")"));
}

TEST(DetectionPostProcessErrorTest, ClassPredictionAnchorCountMismatch) {
  Spec spec = FiveAnchors();
  spec.class_anchors = 6;
  const Status status = PrepareOnly(spec);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("input 1 (tensor 1 \"class_predictions\") has shape "
                                          "[1,6,3], expected [1,5,classes]"));
}

TEST(DetectionPostProcessErrorTest, TooFewClassColumns) {
  Spec spec = FiveAnchors();
  spec.columns = 1;
  const Status status = PrepareOnly(spec);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("has shape [1,5,1], expected 2 or 3 classes"));
}

TEST(DetectionPostProcessErrorTest, WrongOutputShape) {
  Spec spec = FiveAnchors();
  spec.output_rows = 9;
  const Status status = PrepareOnly(spec);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(),
            "output 0 (tensor 3 \"detection_boxes\") has shape [1,9,4], expected [1,10,4]");
}

TEST(DetectionPostProcessErrorTest, IouThresholdOutOfRange) {
  Spec spec = FiveAnchors();
  spec.options.nms_iou_threshold = 0.0f;
  const Status status = PrepareOnly(spec);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "option nms_iou_threshold is 0, expected a value in (0, 1]");
}

TEST(DetectionPostProcessErrorTest, NegativeAnchorHeight) {
  Spec spec = FiveAnchors();
  spec.anchor_values[6] = -1.0f;  // anchor 1's height
  const Status status = PrepareOnly(spec);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("anchor 1 has height -1 and width 2"));
}

TEST(DetectionPostProcessErrorTest, AnchorsMustBeConstant) {
  Spec spec = FiveAnchors();
  spec.constant_anchors = false;
  const Status status = PrepareOnly(spec);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("input 2 (tensor 2 \"anchors\") must be a constant"));
}

TEST(DetectionPostProcessErrorTest, Int8InputRejected) {
  Spec spec = FiveAnchors();
  spec.class_type = DataType::kInt8;
  spec.class_quantization = {{0.1f}, {0}, 0};
  const Status status = PrepareOnly(spec);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("is INT8, expected FLOAT32 or UINT8"));
}

}  // namespace
}  // namespace edgebench::kernels
