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
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "bench/benchmark_model.h"
#include "bench/context.h"
#include "bench/model_catalog.h"
#include "detect/detections.h"
#include "image/decode.h"
#include "runtime/interpreter.h"
#include "runtime/post_processing_split.h"
#include "runtimes/registry.h"
#include "support/edgebench_process.h"
#include "support/real_models.h"

namespace edgebench::runtime {
namespace {

const std::string kSource = EDGEBENCH_SOURCE_DIR;
const std::string kPhoto = kSource + "/data/images/fruit.jpg";

// Empty when the runtime can run here; else why not, for GTEST_SKIP.
std::string Unavailable() {
  const std::string reason = OnnxruntimeUnavailableReason();
  return reason.empty() ? "" : "onnxruntime unavailable here (" + reason + ")";
}

constexpr char kRealV1[] = "ssd_mobilenet_v1_0.75_uint8";
constexpr char kRealV2[] = "ssd_mobilenet_v2_uint8";

// Each model, loaded (the zoo's built) once per process.
const graph::Graph& Model(const std::string& name) {
  static std::map<std::string, graph::Graph> models;
  auto it = models.find(name);
  if (it == models.end()) {
    auto loaded = bench::LoadModel(name);
    EXPECT_TRUE(loaded.ok()) << loaded.status().message();
    it = models.emplace(name, loaded.ok() ? std::move(loaded->graph) : graph::Graph{}).first;
  }
  return it->second;
}

// Writes the photo into input 0 as the models take it: raw pixels for the
// uint8 ones, pixels scaled to [-1, 1] for the float twins.
void WritePhoto(Runtime& runtime) {
  const graph::Shape& shape = runtime.inputs()[0].shape;
  const auto photo = image::LoadImageResized(kPhoto, shape[2], shape[1]);
  ASSERT_TRUE(photo.ok());
  const std::span<uint8_t> input = runtime.input_bytes(0);
  if (runtime.inputs()[0].type == graph::DataType::kFloat32) {
    std::vector<float> scaled;
    for (uint8_t p : photo->pixels) scaled.push_back((p - 127.5f) / 127.5f);
    ASSERT_EQ(input.size(), scaled.size() * sizeof(float));
    std::memcpy(input.data(), scaled.data(), input.size());
  } else {
    ASSERT_EQ(input.size(), photo->pixels.size());
    std::copy(photo->pixels.begin(), photo->pixels.end(), input.begin());
  }
}

// A network's raw outputs (box encodings, class scores) on the photo.
struct RawOutputs {
  std::vector<TensorInfo> infos;
  std::vector<std::vector<uint8_t>> bytes;
};

RawOutputs RunNetwork(const std::string& model, const std::string& runtime) {
  RuntimeOptions options;
  options.network_only = true;
  options.backend = runtime == "onnxruntime" ? "cpu" : "reference";
  auto opened = runtime == "onnxruntime" ? OpenOnnxruntime(Model(model), options)
                                         : FindRuntime("edgebench")->open(Model(model), options);
  EXPECT_TRUE(opened.ok()) << opened.status().message();
  if (!opened.ok()) return {};
  Runtime& r = **opened;
  WritePhoto(r);
  const Status status = r.Invoke();
  EXPECT_TRUE(status.ok()) << status.message();
  RawOutputs out{r.outputs(), {}};
  for (size_t i = 0; i < r.outputs().size(); ++i) {
    const auto bytes = r.output_bytes(i);
    out.bytes.emplace_back(bytes.begin(), bytes.end());
  }
  return out;
}

// The network's outputs of `model` on `runtime` ("reference": edgebench's
// reference interpreter; "onnxruntime"), run once per process: the
// raw-tensor and the detection tests share them.
const RawOutputs& NetworkOutputs(const std::string& model, const std::string& runtime) {
  static std::map<std::pair<std::string, std::string>, RawOutputs> cache;
  auto it = cache.find({model, runtime});
  if (it == cache.end()) {
    it = cache.emplace(std::pair{model, runtime}, RunNetwork(model, runtime)).first;
  }
  return it->second;
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

// The box encodings and class scores of ONNX Runtime on the exported QDQ
// model against the reference interpreter on the .tflite, on the photo, at
// 1 thread. They cannot be equal bit for bit: ONNX Runtime requantizes each
// layer with a float multiplier and rounds half to even, TensorFlow Lite's
// kernels (which the reference follows) with a 32-bit fixed-point
// multiplier rounding half away from zero, so an activation may be one step
// off after any layer and such steps travel on through the layers. v2 adds
// two sources: its 10 residual ADDs run as DequantizeLinear -> float Add ->
// QuantizeLinear (TensorFlow Lite: a fixed-point add on inputs shifted left
// by 20 bits) and its LOGISTIC runs in float (TensorFlow Lite: a fixed-point
// approximation), where a steep sigmoid turns a few steps of logit into tens
// of steps of score for the rare anchors whose logit sits there (the mean
// shows how rare). The bounds leave room for other CPUs' kernels (AVX-512,
// NEON) and are far below what a real export fault gives (a wrong zero
// point, padding or channel order moves most outputs by tens of steps:
// means of several steps); the detection tests below check what the numbers
// mean.
void ExpectRawOutputsAgree(const std::string& model, const StepBounds& bounds) {
  const RawOutputs& reference = NetworkOutputs(model, "reference");
  const RawOutputs& ort = NetworkOutputs(model, "onnxruntime");
  ASSERT_EQ(reference.infos.size(), 2u);
  ASSERT_EQ(ort.infos.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const TensorInfo& out = reference.infos[i];
    EXPECT_EQ(ort.infos[i].name, out.name);
    EXPECT_EQ(ort.infos[i].shape, out.shape);
    ASSERT_EQ(out.type, graph::DataType::kUInt8);
    const StepDifference d = Compare(reference.bytes[i], ort.bytes[i]);
    std::printf("%s %s: mean %.4f steps, max %d steps\n", model.c_str(), out.name.c_str(), d.mean,
                d.max);
    EXPECT_LT(d.mean, i == 0 ? bounds.box_mean : bounds.score_mean) << out.name;
    EXPECT_LE(d.max, i == 0 ? bounds.box_max : bounds.score_max) << out.name;
  }
}

// Measured with onnxruntime-node 1.30.0 on x86-64 (mean / max steps):
// boxes 0.229 / 5, scores 0.032 / 4.
TEST(OnnxruntimeRuntimeTest, RealV1RawOutputsAgreeWithTheReference) {
  if (const std::string why = Unavailable(); !why.empty()) GTEST_SKIP() << why;
  ExpectRawOutputsAgree(kRealV1, {0.35, 8, 0.1, 8});
}

// Measured: boxes 0.612 / 8, scores 0.014 / 21 (the float LOGISTIC above).
TEST(OnnxruntimeRuntimeTest, RealV2RawOutputsAgreeWithTheReference) {
  if (const std::string why = Unavailable(); !why.empty()) GTEST_SKIP() << why;
  if (!std::filesystem::exists(testing::RealV2Model())) GTEST_SKIP() << "v2 not fetched (setup)";
  ExpectRawOutputsAgree(kRealV2, {1.0, 12, 0.05, 32});
}

// The float32 zoo twins: ONNX Runtime runs the same float arithmetic in
// another order (its own convolution kernels, fused by its graph
// optimizations), so each output may differ from the reference by rounding
// only: at most 1e-4 of the output's largest magnitude.
void ExpectFloatOutputsAgree(const std::string& name) {
  const RawOutputs& reference = NetworkOutputs(name, "reference");
  const RawOutputs& ort = NetworkOutputs(name, "onnxruntime");
  ASSERT_EQ(ort.infos.size(), reference.infos.size());
  for (size_t i = 0; i < reference.infos.size(); ++i) {
    ASSERT_EQ(reference.infos[i].type, graph::DataType::kFloat32);
    const size_t n = reference.infos[i].byte_size / sizeof(float);
    ASSERT_EQ(ort.bytes[i].size(), n * sizeof(float));
    std::vector<float> a(n), b(n);
    std::memcpy(a.data(), reference.bytes[i].data(), n * sizeof(float));
    std::memcpy(b.data(), ort.bytes[i].data(), n * sizeof(float));
    float largest = 0, worst = 0;
    for (size_t k = 0; k < n; ++k) {
      largest = std::max(largest, std::abs(a[k]));
      worst = std::max(worst, std::abs(a[k] - b[k]));
    }
    std::printf("%s %s: max difference %g of largest %g\n", name.c_str(),
                reference.infos[i].name.c_str(), worst, largest);
    EXPECT_LE(worst, 1e-4f * largest) << reference.infos[i].name;
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

// The uint8 zoo twins have the real files' architecture with synthetic
// weights, calibrated per layer but not trained: unlike trained weights,
// which damp small perturbations, they amplify them layer after layer. On
// edgebench's reference alone, moving every input pixel of the photo by one
// step (+1 or -1 at random) moves the boxes by 19.5 / 17.0 steps on average
// (max 169 / 113) on the v1 / v2 twin, and the scores by 0.77 / 0.62 (max
// 127 / 148), where the real files move by 0.35 / 0.69 (max 9 / 14) and
// 0.05 / 0.01. ONNX Runtime's one-step rounding differences per layer
// (above) are amplified the same way. Measured against the reference
// (mean / max steps): v1 twin boxes 7.04 / 74, scores 0.29 / 76; v2 twin
// boxes 8.80 / 83, scores 0.33 / 90. The bounds keep the means below what a
// single step of input noise does to the twin itself (an export fault gives
// more: it changes every layer, not its last bit); the max is half of the
// uint8 range.
TEST(OnnxruntimeRuntimeTest, Uint8V1TwinAgreesWithinWhatOneStepOfNoiseDoes) {
  if (const std::string why = Unavailable(); !why.empty()) GTEST_SKIP() << why;
  ExpectRawOutputsAgree("zoo:ssd_mobilenet_v1_0.75_uint8", {12, 128, 0.5, 128});
}

TEST(OnnxruntimeRuntimeTest, Uint8V2TwinAgreesWithinWhatOneStepOfNoiseDoes) {
  if (const std::string why = Unavailable(); !why.empty()) GTEST_SKIP() << why;
  ExpectRawOutputsAgree("zoo:ssd_mobilenet_v2_uint8", {12, 128, 0.5, 128});
}

// One layer alone, as a mismatch is located: real v1's first convolution,
// whose 4-D output the export transposes back to NHWC under another ONNX
// name ("<name>_nhwc"); the runtime binds it by that name and reports it by
// TensorFlow Lite's. One requantization: at most one step from the
// reference.
TEST(OnnxruntimeRuntimeTest, OneLayerWithAnImageOutputIsWithinOneStep) {
  if (const std::string why = Unavailable(); !why.empty()) GTEST_SKIP() << why;
  const graph::Graph& model = Model(kRealV1);
  const graph::Op& conv = model.ops[0];
  const graph::Graph layer =
      graph::ExtractSubgraph(model, {0}, {conv.inputs[0]}, {conv.outputs[0]});
  RuntimeOptions options;
  options.backend = "reference";
  auto reference = FindRuntime("edgebench")->open(layer, options);
  options.backend = "cpu";
  auto ort = OpenOnnxruntime(layer, options);
  ASSERT_TRUE(reference.ok()) << reference.status().message();
  ASSERT_TRUE(ort.ok()) << ort.status().message();
  EXPECT_EQ((*ort)->outputs()[0].name, model.tensors[conv.outputs[0]].name);
  for (Runtime* r : {reference->get(), ort->get()}) {
    WritePhoto(*r);
    const Status status = r->Invoke();
    ASSERT_TRUE(status.ok()) << status.message();
  }
  const StepDifference d = Compare((*reference)->output_bytes(0), (*ort)->output_bytes(0));
  EXPECT_LE(d.max, 1);
}

// The detections edgebench's post-processing kernel finds in `raw`.
std::vector<detect::Detection> PostProcess(const std::string& model, const RawOutputs& raw) {
  const SplitModel split = SplitPostProcessing(Model(model));
  EXPECT_TRUE(split.post_processing.has_value());
  if (!split.post_processing) return {};
  auto interpreter = Interpreter::Create(*split.post_processing, {"reference", 1});
  EXPECT_TRUE(interpreter.ok()) << interpreter.status().message();
  if (!interpreter.ok()) return {};
  for (size_t i = 0; i < raw.bytes.size(); ++i) {
    std::memcpy((*interpreter)->input_data(i), raw.bytes[i].data(), raw.bytes[i].size());
  }
  (*interpreter)->Invoke();
  const auto detections = detect::ReadDetections(**interpreter);
  EXPECT_TRUE(detections.ok()) << detections.status().message();
  return detections.ok() ? *detections : std::vector<detect::Detection>{};
}

// Each class scoring above 0.5, with its best score.
std::map<int, float> ClassesAbove(const std::vector<detect::Detection>& detections) {
  std::map<int, float> classes;
  for (const detect::Detection& d : detections) {
    if (d.score > 0.5f) classes[d.class_index] = std::max(classes[d.class_index], d.score);
  }
  return classes;
}

// fruit.jpg through ONNX Runtime's network outputs (those of the tests
// above) and edgebench's post-processing kernel, against the reference's:
// the same classes above 0.5, each best score within `tolerance`.
void ExpectSameDetections(const std::string& model, float tolerance) {
  const auto reference = ClassesAbove(PostProcess(model, NetworkOutputs(model, "reference")));
  const auto ort = ClassesAbove(PostProcess(model, NetworkOutputs(model, "onnxruntime")));
  EXPECT_FALSE(reference.empty());
  ASSERT_EQ(ort.size(), reference.size());
  for (const auto& [label, score] : reference) {
    ASSERT_EQ(ort.count(label), 1u) << "class " << label;
    EXPECT_NEAR(ort.at(label), score, tolerance) << "class " << label;
  }
}

// The real files: apple and banana (and v1's person and dining table, as
// in TensorFlow Lite). Scores are uint8 steps of 1/256 before the
// post-processing's dequantization: v1's are equal, v2's banana is 6 steps
// apart (0.910 / 0.934); the tolerance is 10 steps, well below the raw
// scores' worst case (21 steps on a rare anchor, above).
TEST(OnnxruntimeRuntimeTest, RealModelsFindTheSameObjectsOnThePhoto) {
  if (const std::string why = Unavailable(); !why.empty()) GTEST_SKIP() << why;
  ExpectSameDetections(kRealV1, 10.0f / 256);
  if (!std::filesystem::exists(testing::RealV2Model())) GTEST_SKIP() << "v2 not fetched (setup)";
  ExpectSameDetections(kRealV2, 10.0f / 256);
}

// The float twins' detections mean nothing (synthetic weights) but must be
// the same: their raw outputs agree to 1e-4 of their range. The uint8
// twins' are not compared: their raw outputs differ by what one step of
// input noise does to them (above), which reorders their near-equal scores.
TEST(OnnxruntimeRuntimeTest, FloatTwinsFindTheSameDetectionsOnThePhoto) {
  if (const std::string why = Unavailable(); !why.empty()) GTEST_SKIP() << why;
  ExpectSameDetections("zoo:ssd_mobilenet_v1_0.75_float32", 1e-3f);
  ExpectSameDetections("zoo:ssd_mobilenet_v2_float32", 1e-3f);
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
  if (OnnxruntimeUnavailableReason().starts_with("onnxruntime: not built")) {
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

// The same through $EDGEBENCH_ONNXRUNTIME_LIB, for detect and inspect: the
// message names the variable the path came from.
TEST(OnnxruntimeRuntimeTest, WrongLibraryInTheEnvironmentIsOneLineNamingIt) {
  if (OnnxruntimeUnavailableReason().starts_with("onnxruntime: not built")) {
    GTEST_SKIP() << OnnxruntimeUnavailableReason();
  }
  const std::string path = "/nonexistent/libonnxruntime.so.1";
  for (const std::string command : {"detect", "inspect"}) {
    SCOPED_TRACE(command);
    const auto outcome =
        testing::RunEdgebenchAfter("env EDGEBENCH_ONNXRUNTIME_LIB=" + path,
                                   command + " --runtime onnxruntime ssd_mobilenet_v1_0.75_uint8");
    EXPECT_EQ(outcome.exit_code, 1);
    EXPECT_EQ(outcome.err, "edgebench: error: onnxruntime: cannot load " + path +
                               " (from EDGEBENCH_ONNXRUNTIME_LIB): " + path +
                               ": cannot open shared object file: No such file or directory\n");
  }
}

// A path that is there but is no shared library at all (a text file), and
// one that is a shared library but not ONNX Runtime: one line each, naming
// the path and what is wrong with it; --onnxruntime-lib wins over the
// environment.
TEST(OnnxruntimeRuntimeTest, PathToSomethingElseIsOneLineNamingIt) {
  if (OnnxruntimeUnavailableReason().starts_with("onnxruntime: not built")) {
    GTEST_SKIP() << OnnxruntimeUnavailableReason();
  }
  const std::string text = kSource + "/data/models/coco_labels.txt";
  const auto not_elf = testing::RunEdgebenchAfter(
      "env EDGEBENCH_ONNXRUNTIME_LIB=/nonexistent/libonnxruntime.so.1",
      "detect --runtime onnxruntime ssd_mobilenet_v1_0.75_uint8 --onnxruntime-lib " + text);
  EXPECT_EQ(not_elf.exit_code, 1);
  EXPECT_TRUE(not_elf.err.starts_with("edgebench: error: onnxruntime: cannot load " + text +
                                      " (from --onnxruntime-lib): "))
      << not_elf.err;
  EXPECT_EQ(std::count(not_elf.err.begin(), not_elf.err.end(), '\n'), 1) << not_elf.err;
  const auto not_ort = testing::RunEdgebench(
      "detect --runtime onnxruntime ssd_mobilenet_v1_0.75_uint8 --onnxruntime-lib libm.so.6");
  EXPECT_EQ(not_ort.exit_code, 1);
  EXPECT_EQ(not_ort.err,
            "edgebench: error: onnxruntime: libm.so.6 has no OrtGetApiBase: not an ONNX Runtime "
            "library\n");
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
  if (OnnxruntimeUnavailableReason().starts_with("onnxruntime: not built")) {
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
  if (OnnxruntimeUnavailableReason().starts_with("onnxruntime: not built")) {
    GTEST_SKIP() << OnnxruntimeUnavailableReason();
  }
  ChosenLibrary chosen("libm.so.6");
  EXPECT_EQ(OnnxruntimeUnavailableReason(),
            "onnxruntime: libm.so.6 has no OrtGetApiBase: not an ONNX Runtime library");
}

}  // namespace
}  // namespace edgebench::runtime
