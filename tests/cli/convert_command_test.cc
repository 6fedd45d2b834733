// `edgebench convert`, run as a user runs it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "onnx/onnx_export.h"
#include "support/edgebench_process.h"
#include "support/real_models.h"
#include "support/temp_folder.h"

namespace edgebench::testing {
namespace {

using ::testing::HasSubstr;
using ConvertCommand = TempFolderTest;

std::string Quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

TEST_F(ConvertCommand, WritesTheRealV1ModelAsOnnx) {
  if (!onnx::OnnxExportAvailable()) GTEST_SKIP() << "built without ONNX export";
  const auto out = dir_ / "v1.onnx";
  const Outcome outcome =
      RunEdgebench("convert ssd_mobilenet_v1_0.75_uint8 --to onnx -o " + Quoted(out));
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("ONNX opset 13"));
  EXPECT_THAT(outcome.out,
              HasSubstr("input    normalized_input_image_tensor  UINT8 [1,300,300,3]"));
  EXPECT_THAT(outcome.out, HasSubstr("UINT8 [1,1917,4]"));
  EXPECT_THAT(outcome.out, HasSubstr("UINT8 [1,1917,91]"));
  EXPECT_THAT(outcome.out, HasSubstr("left out TFLite_Detection_PostProcess"));
  EXPECT_GT(std::filesystem::file_size(out), 4'000'000u);  // the weights are in it
}

TEST_F(ConvertCommand, NeverOverwritesTheModelItReads) {
  if (!onnx::OnnxExportAvailable()) GTEST_SKIP() << "built without ONNX export";
  const auto model = dir_ / "model.tflite";
  std::filesystem::copy_file(RealV1Model(), model);
  const Outcome outcome = RunEdgebench("convert " + Quoted(model) + " --to onnx -o " +
                                       Quoted(dir_ / "." / "model.tflite"));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(outcome.err, HasSubstr("cannot write: it is the input"));
  EXPECT_EQ(ReadBytes(model), ReadBytes(RealV1Model()));
}

TEST_F(ConvertCommand, SaysWhenThisBuildHasNoOnnxExport) {
  if (onnx::OnnxExportAvailable()) GTEST_SKIP() << "this build has ONNX export";
  const Outcome outcome =
      RunEdgebench("convert ssd_mobilenet_v1_0.75_uint8 --to onnx -o " + Quoted(dir_ / "v1.onnx"));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(outcome.err, HasSubstr("this edgebench was built without ONNX export"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "v1.onnx"));
}

TEST_F(ConvertCommand, RequiresAnOutputAndAKnownFormat) {
  EXPECT_NE(RunEdgebench("convert ssd_mobilenet_v1_0.75_uint8 --to onnx").exit_code, 0);
  const Outcome unknown =
      RunEdgebench("convert ssd_mobilenet_v1_0.75_uint8 --to caffe -o " + Quoted(dir_ / "x"));
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_EQ(unknown.err, "edgebench: error: --to caffe: expected onnx\n");
}

TEST_F(ConvertCommand, HelpExplainsWhatIsExported) {
  const Outcome outcome = RunEdgebench("convert --help");
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_THAT(outcome.out, HasSubstr("TFLite_Detection_PostProcess"));
  EXPECT_THAT(outcome.out, HasSubstr("QDQ"));
  EXPECT_THAT(outcome.out, HasSubstr("--to onnx -o"));
}

}  // namespace
}  // namespace edgebench::testing
