// The optimized kernels (src/backends/optimized) must give exactly the
// reference kernels' outputs: every case runs one graph on an interpreter
// with the "reference" backend and on one with "xnnpack" (which leaves these
// ops to the optimized kernels), with the same random inputs, and compares
// the bytes. Each case also checks that the optimized kernel really ran.
#include "backends/optimized/optimized_kernels.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "backend_checker.h"
#include "graph/graph_builder.h"

namespace edgebench::backends::optimized {
namespace {

using graph::DataType;
using graph::Quantization;

void ExpectSameOutputs(const graph::Graph& graph, uint32_t seed, const char* expected_backend) {
  testing::BackendRun run = testing::RunBoth(graph, "xnnpack", 1, seed);
  ASSERT_NE(run.backend, nullptr);
  EXPECT_STREQ(run.backend->op_backend(0), expected_backend);
  for (int output : graph.outputs) {
    const auto a = run.reference->tensor_bytes(output);
    const auto b = run.backend->tensor_bytes(output);
    ASSERT_EQ(a.size(), b.size());
    size_t differing = 0;
    for (size_t i = 0; i < a.size(); ++i) differing += a[i] != b[i];
    EXPECT_EQ(differing, 0u) << "output tensor " << output << " (" << graph.tensors[output].name
                             << "), seed " << seed;
  }
}

// Random 8-bit concatenations: 2-4 inputs, rank 2-4, any axis, each input
// with the output's quantization or its own.
graph::Graph RandomConcatenation(std::mt19937& rng, DataType type) {
  const int rank = std::uniform_int_distribution<int>(2, 4)(rng);
  const int axis = std::uniform_int_distribution<int>(-rank, rank - 1)(rng);
  const int resolved = axis < 0 ? axis + rank : axis;
  graph::Shape shape(rank);
  for (auto& d : shape) d = std::uniform_int_distribution<int>(1, 6)(rng);
  std::uniform_real_distribution<float> scale(0.005f, 0.1f);
  std::uniform_int_distribution<int> zero_point(type == DataType::kUInt8 ? 0 : -128,
                                                type == DataType::kUInt8 ? 255 : 127);
  const Quantization out_q{{scale(rng)}, {zero_point(rng)}, 0};
  graph::GraphBuilder builder;
  const int inputs = std::uniform_int_distribution<int>(2, 4)(rng);
  std::vector<int> ids;
  graph::Shape out_shape = shape;
  out_shape[resolved] = 0;
  for (int i = 0; i < inputs; ++i) {
    graph::Shape in_shape = shape;
    in_shape[resolved] = std::uniform_int_distribution<int>(1, 5)(rng);
    out_shape[resolved] += in_shape[resolved];
    const bool own = std::bernoulli_distribution(0.7)(rng);
    const Quantization q = own ? Quantization{{scale(rng)}, {zero_point(rng)}, 0} : out_q;
    ids.push_back(builder.AddTensor("in" + std::to_string(i), type, in_shape, q));
  }
  const int out = builder.AddTensor("out", type, out_shape, out_q);
  builder.AddOp(graph::OpType::kConcatenation, ids, {out},
                graph::ConcatenationOptions{axis, graph::Activation::kNone});
  builder.SetInputs(ids);
  builder.SetOutputs({out});
  return std::move(builder).Build();
}

TEST(OptimizedConcatenation, Uint8MatchesReferenceExactly) {
  std::mt19937 rng(7);
  for (uint32_t seed = 0; seed < 40; ++seed) {
    ExpectSameOutputs(RandomConcatenation(rng, DataType::kUInt8), seed, kName);
  }
}

TEST(OptimizedConcatenation, Int8MatchesReferenceExactly) {
  std::mt19937 rng(8);
  for (uint32_t seed = 0; seed < 40; ++seed) {
    ExpectSameOutputs(RandomConcatenation(rng, DataType::kInt8), seed, kName);
  }
}

TEST(OptimizedConcatenation, FloatStaysOnTheReferenceKernel) {
  graph::GraphBuilder builder;
  const int a = builder.AddTensor("a", DataType::kFloat32, {1, 2});
  const int b = builder.AddTensor("b", DataType::kFloat32, {1, 3});
  const int out = builder.AddTensor("out", DataType::kFloat32, {1, 5});
  builder.AddOp(graph::OpType::kConcatenation, {a, b}, {out},
                graph::ConcatenationOptions{1, graph::Activation::kRelu6});
  builder.SetInputs({a, b});
  builder.SetOutputs({out});
  ExpectSameOutputs(std::move(builder).Build(), 1, "reference");
}

struct PostProcessCase {
  DataType type = DataType::kUInt8;
  int anchors = 300;
  int classes = 12;
  float threshold = 0.3f;
  bool regular_nms = false;
  int classes_per_detection = 1;
};

// Random anchors inside the unit square; box and score inputs come from
// the checker's random fill (uniform bytes or floats in [-1, 1]).
graph::Graph PostProcessGraph(const PostProcessCase& c, std::mt19937& rng) {
  graph::DetectionPostProcessOptions options;
  options.max_detections = 10;
  options.max_classes_per_detection = c.classes_per_detection;
  options.detections_per_class = 5;
  options.nms_score_threshold = c.threshold;
  options.nms_iou_threshold = 0.5f;
  options.num_classes = c.classes;
  options.use_regular_nms = c.regular_nms;
  std::uniform_real_distribution<float> centre(0.1f, 0.9f), size(0.05f, 0.4f);
  std::vector<float> anchors;
  for (int i = 0; i < c.anchors; ++i) {
    anchors.insert(anchors.end(), {centre(rng), centre(rng), size(rng), size(rng)});
  }
  const bool quantized = c.type == DataType::kUInt8;
  const Quantization boxes_q = quantized ? Quantization{{0.05f}, {128}, 0} : Quantization{};
  // Scores like a LOGISTIC output: scale 1/256, zero point 0.
  const Quantization scores_q = quantized ? Quantization{{1.0f / 256}, {0}, 0} : Quantization{};
  graph::GraphBuilder builder;
  builder.AddTensor("boxes", c.type, {1, c.anchors, 4}, boxes_q);
  builder.AddTensor("scores", c.type, {1, c.anchors, c.classes + 1}, scores_q);
  builder.AddConstant("anchors", DataType::kFloat32, {c.anchors, 4}, anchors);
  const int rows = options.max_detections * options.max_classes_per_detection;
  builder.AddTensor("detection_boxes", DataType::kFloat32, {1, rows, 4});
  builder.AddTensor("detection_classes", DataType::kFloat32, {1, rows});
  builder.AddTensor("detection_scores", DataType::kFloat32, {1, rows});
  builder.AddTensor("num_detections", DataType::kFloat32, {1});
  builder.AddOp(graph::OpType::kDetectionPostProcess, {0, 1, 2}, {3, 4, 5, 6}, options);
  builder.SetInputs({0, 1});
  builder.SetOutputs({3, 4, 5, 6});
  return std::move(builder).Build();
}

TEST(OptimizedDetectionPostProcess, Uint8MatchesReferenceExactly) {
  std::mt19937 rng(11);
  // 1e-8 keeps nearly every anchor (as the SSD files do), 0.9 only a few.
  for (float threshold : {1e-8f, 0.3f, 0.9f, 1.5f}) {
    for (uint32_t seed = 0; seed < 5; ++seed) {
      ExpectSameOutputs(PostProcessGraph({DataType::kUInt8, 300, 12, threshold}, rng), seed, kName);
    }
  }
}

TEST(OptimizedDetectionPostProcess, FloatMatchesReferenceExactly) {
  std::mt19937 rng(12);
  for (float threshold : {-2.0f, 0.3f, 0.95f}) {
    for (uint32_t seed = 0; seed < 5; ++seed) {
      ExpectSameOutputs(PostProcessGraph({DataType::kFloat32, 300, 12, threshold}, rng), seed,
                        kName);
    }
  }
}

TEST(OptimizedDetectionPostProcess, TiedScoresKeepTheReferenceOrder) {
  // 90 classes of random bytes (as in SSD): an anchor's best byte often
  // occurs twice in its row, and many anchors share the same best score.
  std::mt19937 rng(13);
  for (uint32_t seed = 0; seed < 10; ++seed) {
    ExpectSameOutputs(PostProcessGraph({DataType::kUInt8, 64, 90, 0.5f}, rng), seed, kName);
  }
}

TEST(OptimizedDetectionPostProcess, OtherStrategiesStayOnTheReferenceKernel) {
  std::mt19937 rng(14);
  ExpectSameOutputs(PostProcessGraph({DataType::kUInt8, 50, 4, 0.3f, true, 1}, rng), 1,
                    "reference");
  ExpectSameOutputs(PostProcessGraph({DataType::kUInt8, 50, 4, 0.3f, false, 2}, rng), 1,
                    "reference");
}

}  // namespace
}  // namespace edgebench::backends::optimized
