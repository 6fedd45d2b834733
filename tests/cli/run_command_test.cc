// Runs the real edgebench binary: what a user types, what a user sees.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "graph/graph_builder.h"
#include "runtimes/registry.h"
#include "support/edgebench_process.h"
#include "support/temp_folder.h"
#include "tflite/writer.h"

namespace edgebench::cli {
namespace {

using edgebench::testing::ReadText;

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

using edgebench::testing::Outcome;

std::string TempPath(const std::string& name) {
  return (fs::temp_directory_path() / ("edgebench_run_test_" + name)).string();
}

// `edgebench run ARGS`; --no-save: tests never write into the user's
// results database.
Outcome RunEdgebench(const std::string& args) {
  return edgebench::testing::RunEdgebench("run --no-save " + args);
}

std::string Source(const std::string& relative) {
  return std::string(EDGEBENCH_SOURCE_DIR) + "/" + relative;
}

constexpr char kV1[] = "--model ssd_mobilenet_v1_0.75_uint8";

// A failure: non-zero exit, nothing on stdout, exactly one line on stderr
// containing every one of `expected`.
void ExpectOneLineError(const Outcome& outcome, const std::vector<std::string>& expected) {
  EXPECT_NE(outcome.exit_code, 0);
  EXPECT_EQ(outcome.out, "");
  ASSERT_FALSE(outcome.err.empty());
  EXPECT_EQ(outcome.err.find('\n'), outcome.err.size() - 1) << outcome.err;
  EXPECT_THAT(outcome.err, HasSubstr("error"));
  for (const std::string& text : expected) EXPECT_THAT(outcome.err, HasSubstr(text));
}

TEST(RunCommandTest, ShortRealRunWritesJsonAndFindsTheApple) {
  const std::string json_path = TempPath("short.json");
  fs::remove(json_path);
  // --warmup 0 keeps the test to three inferences; the schema test
  // (bench.ResultRecordTest) runs the default warm-up.
  const Outcome outcome =
      RunEdgebench(std::string(kV1) + " --runs 3 --warmup 0 --json " + json_path);
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  // Not a terminal: plain log lines, never the redrawn bar.
  EXPECT_THAT(outcome.err, HasSubstr("3/3 runs (100%)"));
  EXPECT_EQ(outcome.err.find('\r'), std::string::npos);
  // The table row and the detections on stdout.
  EXPECT_THAT(outcome.out, HasSubstr("ssd_mobilenet_v1_0.75_uint8      3"));
  EXPECT_THAT(outcome.out, HasSubstr("apple"));
  EXPECT_THAT(outcome.out, HasSubstr("banana"));

  const auto document = nlohmann::json::parse(ReadText(json_path));
  fs::remove(json_path);
  ASSERT_EQ(document["results"].size(), 1u);
  const auto& record = document["results"][0];
  EXPECT_EQ(record["samples"]["count"], 3);
  EXPECT_EQ(record["samples"]["values_ms"].size(), 3u);
  EXPECT_EQ(record["summary"]["count"], 3);
  EXPECT_EQ(record["settings"]["runs"], 3);
  bool apple = false;
  for (const auto& d : record["detections"]) {
    // COCO "apple" is id 53, 52 as the model outputs it; TFLite scores it 0.80.
    if (d["label"] == "apple" && d["class_index"] == 52 && d["score"].get<double>() > 0.75) {
      apple = true;
    }
  }
  EXPECT_TRUE(apple) << record["detections"].dump();
  // The mean of the recorded samples is the summary's mean.
  double sum = 0;
  for (const auto& v : record["samples"]["values_ms"]) sum += v.get<double>();
  EXPECT_NEAR(record["summary"]["mean_ms"].get<double>(), sum / 3, 1e-9);
  EXPECT_THAT(record["warnings"].dump(), HasSubstr("no warm-up"));
}

TEST(RunCommandTest, QuietDoesNotSilenceErrors) {
  const Outcome outcome = RunEdgebench("--runs 0 --quiet");
  EXPECT_NE(outcome.exit_code, 0);
  EXPECT_THAT(outcome.err, HasSubstr("--runs 0"));
}

TEST(RunCommandTest, MissingModelFileFailsBeforeTheFirstModelRuns) {
  ExpectOneLineError(RunEdgebench(std::string(kV1) + " --model /nonexistent/model.tflite --runs 1"),
                     {"/nonexistent/model.tflite", "no such file"});
}

TEST(RunCommandTest, MissingImage) {
  ExpectOneLineError(RunEdgebench(std::string(kV1) + " --image /nonexistent/photo.jpg --runs 1"),
                     {"/nonexistent/photo.jpg"});
}

TEST(RunCommandTest, NonImageFile) {
  const std::string readme = Source("README.md");
  ExpectOneLineError(RunEdgebench(std::string(kV1) + " --image " + readme + " --runs 1"),
                     {readme, "not a JPEG or PNG image"});
}

TEST(RunCommandTest, TruncatedJpeg) {
  const std::string whole = ReadText(Source("data/images/fruit.jpg"));
  const std::string path = TempPath("truncated.jpg");
  std::ofstream(path, std::ios::binary) << whole.substr(0, whole.size() / 2);
  const Outcome outcome = RunEdgebench(std::string(kV1) + " --image " + path + " --runs 1");
  fs::remove(path);
  ExpectOneLineError(outcome, {path, "invalid JPEG"});
}

void AppendU32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
}

void AppendChunk(std::string& out, const std::string& type, const std::string& data) {
  AppendU32(out, static_cast<uint32_t>(data.size()));
  const std::string typed = type + data;
  out += typed;
  AppendU32(out, static_cast<uint32_t>(
                     crc32(0, reinterpret_cast<const Bytef*>(typed.data()), typed.size())));
}

TEST(RunCommandTest, PngBomb) {
  // A valid PNG header declaring 100000 x 100000 8-bit RGB: 30 GB of pixels.
  std::string png = "\x89PNG\r\n\x1a\n";
  std::string ihdr;
  AppendU32(ihdr, 100000);
  AppendU32(ihdr, 100000);
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);
  AppendChunk(png, "IHDR", ihdr);
  AppendChunk(png, "IDAT", "");
  AppendChunk(png, "IEND", "");
  const std::string path = TempPath("bomb.png");
  std::ofstream(path, std::ios::binary) << png;
  const Outcome outcome = RunEdgebench(std::string(kV1) + " --image " + path + " --runs 1");
  fs::remove(path);
  ExpectOneLineError(outcome, {path, "100000x100000"});
}

