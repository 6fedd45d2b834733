// The `onnxruntime` runtime with the real library from cache/onnxruntime
// (scripts/setup.sh): its raw network outputs on the photo against
// edgebench's reference interpreter, its detections, and what a user sees
// when the library is missing. Skips, saying why, where the library or its
// header was not there.
#include "runtimes/onnxruntime/onnxruntime_runtime.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "bench/benchmark_model.h"
#include "bench/context.h"
#include "bench/model_catalog.h"
#include "image/decode.h"
#include "runtime/post_processing_split.h"
#include "runtimes/registry.h"
#include "support/edgebench_process.h"

namespace edgebench::runtime {
namespace {

const std::string kSource = EDGEBENCH_SOURCE_DIR;
const std::string kPhoto = kSource + "/data/images/fruit.jpg";

// Empty when the runtime can run here; else why not, for GTEST_SKIP.
std::string Unavailable() {
  const std::string reason = OnnxruntimeUnavailableReason();
  return reason.empty() ? "" : "onnxruntime unavailable here (" + reason + ")";
}

// Runs `model`'s network on the photo (raw pixels: both real files take
// uint8 [1,300,300,3], the float twins float [1,300,300,3]) and returns the runtime for reading its
// outputs.
std::unique_ptr<Runtime> RunOnPhoto(Result<std::unique_ptr<Runtime>> opened) {
  EXPECT_TRUE(opened.ok()) << opened.status().message();
  if (!opened.ok()) return nullptr;
  std::unique_ptr<Runtime> runtime = std::move(*opened);
  const graph::Shape& shape = runtime->inputs()[0].shape;
  const auto photo = image::LoadImageResized(kPhoto, shape[2], shape[1]);
  EXPECT_TRUE(photo.ok());
  const std::span<uint8_t> input = runtime->input_bytes(0);
  if (runtime->inputs()[0].type == graph::DataType::kFloat32) {
    // The float twins take pixels scaled to [-1, 1].
    std::vector<float> scaled;
    for (uint8_t p : photo->pixels) scaled.push_back((p - 127.5f) / 127.5f);
    EXPECT_EQ(input.size(), scaled.size() * sizeof(float));
    std::memcpy(input.data(), scaled.data(), input.size());
  } else {
    EXPECT_EQ(input.size(), photo->pixels.size());
    std::copy(photo->pixels.begin(), photo->pixels.end(), input.begin());
  }
  const Status status = runtime->Invoke();
  EXPECT_TRUE(status.ok()) << status.message();
  return runtime;
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
  const auto reference = RunOnPhoto(FindRuntime("edgebench")->open(model->graph, options));
  options.backend = "cpu";
  const auto ort = RunOnPhoto(OpenOnnxruntime(model->graph, options));
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
void ExpectFloatOutputsAgree(const std::string& name) {
  const auto model = bench::LoadModel(name);
  ASSERT_TRUE(model.ok()) << model.status().message();
  RuntimeOptions options;
  options.network_only = true;
  options.backend = "reference";
  const auto reference = RunOnPhoto(FindRuntime("edgebench")->open(model->graph, options));
  options.backend = "cpu";
  const auto ort = RunOnPhoto(OpenOnnxruntime(model->graph, options));
  ASSERT_TRUE(reference && ort);
  ASSERT_EQ(ort->outputs().size(), reference->outputs().size());
  for (size_t i = 0; i < reference->outputs().size(); ++i) {
    ASSERT_EQ(reference->outputs()[i].type, graph::DataType::kFloat32);
    const size_t n = reference->outputs()[i].byte_size / sizeof(float);
    std::vector<float> a(n), b(n);
    std::memcpy(a.data(), reference->output_bytes(i).data(), n * sizeof(float));
    std::memcpy(b.data(), ort->output_bytes(i).data(), n * sizeof(float));
    float largest = 0, worst = 0;
    for (size_t k = 0; k < n; ++k) {
      largest = std::max(largest, std::abs(a[k]));
      worst = std::max(worst, std::abs(a[k] - b[k]));
    }
    std::printf("%s %s: max difference %g of largest %g\n", name.c_str(),
                reference->outputs()[i].name.c_str(), worst, largest);
    EXPECT_LE(worst, 1e-4f * largest) << reference->outputs()[i].name;
  }
}

TEST(OnnxruntimeRuntimeTest, FloatV1TwinAgreesWithTheReference) {
  if (const std::string why = Unavailable(); !why.empty()) GTEST_SKIP() << why;
  ExpectFloatOutputsAgree("zoo:ssd_mobilenet_v1_0.75_float32");
}

TEST(OnnxruntimeRuntimeTest, FloatV2TwinAgreesWithTheReference) {
  if (const std::string why = Unavailable(); !why.empty()) GTEST_SKIP() << why;
  ExpectFloatOutputsAgree("zoo:ssd_mobilenet_v2_float32");
}

// The labels scoring above 0.5 on fruit.jpg, through the benchmark library
// (edgebench's kernel runs the post-processing on ONNX Runtime's outputs).
std::set<std::string> LabelsAbove(const std::string& runtime, const std::string& backend) {
  bench::BenchmarkSettings settings;
  settings.runtime = runtime;
  settings.backend = backend;
  settings.runs = 1;
  settings.threads = 1;
  bench::BenchmarkEnvironment environment;
  environment.image = bench::ReadImageFacts(kPhoto).value();
  environment.context = bench::CollectContext();
  environment.labels = detect::LabelMap::ReadFile(kSource + "/data/models/coco_labels.txt").value();
  const auto record =
      bench::ModelBenchmark(settings, environment).Run("ssd_mobilenet_v1_0.75_uint8");
  EXPECT_TRUE(record.ok()) << record.status().message();
  std::set<std::string> labels;
  if (!record.ok()) return labels;
  EXPECT_EQ(record->runtime.name, runtime);
  for (const bench::RecordDetection& d : record->detections) {
    if (d.score > 0.5f) labels.insert(d.label);
  }
  return labels;
}

TEST(OnnxruntimeRuntimeTest, DetectionsOnThePhotoHaveEdgebenchsLabels) {
  if (const std::string why = Unavailable(); !why.empty()) GTEST_SKIP() << why;
  const std::set<std::string> reference = LabelsAbove("edgebench", "xnnpack");
  EXPECT_TRUE(reference.count("apple")) << "the photo's apple";
  EXPECT_EQ(LabelsAbove("onnxruntime", "cpu"), reference);
}

// One `run --profile` of the real v1 through the binary: the record names
// the runtime and its version, and ONNX Runtime's own profiler (mapped back
// through the export's node names) gives rows that cover every op of the
// network once, each with time, summing to about an inference (not more
// than 10x off either way: a wrong unit would be 1000x).
TEST(OnnxruntimeRuntimeTest, RunProfileOfRealV1NamesTheRuntimeAndCoversEveryNetworkOp) {
  if (const std::string why = Unavailable(); !why.empty()) GTEST_SKIP() << why;
  EXPECT_FALSE(OnnxruntimeVersion().empty());
  const std::string json =
      (std::filesystem::temp_directory_path() / "edgebench_onnxruntime_run.json").string();
  const auto outcome = testing::RunEdgebench(
      "run --no-save --quiet --runtime onnxruntime --model ssd_mobilenet_v1_0.75_uint8 --runs 2 "
      "--threads 1 --profile 3 --json " +
      json);
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_NE(outcome.out.find("onnxruntime's own profiler"), std::string::npos) << outcome.out;
  std::ifstream in(json);
  const auto record = nlohmann::json::parse(in)["results"][0];
  std::filesystem::remove(json);
  EXPECT_EQ(record["runtime"]["name"], "onnxruntime");
  EXPECT_EQ(record["runtime"]["version"], OnnxruntimeVersion());
  const auto model = bench::LoadModel("ssd_mobilenet_v1_0.75_uint8");
  ASSERT_TRUE(model.ok());
  const int network_ops = static_cast<int>(SplitPostProcessing(model->graph).network.ops.size());
  std::vector<int> covered(network_ops, 0);
  const auto& profile = record["profile"];
  for (const auto& row : profile["ops"]) {
    EXPECT_GT(row["mean_ms"].get<double>(), 0) << row.dump();
    for (int op = row["first_op"]; op <= row["last_op"].get<int>(); ++op) {
      ASSERT_LT(op, network_ops) << row.dump();
      ++covered[op];
    }
  }
  EXPECT_EQ(covered, std::vector<int>(network_ops, 1));
  const double total_ms = profile["total_ms"],
               network_ms = record["network_only_summary"]["mean_ms"];
  EXPECT_GT(total_ms, network_ms / 10);
  EXPECT_LT(total_ms, network_ms * 10);
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
