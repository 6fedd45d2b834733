// The `onnxruntime` runtime with the real library from cache/onnxruntime
// (scripts/setup.sh): its raw network outputs on the photo against
// edgebench's reference interpreter, its detections, and what a user sees
// when the library is missing. Skips, saying why, where the library or its
// header was not there.
#include "runtimes/onnxruntime/onnxruntime_runtime.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "bench/model_catalog.h"
#include "runtimes/registry.h"
#include "support/edgebench_process.h"
#include "support/runtime_agreement.h"

namespace edgebench::runtime {
namespace {

const std::string kSource = EDGEBENCH_SOURCE_DIR;

// Empty when the runtime can run here; else why not, for GTEST_SKIP.
std::string Unavailable() {
  const std::string reason = OnnxruntimeUnavailableReason();
  return reason.empty() ? "" : "onnxruntime unavailable here (" + reason + ")";
}

struct StepDifference {
  double mean = 0;
  int max = 0;
};

StepDifference Compare(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  StepDifference d;
  for (size_t i = 0; i < a.size(); ++i) {
    const int steps = std::abs(int{a[i]} - int{b[i]});
    d.mean += steps;
    d.max = std::max(d.max, steps);
  }
  d.mean /= static_cast<double>(a.size());
  return d;
}

// Bounds on ONNX Runtime's raw outputs against the reference, in
// quantization steps of each output (box encodings, class scores).
struct StepBounds {
  double box_mean;
  int box_max;
  double score_mean;
  int score_max;
};

// Both real uint8 files: the box encodings and class scores of ONNX
// Runtime on the exported QDQ model against the reference interpreter on
// the .tflite, on the photo, at 1 thread. They cannot be equal bit for bit:
// ONNX Runtime requantizes each layer with a float multiplier and rounds
// half to even, TensorFlow Lite's kernels (which the reference follows)
// with a 32-bit fixed-point multiplier rounding half away from zero, so an
// activation may be one step off after any layer and such steps travel on
// through the layers. v2 adds two sources: its 10 residual ADDs run as
// DequantizeLinear -> float Add -> QuantizeLinear (TensorFlow Lite: a
// fixed-point add on inputs shifted left by 20 bits) and its LOGISTIC runs
// in float (TensorFlow Lite: a fixed-point approximation), where a steep
// sigmoid turns a few steps of logit into tens of steps of score for the
// rare anchors whose logit sits there (the mean shows how rare).
// Measured with onnxruntime-node 1.30.0 on x86-64 (mean / max steps):
//   v1 boxes 0.229 / 5, scores 0.032 / 4; v2 boxes 0.612 / 8, scores 0.014 / 21.
// The bounds leave room for other CPUs' kernels (AVX-512, NEON) and are far
// below what a real export fault gives (a wrong zero point, padding or
// channel order moves most outputs by tens of steps: means of several
// steps); the detections test below checks what the numbers mean.
void ExpectRawOutputsAgree(const std::string& path, const StepBounds& bounds) {
  const auto model = bench::LoadModel(path);
  ASSERT_TRUE(model.ok()) << model.status().message();
  RuntimeOptions options;
  options.network_only = true;
  options.backend = "reference";
  const auto reference = testing::RunOnPhoto(FindRuntime("edgebench")->open(model->graph, options));
  options.backend = "cpu";
  const auto ort = testing::RunOnPhoto(OpenOnnxruntime(model->graph, options));
  ASSERT_TRUE(reference && ort);
  ASSERT_EQ(reference->outputs().size(), 2u);
  ASSERT_EQ(ort->outputs().size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const TensorInfo& out = reference->outputs()[i];
    EXPECT_EQ(ort->outputs()[i].name, out.name);
    EXPECT_EQ(ort->outputs()[i].shape, out.shape);
    ASSERT_EQ(out.type, graph::DataType::kUInt8);
    const StepDifference d = Compare(reference->output_bytes(i), ort->output_bytes(i));
    std::printf("%s %s: mean %.4f steps, max %d steps\n", path.c_str(), out.name.c_str(), d.mean,
                d.max);
    EXPECT_LT(d.mean, i == 0 ? bounds.box_mean : bounds.score_mean) << out.name;
    EXPECT_LE(d.max, i == 0 ? bounds.box_max : bounds.score_max) << out.name;
  }
}

TEST(OnnxruntimeRuntimeTest, RealV1RawOutputsAgreeWithTheReference) {
  if (const std::string why = Unavailable(); !why.empty()) GTEST_SKIP() << why;
  ExpectRawOutputsAgree(kSource + "/data/models/ssd_mobilenet_v1_0.75_depth_quant_coco.tflite",
                        {0.35, 8, 0.1, 8});
}

TEST(OnnxruntimeRuntimeTest, RealV2RawOutputsAgreeWithTheReference) {
  if (const std::string why = Unavailable(); !why.empty()) GTEST_SKIP() << why;
  const std::string v2 = kSource + "/cache/models/mobilenet_ssd_v2_coco_quant_postprocess.tflite";
  if (!std::filesystem::exists(v2)) GTEST_SKIP() << v2 << " not fetched (scripts/setup.sh)";
  ExpectRawOutputsAgree(v2, {1.0, 12, 0.05, 32});
}

// The float32 zoo twins: ONNX Runtime runs the same float arithmetic in
// another order (its own convolution kernels, fused by its graph
// optimizations), so each output may differ from the reference by rounding
// only: at most 1e-4 of the output's largest magnitude.
TEST(OnnxruntimeRuntimeTest, FloatV1TwinAgreesWithTheReference) {
  if (const std::string why = Unavailable(); !why.empty()) GTEST_SKIP() << why;
  testing::ExpectFloatOutputsAgree("zoo:ssd_mobilenet_v1_0.75_float32", "onnxruntime", "cpu",
                                   1e-4f);
}

TEST(OnnxruntimeRuntimeTest, FloatV2TwinAgreesWithTheReference) {
  if (const std::string why = Unavailable(); !why.empty()) GTEST_SKIP() << why;
  testing::ExpectFloatOutputsAgree("zoo:ssd_mobilenet_v2_float32", "onnxruntime", "cpu", 1e-4f);
}

TEST(OnnxruntimeRuntimeTest, DetectionsOnThePhotoHaveEdgebenchsLabels) {
  if (const std::string why = Unavailable(); !why.empty()) GTEST_SKIP() << why;
  // edgebench's kernel runs the post-processing on ONNX Runtime's outputs.
  const std::string v1 = "ssd_mobilenet_v1_0.75_uint8";
  const std::set<std::string> reference = testing::LabelsAbove("edgebench", "xnnpack", v1);
  EXPECT_TRUE(reference.count("apple")) << "the photo's apple";
  EXPECT_EQ(testing::LabelsAbove("onnxruntime", "cpu", v1), reference);
}

TEST(OnnxruntimeRuntimeTest, RunRecordNamesTheRuntimeAndItsVersion) {
  if (const std::string why = Unavailable(); !why.empty()) GTEST_SKIP() << why;
  EXPECT_FALSE(OnnxruntimeVersion().empty());
  const std::string json =
      (std::filesystem::temp_directory_path() / "edgebench_onnxruntime_run.json").string();
  const auto outcome = testing::RunEdgebench(
      "run --no-save --quiet --runtime onnxruntime --model ssd_mobilenet_v1_0.75_uint8 --runs 2 "
      "--threads 1 --json " +
      json);
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  std::ifstream in(json);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  EXPECT_NE(text.find("\"onnxruntime\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"" + OnnxruntimeVersion() + "\""), std::string::npos);
  std::filesystem::remove(json);
}

// A wrong --onnxruntime-lib: one error line naming the path, exit 1.
TEST(OnnxruntimeRuntimeTest, WrongLibraryPathIsOneLineNamingIt) {
  if (OnnxruntimeUnavailableReason().starts_with("not built")) {
    GTEST_SKIP() << OnnxruntimeUnavailableReason();
  }
  const std::string path = "/nonexistent/libonnxruntime.so.1";
  const auto outcome = testing::RunEdgebench(
      "run --no-save --runtime onnxruntime --model ssd_mobilenet_v1_0.75_uint8 --runs 1 "
      "--onnxruntime-lib " +
      path);
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.err, "edgebench: error: onnxruntime: cannot load " + path +
                             " (from --onnxruntime-lib): " + path +
                             ": cannot open shared object file: No such file or directory\n");
}

// Chooses `path` for one test, then the default search again.
class ChosenLibrary {
 public:
  explicit ChosenLibrary(const std::string& path) { UseOnnxruntimeLibrary(path); }
  ~ChosenLibrary() { UseOnnxruntimeLibrary(""); }
};

// A library serving only older C API versions is refused with one line
// naming it, its version and the API version edgebench needs.
TEST(OnnxruntimeRuntimeTest, LibraryTooOldIsRefusedNamingBothVersions) {
  if (OnnxruntimeUnavailableReason().starts_with("not built")) {
    GTEST_SKIP() << OnnxruntimeUnavailableReason();
  }
  const std::string path = EDGEBENCH_FAKE_OLD_ONNXRUNTIME;
  ChosenLibrary chosen(path);
  EXPECT_EQ(OnnxruntimeUnavailableReason(),
            "onnxruntime: " + path +
                " is ONNX Runtime 1.10.0, too old: edgebench needs C API version 29 (ONNX "
                "Runtime 1.29 or newer)");
  EXPECT_EQ(OnnxruntimeVersion(), "");
}

// A shared library that is not ONNX Runtime at all.
TEST(OnnxruntimeRuntimeTest, LibraryWithoutTheCApiIsRefused) {
  if (OnnxruntimeUnavailableReason().starts_with("not built")) {
    GTEST_SKIP() << OnnxruntimeUnavailableReason();
  }
  ChosenLibrary chosen("libm.so.6");
  EXPECT_EQ(OnnxruntimeUnavailableReason(),
            "onnxruntime: libm.so.6 has no OrtGetApiBase: not an ONNX Runtime library");
}

}  // namespace
}  // namespace edgebench::runtime
