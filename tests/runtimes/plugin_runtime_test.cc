// The host side of runtime plugins: finding and loading them, refusing
// leftovers, and a plugin's model behind the Runtime seam (through a fake
// plugin that runs ReLU, support/fake_runtime_plugins/).
#include "runtimes/plugin_runtime.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

#include "graph/graph_builder.h"

namespace edgebench::runtime {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class PluginRuntimeTest : public ::testing::Test {
 protected:
  // Before any plugin is looked for: the outcome of each is kept.
  static void SetUpTestSuite() { setenv("EDGEBENCH_PLUGIN_DIR", EDGEBENCH_FAKE_PLUGIN_DIR, 1); }
};

graph::Graph Relu(int width) {
  graph::GraphBuilder b;
  const int in = b.AddTensor("in", graph::DataType::kFloat32, {1, width});
  const int out = b.AddTensor("out", graph::DataType::kFloat32, {1, width});
  b.AddOp(graph::OpType::kRelu, {in}, {out});
  b.SetInputs({in});
  b.SetOutputs({out});
  return std::move(b).Build();
}

// $EDGEBENCH_PLUGIN_DIR, set, is the only place looked in.
TEST_F(PluginRuntimeTest, MissingPluginNamesThePlaceLookedIn) {
  const std::string reason = PluginUnavailableReason("absent");
  EXPECT_EQ(reason, "absent: plugin not built or not installed: looked for " +
                        std::string(EDGEBENCH_FAKE_PLUGIN_DIR) + "/libedgebench-runtime-absent.so");
  EXPECT_EQ(PluginVersion("absent"), "");
  EXPECT_TRUE(PluginBackends("absent").empty());
  auto opened = OpenPluginRuntime("absent", Relu(4), {});
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().message(), reason);
}

TEST_F(PluginRuntimeTest, LibraryWithoutTheEntryPointIsRefused) {
  EXPECT_THAT(PluginUnavailableReason("fake_not_a"),
              HasSubstr("is not an edgebench runtime plugin (no edgebench_runtime_plugin)"));
}

TEST_F(PluginRuntimeTest, PluginOfAnotherInterfaceVersionIsRefused) {
  EXPECT_THAT(PluginUnavailableReason("fake_other_abi"),
              HasSubstr("was built for another edgebench (plugin interface is not version 1)"));
}

TEST_F(PluginRuntimeTest, ReportsThePluginsVersionAndBackends) {
  EXPECT_EQ(PluginUnavailableReason("fake_relu"), "");
  EXPECT_EQ(PluginVersion("fake_relu"), "1.2.3");
  const std::vector<BackendInfo> backends = PluginBackends("fake_relu");
  ASSERT_EQ(backends.size(), 2u);
  EXPECT_EQ(backends[0].name, "plain");
  EXPECT_EQ(backends[1].max_threads, 2);
}

TEST_F(PluginRuntimeTest, RunsTheModelThroughTheSeam) {
  RuntimeOptions options;
  options.threads = 4;
  auto opened = OpenPluginRuntime("fake_relu", Relu(4), options);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  Runtime& runtime = **opened;
  EXPECT_EQ(runtime.name(), "fake_relu");
  EXPECT_EQ(runtime.backend(), "plain");  // the first is the default
  EXPECT_EQ(runtime.threads(), 1);        // what the plugin uses, not what was asked
  EXPECT_FALSE(runtime.runs_post_processing());
  ASSERT_EQ(runtime.outputs().size(), 1u);
  EXPECT_EQ(runtime.outputs()[0].name, "out");

  const float input[4] = {-1.5f, 2.0f, 0.0f, -0.25f};
  std::memcpy(runtime.input_bytes(0).data(), input, sizeof input);
  ASSERT_TRUE(runtime.Invoke().ok());
  float output[4];
  std::memcpy(output, runtime.output_bytes(0).data(), sizeof output);
  EXPECT_THAT(output, ElementsAre(0.0f, 2.0f, 0.0f, 0.0f));

  const float refused[4] = {-99, 0, 0, 0};
  std::memcpy(runtime.input_bytes(0).data(), refused, sizeof refused);
  const Status failed = runtime.Invoke();
  EXPECT_EQ(failed.message(), "fake_relu: refused input -99");
  EXPECT_THAT(runtime.TimeOps(1).status().message(), HasSubstr("does not report per-op timings"));
}

TEST_F(PluginRuntimeTest, ChosenBackendAndUnknownBackend) {
  RuntimeOptions options;
  options.threads = 4;
  options.backend = "other";
  auto opened = OpenPluginRuntime("fake_relu", Relu(4), options);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  EXPECT_EQ((*opened)->backend(), "other");
  EXPECT_EQ((*opened)->threads(), 2);

  options.backend = "gpu";
  EXPECT_EQ(OpenPluginRuntime("fake_relu", Relu(4), options).status().message(),
            "fake_relu: no backend 'gpu' (known: plain, other)");
}

TEST_F(PluginRuntimeTest, TensorsUnlikeTheModelsAreRefused) {
  auto opened = OpenPluginRuntime("fake_relu", Relu(8), {});
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().message(),
            "fake_relu: input 0 (in) is FLOAT32 of 16 bytes on the runtime, FLOAT32 of 32 bytes in "
            "the model");
}

}  // namespace
}  // namespace edgebench::runtime
