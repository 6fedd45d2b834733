// The armnn runtime (src/runtimes/armnn, a plugin) as `run` opens it, from
// the registry: its backends, the backend asked for or refused, the raw box
// and class tensors of the real v1 detector on the photo against edgebench's
// reference interpreter, the detections edgebench's post-processing then
// finds, and, through the real binary, one line when the plugin or Arm NN's
// backends are missing.
//
// Arm NN's CpuRef takes about 14 s per inference of a real detector on x86,
// so the whole file runs ONE (the real v1 on the photo, network only),
// cached per process and read by the agreement and the detection tests.
// Without Arm NN (plugin not built) those tests skip; the unavailability
// test runs everywhere.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "detect/detections.h"
#include "detect/labels.h"
#include "image/tensor_input.h"
#include "runtime/interpreter.h"
#include "runtime/post_processing_split.h"
#include "runtimes/registry.h"
#include "support/edgebench_process.h"
#include "support/engine_comparison.h"
#include "support/real_models.h"
#include "support/temp_folder.h"
#include "tflite/reader.h"

namespace edgebench::testing {
namespace {

using ::testing::HasSubstr;

const runtime::RuntimeEntry& Armnn() {
  const runtime::RuntimeEntry* entry = runtime::FindRuntime("armnn");
  if (entry == nullptr) throw std::runtime_error("no armnn in the registry");
  return *entry;
}

std::vector<std::string> Names(const std::vector<runtime::BackendInfo>& backends) {
  std::vector<std::string> names;
  for (const runtime::BackendInfo& b : backends) names.push_back(b.name);
  return names;
}

class ArmnnRuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string reason = Armnn().unavailable_reason();
    if (!reason.empty()) GTEST_SKIP() << reason;
  }
};

// The real v1 model and its split at the post-processing.
struct RealV1 {
  graph::Graph model;
  runtime::SplitModel split;
  std::vector<uint8_t> photo;  // the input tensor's bytes
};

const RealV1& LoadRealV1() {
  static const RealV1 loaded = [] {
    RealV1 v1;
    v1.model = tflite::ReadModelFile(RealV1Model().string()).value();
    v1.split = runtime::SplitPostProcessing(v1.model);
    const graph::Tensor& input = v1.model.tensors[v1.model.inputs[0]];
    const image::Image photo = PhotoImage(input.shape[2], input.shape[1]).value();
    v1.photo = image::ImageToInputTensor(photo, input).value();
    return v1;
  }();
  return loaded;
}

runtime::RuntimeOptions NetworkOnCpuRef() {
  runtime::RuntimeOptions options;
  options.backend = "CpuRef";
  options.network_only = true;  // as the registry's entry makes `run` open it
  return options;
}

std::vector<EngineOutput> Outputs(const runtime::Runtime& runtime) {
  std::vector<EngineOutput> outputs;
  for (size_t i = 0; i < runtime.outputs().size(); ++i) {
    const runtime::TensorInfo& t = runtime.outputs()[i];
    const auto bytes = runtime.output_bytes(i);
    outputs.push_back({t.name, t.type, t.shape, {bytes.begin(), bytes.end()}});
  }
  return outputs;
}

// The one Arm NN inference of this file: the real v1 network on the photo.
const std::vector<EngineOutput>& ArmnnRawOutputs() {
  static const std::vector<EngineOutput> outputs = [] {
    const RealV1& v1 = LoadRealV1();
    auto runtime = Armnn().open(v1.model, NetworkOnCpuRef()).value();
    std::memcpy(runtime->input_bytes(0).data(), v1.photo.data(), v1.photo.size());
    const Status status = runtime->Invoke();
    if (!status.ok()) throw std::runtime_error(status.message());
    return Outputs(*runtime);
  }();
  return outputs;
}

// The reference interpreter on the same network and input, run once too.
const std::vector<EngineOutput>& ReferenceRawOutputs() {
  static const std::vector<EngineOutput> outputs = [] {
    const RealV1& v1 = LoadRealV1();
    auto interpreter = runtime::Interpreter::Create(v1.split.network).value();
    std::memcpy(interpreter->input_data(0), v1.photo.data(), v1.photo.size());
    interpreter->Invoke();
    std::vector<EngineOutput> raw;
    for (size_t i = 0; i < interpreter->output_count(); ++i) {
      const graph::Tensor& t = interpreter->output_tensor(i);
      const uint8_t* data = interpreter->output_data(i);
      raw.push_back({t.name, t.type, t.shape, {data, data + t.byte_size()}});
    }
    return raw;
  }();
  return outputs;
}

