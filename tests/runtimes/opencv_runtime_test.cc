// The `opencv` runtime (OpenCV's DNN module through its plugin,
// src/runtimes/opencv): the float twins' raw outputs on the photo against
// edgebench's reference interpreter, their detections, what OpenCV 4.6 does
// with the quantized (QDQ) exports, and what a user sees when the plugin
// does not load. Skips, saying why, where the plugin was not built (no
// libopencv-dnn-dev).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "bench/model_catalog.h"
#include "runtimes/registry.h"
#include "support/edgebench_process.h"
#include "support/runtime_agreement.h"
#include "support/temp_folder.h"

namespace edgebench::runtime {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kSource = EDGEBENCH_SOURCE_DIR;

// Empty when the runtime can run here; else why not, for GTEST_SKIP.
std::string Unavailable() {
  const std::string reason = FindRuntime("opencv")->unavailable_reason();
  return reason.empty() ? "" : "opencv unavailable here (" + reason + ")";
}

// The float32 zoo twins: OpenCV runs the same float arithmetic with its own
// convolution kernels (ReLU6 fused into them), so each output may differ
// from the reference by rounding only: at most 1e-4 of the output's largest
// magnitude. Measured with Debian's OpenCV 4.6.0 on x86-64, relative to
// that magnitude: v1 boxes 2.6e-5, scores 4.4e-5; v2 boxes 1.9e-5, scores
// 5.9e-5 (ONNX Runtime: 3.0e-5, 7.7e-5; 1.6e-5, 4.0e-5).
TEST(OpencvRuntimeTest, FloatV1TwinAgreesWithTheReference) {
  if (const std::string why = Unavailable(); !why.empty()) GTEST_SKIP() << why;
  testing::ExpectFloatOutputsAgree("zoo:ssd_mobilenet_v1_0.75_float32", "opencv", "cpu", 1e-4f);
}

TEST(OpencvRuntimeTest, FloatV2TwinAgreesWithTheReference) {
  if (const std::string why = Unavailable(); !why.empty()) GTEST_SKIP() << why;
  testing::ExpectFloatOutputsAgree("zoo:ssd_mobilenet_v2_float32", "opencv", "cpu", 1e-4f);
}

// Through the benchmark library, edgebench's kernel running the
// post-processing on OpenCV's outputs. The twin's weights are synthetic, so
// its detections mean nothing, but they must be edgebench's.
TEST(OpencvRuntimeTest, DetectionsOnThePhotoHaveEdgebenchsLabels) {
  if (const std::string why = Unavailable(); !why.empty()) GTEST_SKIP() << why;
  const std::string twin = "zoo:ssd_mobilenet_v1_0.75_float32";
  const std::set<std::string> reference = testing::LabelsAbove("edgebench", "xnnpack", twin);
  EXPECT_FALSE(reference.empty()) << "nothing above 0.5 to compare";
  EXPECT_EQ(testing::LabelsAbove("opencv", "cpu", twin), reference);
}

// What OpenCV 4.6 does with the QDQ exports of the real uint8 files: its
// importer takes DequantizeLinear only on a layer's output, and the export
// dequantizes each weight initializer, so the import stops at the first one
// (node 3, the first convolution's weights). Open says so in one line.
// (4.6 would also read uint8 zero points as int8 and refuses per-channel
// scales.) Recorded for 4.6; a later OpenCV may import more.
std::string QuantizedBehaviourUnknown() {
  if (std::string why = Unavailable(); !why.empty()) return why;
  const std::string version = FindRuntime("opencv")->version();
  return version.starts_with("4.6.") ? "" : "records OpenCV 4.6's behaviour; this is " + version;
}

const std::string kQuantizedRefusal =
    "opencv: OpenCV 4.6.0 cannot run the quantized (QDQ) ONNX export of this model: Node "
    "[DequantizeLinear@ai.onnx]:(onnx_node!DequantizeLinear_3) parse error: OpenCV(4.6.0) ";

void ExpectQuantizedRefused(const std::string& path) {
  const auto model = bench::LoadModel(path);
  ASSERT_TRUE(model.ok()) << model.status().message();
  RuntimeOptions options;
  options.network_only = true;
  const auto opened = FindRuntime("opencv")->open(model->graph, options);
  ASSERT_FALSE(opened.ok());
  const std::string& message = opened.status().message();
  EXPECT_THAT(message, StartsWith(kQuantizedRefusal));
  EXPECT_THAT(message, HasSubstr("error: (-215:Assertion failed) inputs.size() == 1 in function "
                                 "'getMemoryShapes' (in handleNode)"));
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST(OpencvRuntimeTest, QuantizedExportOfRealV1IsRefusedInOneLine) {
  if (const std::string why = QuantizedBehaviourUnknown(); !why.empty()) GTEST_SKIP() << why;
  ExpectQuantizedRefused(kSource + "/data/models/ssd_mobilenet_v1_0.75_depth_quant_coco.tflite");
}

TEST(OpencvRuntimeTest, QuantizedExportOfRealV2IsRefusedInOneLine) {
  if (const std::string why = QuantizedBehaviourUnknown(); !why.empty()) GTEST_SKIP() << why;
  const std::string v2 = kSource + "/cache/models/mobilenet_ssd_v2_coco_quant_postprocess.tflite";
  if (!std::filesystem::exists(v2)) GTEST_SKIP() << v2 << " not fetched (scripts/setup.sh)";
  ExpectQuantizedRefused(v2);
}

// `run` on a quantized model: exit 1 and one error line, not a crash.
TEST(OpencvRuntimeTest, RunOnQuantizedModelIsOneErrorLine) {
  if (const std::string why = QuantizedBehaviourUnknown(); !why.empty()) GTEST_SKIP() << why;
  const auto outcome = testing::RunEdgebench(
      "run --no-save --quiet --runtime opencv --model ssd_mobilenet_v1_0.75_uint8 --runs 1");
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(outcome.err, StartsWith("edgebench: error: " + kQuantizedRefusal));
  EXPECT_EQ(outcome.err.find('\n'), outcome.err.size() - 1) << outcome.err;
}

TEST(OpencvRuntimeTest, RunRecordNamesTheRuntimeAndItsVersion) {
  if (const std::string why = Unavailable(); !why.empty()) GTEST_SKIP() << why;
  const std::string version = FindRuntime("opencv")->version();
  EXPECT_THAT(version, StartsWith("4."));
  const std::string json =
      (std::filesystem::temp_directory_path() / "edgebench_opencv_run.json").string();
  const auto outcome = testing::RunEdgebench(
      "run --no-save --quiet --runtime opencv --model zoo:ssd_mobilenet_v1_0.75_float32 --runs 2 "
      "--threads 1 --json " +
      json);
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const std::string text = testing::ReadText(json);
  EXPECT_THAT(text, HasSubstr("\"opencv\""));
  EXPECT_THAT(text, HasSubstr("\"" + version + "\""));
  std::filesystem::remove(json);
}

// A plugin that does not load (here an empty file where
// $EDGEBENCH_PLUGIN_DIR points, looked in first; the usual case is OpenCV's
// library missing): one error line naming the file and why, exit 1. Needs
// no OpenCV, so it runs everywhere.
class OpencvPluginMissingTest : public testing::TempFolderTest {};

TEST_F(OpencvPluginMissingTest, RunSaysWhichPluginFileFailedToLoad) {
  const std::string plugin = Path("libedgebench-runtime-opencv.so");
  std::ofstream(plugin).close();
  const auto outcome = testing::RunEdgebenchAfter(
      "EDGEBENCH_PLUGIN_DIR=" + dir_.string(),
      "run --no-save --runtime opencv --model zoo:ssd_mobilenet_v1_0.75_float32 --runs 1");
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.err, "edgebench: error: opencv: cannot load " + plugin +
                             " (is the runtime's library installed? see scripts/setup.sh): " +
                             plugin + ": file too short\n");
}

}  // namespace
}  // namespace edgebench::runtime