TEST(RunCommandTest, ZeroRuns) {
  ExpectOneLineError(RunEdgebench(std::string(kV1) + " --runs 0"), {"--runs 0"});
}

TEST(RunCommandTest, ZeroThreads) {
  ExpectOneLineError(RunEdgebench(std::string(kV1) + " --threads 0"), {"--threads 0"});
}

TEST(RunCommandTest, RunsBeyondWhatMemoryHoldsAreRefused) {
  // Before: std::length_error reserving the samples, exit 134.
  ExpectOneLineError(RunEdgebench(std::string(kV1) + " --runs 99999999999"),
                     {"--runs 99999999999: at most 100000000"});
  ExpectOneLineError(RunEdgebench(std::string(kV1) + " --warmup 99999999999"),
                     {"--warmup 99999999999: at most 100000000"});
}

TEST(RunCommandTest, ThreadsFarAboveTheCoresAreRefused) {
  // 257 is above the cap on any machine (4 per core, at most 256).
  ExpectOneLineError(RunEdgebench(std::string(kV1) + " --runs 1 --threads 257"),
                     {"--threads 257: more than"});
}

TEST(RunCommandTest, NonFiniteNumbersAreRefused) {
  for (const std::string flag : {"--min-seconds inf", "--max-seconds nan", "--price nan",
                                 "--cooldown-seconds inf", "--cooldown-temp nan"}) {
    ExpectOneLineError(RunEdgebench(std::string(kV1) + " --runs 1 " + flag),
                       {flag + ": not a finite number"});
  }
  const Outcome detect =
      edgebench::testing::RunEdgebench("detect ssd_mobilenet_v1_0.75_uint8 --min-score nan");
  ExpectOneLineError(detect, {"--min-score nan: not a finite number"});
}