// edgebench's post-processing kernel on `raw` (box encodings, class scores).
std::vector<detect::Detection> PostProcess(const std::vector<EngineOutput>& raw) {
  auto interpreter = runtime::Interpreter::Create(*LoadRealV1().split.post_processing).value();
  for (size_t i = 0; i < raw.size(); ++i) {
    std::memcpy(interpreter->input_data(i), raw[i].bytes.data(), raw[i].bytes.size());
  }
  interpreter->Invoke();
  return detect::ReadDetections(*interpreter).value();
}

TEST_F(ArmnnRuntimeTest, BackendsAreWhatArmnnRegistersCpuRefLast) {
  const std::vector<runtime::BackendInfo> backends = Armnn().backends();
  ASSERT_FALSE(backends.empty());
  EXPECT_EQ(backends.back().name, "CpuRef");
  EXPECT_EQ(backends.back().max_threads, 1);
#if defined(__x86_64__)
  // Debian ships the CpuAcc backend (NEON) for Arm only.
  EXPECT_THAT(Names(backends), ::testing::ElementsAre("CpuRef"));
#endif
  // Asked of the loaded libarmnn.so.N.M: 22.0 is Arm NN 20.08.
  EXPECT_THAT(Armnn().version(), ::testing::MatchesRegex("[0-9]+\\.[0-9]+"));
  EXPECT_FALSE(Armnn().runs_post_processing) << "Arm NN's post-processing has known faults";
}

TEST_F(ArmnnRuntimeTest, OpensOnTheBackendAskedForAndRefusesAnUnknownOne) {
  const RealV1& v1 = LoadRealV1();
  auto opened = Armnn().open(v1.model, NetworkOnCpuRef());
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  const runtime::Runtime& runtime = **opened;
  EXPECT_EQ(runtime.name(), "armnn");
  EXPECT_EQ(runtime.backend(), "CpuRef");
  EXPECT_EQ(runtime.threads(), 1);
  EXPECT_FALSE(runtime.runs_post_processing());
  ASSERT_EQ(runtime.outputs().size(), 2u);  // box encodings, class scores

  runtime::RuntimeOptions gpu = NetworkOnCpuRef();
  gpu.backend = "GpuAcc";
  std::string known;
  for (const std::string& name : Names(Armnn().backends())) {
    known += (known.empty() ? "" : ", ") + name;
  }
  EXPECT_EQ(Armnn().open(v1.model, gpu).status().message(),
            "armnn: no backend 'GpuAcc' (known: " + known + ")");
}

// Bounds: kEndToEndMeanQuantizedDiff (support/engine_comparison.h).
TEST_F(ArmnnRuntimeTest, RawBoxAndClassTensorsAgreeWithTheReference) {
  const std::vector<EngineOutput>& theirs = ArmnnRawOutputs();
  const std::vector<EngineOutput>& ours = ReferenceRawOutputs();
  ASSERT_EQ(ours.size(), theirs.size());
  for (size_t i = 0; i < ours.size(); ++i) {
    EXPECT_EQ(ours[i].type, theirs[i].type);
    EXPECT_EQ(ours[i].shape, theirs[i].shape);
    ExpectEndToEndClose("armnn CpuRef real_v1/photo", ours[i], theirs[i], true);
  }
}

