// `edgebench detect ... -o FILE` run as users run it: the real v1 model on
// the benchmark's photo, and the PNG it writes read back.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "detect/draw.h"
#include "image/png_decoder.h"
#include "runtimes/onnxruntime/onnxruntime_runtime.h"
#include "runtimes/registry.h"
#include "support/edgebench_process.h"
#include "support/real_models.h"

namespace edgebench::cli {
namespace {

using ::testing::HasSubstr;

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

CommandResult RunEdgebench(const std::string& arguments) {
  const std::string command = edgebench::testing::EdgebenchCommand() + " " + arguments + " 2>&1";
  CommandResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer;
  size_t got = 0;
  while ((got = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.output.append(buffer.data(), got);
  }
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string TempPath(const std::string& name) {
  return (std::filesystem::path(::testing::TempDir()) / ("eb_detect_command_" + name)).string();
}

TEST(DetectCommandTest, MissingOutputFolderIsOneLineAndExitCode1) {
  const std::string path = TempPath("no_such_folder/out.png");
  const CommandResult result = RunEdgebench("detect ssd_mobilenet_v1_0.75_uint8 -o " + path);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.output, "edgebench: error: " + path + ": cannot write: no folder " +
                               TempPath("no_such_folder") + "\n");
}

// detect, inspect and run share one registry of runtimes and their
// backends, and one message naming the runtime's backends.
TEST(DetectCommandTest, UnknownBackendAndZeroThreadsAreOneLineAndExitCode1) {
  for (const char* command : {"detect", "inspect"}) {
    EXPECT_EQ(
        RunEdgebench(std::string(command) + " --backend tpu ssd_mobilenet_v1_0.75_uint8").output,
        "edgebench: error: runtime edgebench: unknown backend tpu (available: xnnpack, "
        "reference)\n");
    // The engine's default backend is not another runtime's.
    const CommandResult other =
        RunEdgebench(std::string(command) +
                     " --runtime onnxruntime --backend xnnpack ssd_mobilenet_v1_0.75_uint8");
    EXPECT_EQ(other.exit_code, 1);
    // Where ONNX Runtime is missing (the arm64 build), that is the error.
    const std::string missing = runtime::FindRuntime("onnxruntime")->unavailable_reason();
    EXPECT_EQ(other.output,
              "edgebench: error: " +
                  (missing.empty() ? "runtime onnxruntime: unknown backend xnnpack (available: cpu)"
                                   : missing) +
                  "\n");
    const CommandResult zero =
        RunEdgebench(std::string(command) + " --threads 0 ssd_mobilenet_v1_0.75_uint8");
    EXPECT_EQ(zero.exit_code, 1);
    EXPECT_EQ(zero.output, "edgebench: error: --threads 0: must be at least 1\n");
  }
}

// The labels `detect` prints (those scoring 0.5 or more), after checking
// what it says ran the model.
std::set<std::string> DetectedLabels(const std::string& arguments, const std::string& runner) {
  const CommandResult result = RunEdgebench("detect --threads 1 " + arguments);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr(runner)) << result.output;
  std::set<std::string> labels;
  std::istringstream lines(result.output);
  for (std::string line; std::getline(lines, line);) {
    // "  apple            0.801  box y ...": a label, its score, its box.
    std::istringstream words(line);
    std::string label, score, box;
    if (line.starts_with("  ") && words >> label >> score >> box && box == "box") {
      labels.insert(label);
    }
  }
  return labels;
}

// `detect --runtime onnxruntime` on both real files: ONNX Runtime runs the
// network, edgebench's kernel the post-processing (and says so), and the
// labels above 0.5 are the engine's.
TEST(DetectCommandTest, OnnxruntimeFindsTheEnginesLabelsOnBothRealModels) {
  if (const std::string why = runtime::OnnxruntimeUnavailableReason(); !why.empty()) {
    GTEST_SKIP() << "onnxruntime unavailable here (" << why << ")";
  }
  std::vector<std::string> models = {"ssd_mobilenet_v1_0.75_uint8"};
  if (std::filesystem::exists(testing::RealV2Model())) models.push_back("ssd_mobilenet_v2_uint8");
  for (const std::string& model : models) {
    SCOPED_TRACE(model);
    const std::set<std::string> engine = DetectedLabels(model, "(edgebench ");
    EXPECT_TRUE(engine.count("apple")) << "the photo's apple";
    EXPECT_EQ(DetectedLabels("--runtime onnxruntime " + model,
                             "post-processing: TFLite_Detection_PostProcess on edgebench's "
                             "optimized kernel (onnxruntime ran the network only)"),
              engine);
  }
}

TEST(DetectCommandTest, DrawsTheAppleOnTheOriginalPhoto) {
  const std::string path = TempPath("annotated.png");
  std::filesystem::remove(path);
  // At 0.75 only the apple (0.80 in TensorFlow Lite) is drawn, not the
  // banana (0.71).
  const CommandResult result =
      RunEdgebench("detect ssd_mobilenet_v1_0.75_uint8 " EDGEBENCH_SOURCE_DIR
                   "/data/images/fruit.jpg --min-score 0.75 -o " +
                   path);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("wrote " + path));

  auto png = image::DecodePngFile(path, image::DecodeOptions{});
  ASSERT_TRUE(png.ok()) << png.status().message();
  // 3888x2916 decoded at 1/2 (1944x1458), then reduced to a 1600 long side.
  EXPECT_EQ(png->width, 1600);
  EXPECT_EQ(png->height, 1200);

  const detect::Rgb apple = detect::ClassColor(52);
  const detect::Rgb banana = detect::ClassColor(51);
  int apple_pixels = 0, banana_pixels = 0;
  int xmin = png->width, xmax = -1, ymin = png->height, ymax = -1;
  for (int y = 0; y < png->height; ++y) {
    for (int x = 0; x < png->width; ++x) {
      const detect::Rgb p{png->at(x, y, 0), png->at(x, y, 1), png->at(x, y, 2)};
      if (p == banana) ++banana_pixels;
      if (!(p == apple)) continue;
      ++apple_pixels;
      xmin = std::min(xmin, x);
      xmax = std::max(xmax, x);
      ymin = std::min(ymin, y);
      ymax = std::max(ymax, y);
    }
  }
  // The apple in fruit.jpg spans about x 0.66..0.93 and y 0.15..0.55 of the
  // photo; its box (3 pixels wide at this size) and the tag above it are
  // the only pixels of exactly its colour.
  EXPECT_GT(apple_pixels, 4000);
  EXPECT_LT(banana_pixels, 50);  // stray photo pixels only
  EXPECT_GE(xmin, 0.64 * 1600);
  EXPECT_LE(xmax, 0.94 * 1600);
  EXPECT_GE(ymin, 0.10 * 1200);  // the tag, about 30 pixels above the box
  EXPECT_LE(ymax, 0.56 * 1200);
  EXPECT_GE(ymax, 0.50 * 1200);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace edgebench::cli
