// bench::InspectModel, what `edgebench inspect` prints, in-process: the
// inputs and outputs as each runtime reports them, what runs each op, and
// the engine's own facts only on the engine.
#include "bench/model_inspection.h"

#include <gtest/gtest.h>

#include <string>

#include "runtime/post_processing_split.h"
#include "runtimes/onnxruntime/onnxruntime_runtime.h"

namespace edgebench::bench {
namespace {

constexpr char kV1[] = "ssd_mobilenet_v1_0.75_uint8";

runtime::RuntimeOptions OneThread() {
  runtime::RuntimeOptions options;
  options.threads = 1;
  return options;
}

TEST(ModelInspection, TheEngineReportsTheWholeModelItsArenaAndEachOpsBackend) {
  const auto m = InspectModel(kV1, "edgebench", OneThread());
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->runtime, "edgebench");
  EXPECT_EQ(m->backend, "xnnpack");  // the default: the engine's first backend
  EXPECT_FALSE(m->post_processing_by_edgebench);
  ASSERT_EQ(m->outputs.size(), 4u);  // the post-processing's boxes, classes, scores, count
  EXPECT_EQ(m->outputs[0].type, graph::DataType::kFloat32);
  EXPECT_EQ(m->op_backends.size(), m->model.graph.ops.size());
  EXPECT_EQ(m->op_backends.front(), "xnnpack");
  EXPECT_GT(m->arena_bytes, 0u);
}

// ONNX Runtime runs only the network: its outputs are the raw box encodings
// and class scores, with the file's quantization, and edgebench's kernel
// runs the post-processing.
TEST(ModelInspection, OnnxruntimeReportsTheNetworksOutputsAndLeavesThePostProcessing) {
  if (const std::string why = runtime::OnnxruntimeUnavailableReason(); !why.empty()) {
    GTEST_SKIP() << "onnxruntime unavailable here (" << why << ")";
  }
  const auto m = InspectModel(kV1, "onnxruntime", OneThread());
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->runtime, "onnxruntime");
  EXPECT_EQ(m->runtime_version, runtime::OnnxruntimeVersion());
  EXPECT_EQ(m->backend, "cpu");
  EXPECT_TRUE(m->post_processing_by_edgebench);
  const graph::Graph network = runtime::SplitPostProcessing(m->model.graph).network;
  ASSERT_EQ(m->outputs.size(), network.outputs.size());
  for (size_t i = 0; i < m->outputs.size(); ++i) {
    const graph::Tensor& expected = network.tensors[network.outputs[i]];
    EXPECT_EQ(m->outputs[i].name, expected.name);
    EXPECT_EQ(m->outputs[i].type, graph::DataType::kUInt8);
    EXPECT_EQ(m->outputs[i].shape, expected.shape);
    EXPECT_EQ(m->outputs[i].quantization.scale, expected.quantization.scale);
  }
  ASSERT_EQ(m->op_backends.size(), m->model.graph.ops.size());
  EXPECT_EQ(m->op_backends.front(), "onnxruntime");
  EXPECT_EQ(m->op_backends.back(), "edgebench");  // TFLite_Detection_PostProcess
  EXPECT_EQ(m->arena_bytes, 0u);
}

TEST(ModelInspection, AnUnknownRuntimeOrBackendNamesTheKnownOnes) {
  const auto runtime = InspectModel(kV1, "tensorflow", OneThread());
  ASSERT_FALSE(runtime.ok());
  EXPECT_TRUE(
      runtime.status().message().starts_with("runtime tensorflow: unknown (known: edgebench"))
      << runtime.status().message();
  runtime::RuntimeOptions options = OneThread();
  options.backend = "xnnpack";
  const auto backend = InspectModel(kV1, "onnxruntime", options);
  ASSERT_FALSE(backend.ok());
  EXPECT_EQ(backend.status().message(),
            "runtime onnxruntime: unknown backend xnnpack (available: cpu)");
}

}  // namespace
}  // namespace edgebench::bench
