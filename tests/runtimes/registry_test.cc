// The registry of runtimes and backends, and edgebench's engine behind the
// Runtime seam: whole model and network only.
#include "runtimes/registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "graph/graph_builder.h"
#include "runtime/interpreter.h"
#include "runtime/post_processing_split.h"
#include "support/real_models.h"
#include "tflite/reader.h"

namespace edgebench::runtime {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

graph::Graph OneRelu() {
  graph::GraphBuilder b;
  const int in = b.AddTensor("in", graph::DataType::kFloat32, {1, 4});
  const int out = b.AddTensor("out", graph::DataType::kFloat32, {1, 4});
  b.AddOp(graph::OpType::kRelu, {in}, {out});
  b.SetInputs({in});
  b.SetOutputs({out});
  return std::move(b).Build();
}

graph::Graph RealV1() { return tflite::ReadModelFile(testing::RealV1Model().string()).value(); }

TEST(RegistryTest, EdgebenchIsTheDefaultAndAvailable) {
  ASSERT_FALSE(Runtimes().empty());
  const RuntimeEntry& first = Runtimes().front();
  EXPECT_STREQ(first.name, "edgebench");
  EXPECT_EQ(first.unavailable_reason(), "");
  EXPECT_FALSE(first.version().empty());
  EXPECT_TRUE(first.runs_post_processing);
  EXPECT_EQ(FindRuntime("edgebench"), &first);
  EXPECT_EQ(FindRuntime("tensorflow"), nullptr);
  EXPECT_THAT(RuntimeNames(), HasSubstr("edgebench"));
}

TEST(RegistryTest, EngineBackendsAreOneListWithTheirLimits) {
  const std::vector<BackendInfo> backends = FindRuntime("edgebench")->backends();
  std::vector<std::string> names;
  for (const BackendInfo& b : backends) names.push_back(b.name);
  EXPECT_THAT(names, ElementsAre("xnnpack", "reference"));
  EXPECT_EQ(FindBackend(backends, "reference")->max_threads, 1);
  EXPECT_GT(FindBackend(backends, "xnnpack")->max_threads, 1);
  EXPECT_EQ(FindBackend(backends, "cuda"), nullptr);
  EXPECT_EQ(BackendNames(backends), "xnnpack, reference");
}

// The interpreter refuses a backend the registry does not list, naming them.
TEST(RegistryTest, InterpreterRefusesAnUnknownBackendNamingTheKnownOnes) {
  const auto interpreter = Interpreter::Create(OneRelu(), {"cuda", 1});
  ASSERT_FALSE(interpreter.ok());
  EXPECT_THAT(interpreter.status().message(), HasSubstr("\"cuda\""));
  EXPECT_THAT(interpreter.status().message(), HasSubstr("xnnpack, reference"));
}

TEST(RegistryTest, OpensTheRealModelWholeThroughTheSeam) {
  auto opened = FindRuntime("edgebench")->open(RealV1(), {"reference", 1});
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  Runtime& rt = **opened;
  EXPECT_EQ(rt.name(), "edgebench");
  EXPECT_EQ(rt.backend(), "reference");
  EXPECT_EQ(rt.threads(), 1);
  EXPECT_TRUE(rt.runs_post_processing());
  ASSERT_EQ(rt.inputs().size(), 1u);
  EXPECT_EQ(rt.inputs()[0].type, graph::DataType::kUInt8);
  EXPECT_EQ(rt.inputs()[0].shape, (graph::Shape{1, 300, 300, 3}));
  EXPECT_EQ(rt.inputs()[0].byte_size, 300u * 300 * 3);
  EXPECT_EQ(rt.inputs()[0].quantization.scale.size(), 1u);
  EXPECT_EQ(rt.input_bytes(0).size(), 300u * 300 * 3);
  ASSERT_EQ(rt.outputs().size(), 4u);  // boxes, classes, scores, count
  EXPECT_EQ(rt.outputs()[0].type, graph::DataType::kFloat32);
}

// Network only: the outputs are the post-processing's raw inputs (box
// encodings for 1917 anchors, and class scores), and the post-processing
// alone takes them.
TEST(RegistryTest, NetworkOnlyStopsBeforeThePostProcessing) {
  auto opened = FindRuntime("edgebench")->open(RealV1(), {"xnnpack", 1, size_t{1} << 30, true});
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  Runtime& rt = **opened;
  EXPECT_FALSE(rt.runs_post_processing());
  ASSERT_EQ(rt.outputs().size(), 2u);
  EXPECT_EQ(rt.outputs()[0].shape, (graph::Shape{1, 1917, 4}));
  EXPECT_EQ(rt.outputs()[1].shape, (graph::Shape{1, 1917, 91}));
  EXPECT_TRUE(rt.Invoke().ok());

  const SplitModel split = SplitPostProcessing(RealV1());
  ASSERT_TRUE(split.post_processing.has_value());
  ASSERT_EQ(split.post_processing->ops.size(), 1u);
  EXPECT_EQ(split.post_processing->ops[0].type, graph::OpType::kDetectionPostProcess);
  EXPECT_EQ(split.post_processing->inputs.size(), 2u);
  EXPECT_EQ(split.post_processing->outputs.size(), 4u);
  EXPECT_EQ(split.network.ops.size(), RealV1().ops.size() - 1);
}

TEST(RegistryTest, AModelWithoutPostProcessingIsNotSplit) {
  const SplitModel split = SplitPostProcessing(OneRelu());
  EXPECT_FALSE(split.post_processing.has_value());
  EXPECT_EQ(split.network.ops.size(), 1u);
}

TEST(RegistryTest, TimesEveryOpOfTheRealModel) {
  auto opened = FindRuntime("edgebench")->open(RealV1(), {"xnnpack", 1});
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  const auto timings = (*opened)->TimeOps(1);
  ASSERT_TRUE(timings.ok()) << timings.status().message();
  EXPECT_EQ(timings->size(), RealV1().ops.size());  // one op per row
  EXPECT_EQ(timings->back().name, "TFLite_Detection_PostProcess");
}

}  // namespace
}  // namespace edgebench::runtime