// The post-processing on edgebench's kernel, from Arm NN's raw outputs and
// from the reference's: the same objects above 0.5, each score apart by at
// most the largest raw class-score difference (a maximum moves by at most
// the largest element-wise change), plus one quantization step.
TEST_F(ArmnnRuntimeTest, DetectionsOnThePhotoAreTheReferences) {
  const std::vector<EngineOutput>& theirs = ArmnnRawOutputs();
  const std::vector<EngineOutput>& ours = ReferenceRawOutputs();
  const std::vector<double> a = AsDoubles(ours[1]), b = AsDoubles(theirs[1]);
  double max_steps = 0;
  for (size_t i = 0; i < a.size(); ++i) max_steps = std::max(max_steps, std::fabs(a[i] - b[i]));
  const graph::Graph& network = LoadRealV1().split.network;
  const graph::Tensor& scores = network.tensors[network.outputs[1]];
  ASSERT_EQ(scores.quantization.scale.size(), 1u);
  const double tolerance = (max_steps + 1) * scores.quantization.scale[0];

  const auto labels =
      detect::LabelMap::ReadFile(std::string(EDGEBENCH_SOURCE_DIR) + "/data/models/coco_labels.txt")
          .value();
  std::map<std::string, float> armnn, reference;
  for (const detect::Detection& d : PostProcess(theirs)) {
    if (d.score > 0.5f - tolerance) armnn.emplace(labels.Name(d.class_index), d.score);
  }
  for (const detect::Detection& d : PostProcess(ours)) {
    if (d.score > 0.5f - tolerance) reference.emplace(labels.Name(d.class_index), d.score);
  }
  for (const auto& [label, score] : reference) {
    std::printf("[ armnn    ] %s: reference %.3f, Arm NN %.3f (tolerance %.3f)\n", label.c_str(),
                score, armnn.count(label) ? armnn.at(label) : 0.0f, tolerance);
  }
  EXPECT_GT(armnn["apple"], 0.5f);
  EXPECT_GT(armnn["banana"], 0.5f);
  for (const auto& [label, score] : reference) {
    if (score <= 0.5f + tolerance) continue;  // near the threshold either side may miss it
    ASSERT_TRUE(armnn.count(label)) << label << " " << score << " is missing on Arm NN";
    EXPECT_NEAR(armnn.at(label), score, tolerance) << label;
  }
  for (const auto& [label, score] : armnn) {
    if (score > 0.5f + tolerance) {
      EXPECT_TRUE(reference.count(label)) << label << " only on Arm NN";
    }
  }
}

// Runs everywhere, with or without Arm NN: the plugin folder pinned to an
// empty one.
class ArmnnUnavailableTest : public TempFolderTest {};

TEST_F(ArmnnUnavailableTest, MissingPluginIsOneLineNamingWhatWasLookedFor) {
  const Outcome outcome =
      RunEdgebenchAfter("EDGEBENCH_PLUGIN_DIR=" + dir_.string(),
                        "run --runtime armnn --backend CpuRef --runs 1 --no-save --quiet");
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.out, "");
  // From the CLI's checks or the benchmark library's, whichever looks first.
  EXPECT_THAT(outcome.err, HasSubstr("runtime armnn: not available: armnn: plugin not built or not "
                                     "installed: looked for " +
                                     Path("libedgebench-runtime-armnn.so") + "\n"));
  EXPECT_EQ(outcome.err.find("edgebench: error: "), 0u);
  EXPECT_EQ(std::count(outcome.err.begin(), outcome.err.end(), '\n'), 1);
}

TEST_F(ArmnnRuntimeTest, UnknownBackendOnTheCommandLineIsRefusedBeforeAnyRun) {
  const Outcome outcome = RunEdgebench("run --runtime armnn --backend GpuAcc --no-save --quiet");
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(outcome.err, HasSubstr("unknown backend"));
  EXPECT_THAT(outcome.err, HasSubstr("GpuAcc"));
  EXPECT_THAT(outcome.err, HasSubstr("CpuRef)\n"));
  EXPECT_EQ(std::count(outcome.err.begin(), outcome.err.end(), '\n'), 1);
}

// Arm NN without any backend package: the plugin loads, the runtime is
// still unavailable, on one line.
TEST_F(ArmnnRuntimeTest, WithoutItsBackendsArmnnIsUnavailable) {
  const std::filesystem::path empty = std::filesystem::temp_directory_path() /
                                      ("edgebench_armnn_no_backends_" + std::to_string(getpid()));
  std::filesystem::create_directories(empty);
  const Outcome outcome = RunEdgebenchAfter("EDGEBENCH_ARMNN_BACKEND_DIR=" + empty.string(),
                                            "run --runtime armnn --no-save --quiet");
  std::filesystem::remove_all(empty);
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(outcome.err, HasSubstr("libedgebench-runtime-armnn.so loads, but the runtime has no "
                                     "backend on this machine\n"));
  EXPECT_EQ(std::count(outcome.err.begin(), outcome.err.end(), '\n'), 1);
}

}  // namespace
}  // namespace edgebench::testing