TEST(RunCommandTest, UnknownBackendListsTheAvailableOnes) {
  ExpectOneLineError(RunEdgebench(std::string(kV1) + " --backend nonsense"),
                     {"nonsense", "reference"});
}

TEST(RunCommandTest, UnknownRuntimeListsTheKnownOnes) {
  ExpectOneLineError(RunEdgebench(std::string(kV1) + " --runtime tensorflow"),
                     {"--runtime tensorflow: unknown runtime", "edgebench"});
}

// Side by side: an unknown name anywhere in the list, or one listed twice,
// fails before anything runs.
TEST(RunCommandTest, UnknownRuntimeInAListIsOneLine) {
  ExpectOneLineError(
      RunEdgebench(std::string(kV1) + " --runtime edgebench,tensorflow --runs 1"),
      {"--runtime edgebench,tensorflow: unknown runtime \"tensorflow\"", "edgebench", "or all"});
  ExpectOneLineError(RunEdgebench(std::string(kV1) + " --runtime edgebench,edgebench --runs 1"),
                     {"edgebench is listed twice"});
}

// --runtime all where ONNX Runtime and the plugins cannot load: a one-line
// note for each says why it is left out, the engine still runs, exit 0.
TEST(RunCommandTest, RuntimeAllSkipsAnUnavailableRuntime) {
  const std::string json_path = TempPath("all.json");
  fs::remove(json_path);
  // No plugin folder either: Arm NN's CpuRef (seconds per inference) and
  // OpenCV are left out too, which keeps this test short.
  const Outcome outcome = edgebench::testing::RunEdgebenchAfter(
      "EDGEBENCH_PLUGIN_DIR=/nonexistent",
      "run --no-save --quiet --runtime all --runs 2 --threads 1 " + std::string(kV1) +
          " --onnxruntime-lib /nonexistent/libonnxruntime.so.1 --json " + json_path);
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  // Where this edgebench cannot run ONNX Runtime at all (the arm64 build,
  // without ONNX export), that is why it is skipped.
  const std::string why_missing = runtime::FindRuntime("onnxruntime")
                                          ->unavailable_reason()
                                          .starts_with("onnxruntime: not built")
                                      ? "onnxruntime: not built"
                                      : "onnxruntime: cannot load /nonexistent/libonnxruntime.so.1";
  EXPECT_THAT(outcome.err, HasSubstr("edgebench: note: --runtime all skips " + why_missing));
  const auto results = nlohmann::json::parse(ReadText(json_path))["results"];
  ASSERT_GE(results.size(), 1u);
  EXPECT_EQ(results[0]["runtime"]["name"], "edgebench");
  EXPECT_THAT(outcome.err, HasSubstr("edgebench: note: --runtime all skips armnn: "));
  ASSERT_EQ(results.size(), 1u);
  EXPECT_THAT(outcome.out, HasSubstr("apple"));
  fs::remove(json_path);
  // Named in a list, the missing runtime is the error, before anything runs.
  ExpectOneLineError(
      RunEdgebench(std::string(kV1) + " --runtime edgebench,onnxruntime --runs 1 "
                                      "--onnxruntime-lib /nonexistent/libonnxruntime.so.1"),
      {why_missing});
}

// Two runtimes side by side (ONNX Runtime where scripts/setup.sh fetched
// it): a record each, the header names both with their versions, and the
// side-by-side table gives the speed-up against the first.
TEST(RunCommandTest, SideBySideTableAgainstTheFirstRuntime) {
  if (const std::string reason = runtime::FindRuntime("onnxruntime")->unavailable_reason();
      !reason.empty()) {
    GTEST_SKIP() << "onnxruntime unavailable here (" << reason << ")";
  }
  const std::string json_path = TempPath("side.json");
  fs::remove(json_path);
  const Outcome outcome = RunEdgebench(std::string(kV1) +
                                       " --runtime edgebench,onnxruntime --runs 3 --threads 1 "
                                       "--quiet --json " +
                                       json_path);
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const auto results = nlohmann::json::parse(ReadText(json_path))["results"];
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0]["runtime"]["name"], "edgebench");
  EXPECT_EQ(results[1]["runtime"]["name"], "onnxruntime");
  const std::string version = results[1]["runtime"]["version"];
  EXPECT_THAT(outcome.out, HasSubstr("runtimes edgebench "));
  EXPECT_THAT(outcome.out, HasSubstr("onnxruntime " + version + " (backend cpu"));
  EXPECT_THAT(outcome.out, HasSubstr("side by side, interleaved in 10 rounds"));
  EXPECT_THAT(outcome.out, HasSubstr("1.00x"));
  EXPECT_THAT(outcome.out, HasSubstr("ssd_mobilenet_v1_0.75_uint8 on onnxruntime"));
  // Both find the apple; ONNX Runtime's scores agree within the tolerance.
  EXPECT_THAT(outcome.out, Not(HasSubstr("detections differ")));
  fs::remove(json_path);
}

// Side by side, a runtime that cannot open a model (OpenCV 4.6 cannot
// import the quantized export) is left out of it with a note; the rest run.
TEST(RunCommandTest, RuntimeThatCannotOpenTheModelIsLeftOut) {
  if (const std::string reason = runtime::FindRuntime("opencv")->unavailable_reason();
      !reason.empty()) {
    GTEST_SKIP() << "opencv unavailable here (" << reason << ")";
  }
  const std::string json_path = TempPath("left_out.json");
  fs::remove(json_path);
  const Outcome outcome = RunEdgebench(std::string(kV1) +
                                       " --runtime edgebench,opencv --runs 1 --threads 1 --quiet "
                                       "--json " +
                                       json_path);
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.err,
              HasSubstr("edgebench: note: ssd_mobilenet_v1_0.75_uint8 on opencv left out: "));
  const auto results = nlohmann::json::parse(ReadText(json_path))["results"];
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0]["runtime"]["name"], "edgebench");
  fs::remove(json_path);
}

TEST(RunCommandTest, UnknownPostProcessingPlace) {
  ExpectOneLineError(RunEdgebench(std::string(kV1) + " --post-processing gpu"),
                     {"--post-processing gpu", "runtime or edgebench"});
}

// The record says what ran the model and where the post-processing ran;
// run apart, the network alone is timed as well.
TEST(RunCommandTest, RecordSaysWhichRuntimeRanWhat) {
  const std::string json_path = TempPath("runtime.json");
  fs::remove(json_path);
  const Outcome outcome = RunEdgebench(std::string(kV1) +
                                       " --runtime edgebench --post-processing edgebench --runs 2 "
                                       "--threads 1 --quiet --json " +
                                       json_path);
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const auto record = nlohmann::json::parse(ReadText(json_path))["results"][0];
  EXPECT_EQ(record["runtime"]["name"], "edgebench");
  EXPECT_FALSE(record["runtime"]["version"].get<std::string>().empty());
  EXPECT_EQ(record["post_processing"]["by"], "edgebench");
  EXPECT_EQ(record["post_processing"]["kernel"], "optimized");
  EXPECT_EQ(record["network_only_summary"]["count"], 2);
  EXPECT_EQ(record["summary"]["count"], 2);
  EXPECT_THAT(outcome.out, HasSubstr("apple"));
  fs::remove(json_path);
}

TEST(RunCommandTest, UnknownResizeMethod) {
  ExpectOneLineError(RunEdgebench(std::string(kV1) + " --resize cubic"), {"--resize cubic"});
}

TEST(RunCommandTest, JsonIntoAMissingFolderFailsBeforeRunning) {
  ExpectOneLineError(RunEdgebench(std::string(kV1) + " --json /nonexistent/dir/out.json"),
                     {"/nonexistent/dir"});
}

TEST(RunCommandTest, ModelWhoseInputIsNotAnImage) {
  // [1,10] float -> FULLY_CONNECTED -> [1,4]: a valid model, not an image model.
  graph::GraphBuilder b;
  const int input = b.AddTensor("features", graph::DataType::kFloat32, {1, 10});
  const int weights =
      b.AddConstant("weights", graph::DataType::kFloat32, {4, 10}, std::vector<float>(40, 0.5f));
  const int bias =
      b.AddConstant("bias", graph::DataType::kFloat32, {4}, std::vector<float>(4, 0.0f));
  const int output = b.AddTensor("scores", graph::DataType::kFloat32, {1, 4});
  b.AddOp(graph::OpType::kFullyConnected, {input, weights, bias}, {output},
          graph::FullyConnectedOptions{});
  b.SetInputs({input});
  b.SetOutputs({output});
  const std::string path = TempPath("not_an_image.tflite");
  ASSERT_TRUE(tflite::WriteModelFile(std::move(b).Build(), path, "test").ok());
  const Outcome outcome = RunEdgebench("--model " + path + " --runs 1");
  fs::remove(path);
  ExpectOneLineError(outcome, {"\"features\"", "[1,10]", "not an image"});
}

TEST(RunCommandTest, ProfileTimesEveryOpOfTheRealModel) {
  const std::string json_path = TempPath("profile.json");
  fs::remove(json_path);
  const Outcome outcome = RunEdgebench(std::string(kV1) +
                                       " --runs 2 --warmup 0 --threads 1 --profile 3 --quiet "
                                       "--json " +
                                       json_path);
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("profile of ssd_mobilenet_v1_0.75_uint8"));
  EXPECT_THAT(outcome.out, HasSubstr("by op type:"));
  const auto record = nlohmann::json::parse(ReadText(json_path))["results"][0];
  fs::remove(json_path);
  const auto& profile = record["profile"];
  EXPECT_EQ(profile["runs"], 3);
  const auto& ops = profile["ops"];
  ASSERT_EQ(ops.size(), 64u);  // the file's op count: each op timed alone
  double share = 0, previous_ms = 1e300;
  int64_t macs = 0;
  for (const auto& op : ops) {
    const double ms = op["mean_ms"];
    EXPECT_LE(ms, previous_ms) << "rows are not sorted slowest first";
    previous_ms = ms;
    share += op["share"].get<double>();
    macs += op["macs"].get<int64_t>();
    EXPECT_EQ(op["first_op"], op["last_op"]);
    const std::string name = op["name"];
    const std::string backend = op["backend"];
    if (name == "CONCATENATION" || name == "TFLite_Detection_PostProcess") {
      EXPECT_EQ(backend, "optimized") << name;
    } else {
      // 1x1 convs at one thread run on the 8-bit kernels where this CPU's
      // best variant replaces XNNPACK (backends/int8/int8_kernels.h).
      EXPECT_TRUE(backend == "xnnpack" || (name == "CONV_2D" && backend == "int8"))
          << name << " on " << backend;
    }
    if (op["macs"].get<int64_t>() > 0 && ms > 0) {
      EXPECT_NEAR(op["gflops"].get<double>(), 2.0 * op["macs"].get<double>() / (ms * 1e6),
                  1e-9 * op["gflops"].get<double>());
    }
  }
  EXPECT_NEAR(share, 1.0, 1e-9);
  EXPECT_EQ(macs, record["model"]["macs"].get<int64_t>());
  EXPECT_FALSE(profile["by_type"].empty());
}

TEST(RunCommandTest, ProfileOfZeroRunsIsRefused) {
  ExpectOneLineError(RunEdgebench(std::string(kV1) + " --profile 0"), {"--profile 0"});
}

}  // namespace
}  // namespace edgebench::cli
