// `edgebench inspect --runtime onnxruntime` as a user runs it: the
// runtime's own inputs and outputs, and who runs the post-processing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "runtimes/onnxruntime/onnxruntime_runtime.h"
#include "support/edgebench_process.h"

namespace edgebench::cli {
namespace {

using ::testing::HasSubstr;

TEST(InspectCommandTest, OnnxruntimeShowsTheNetworksOutputsAndWhoRunsThePostProcessing) {
  if (const std::string why = runtime::OnnxruntimeUnavailableReason(); !why.empty()) {
    GTEST_SKIP() << "onnxruntime unavailable here (" << why << ")";
  }
  const testing::Outcome outcome = testing::RunEdgebench(
      "inspect --runtime onnxruntime --threads 1 ssd_mobilenet_v1_0.75_uint8");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("runtime    onnxruntime " + runtime::OnnxruntimeVersion() +
                                     ", backend cpu"));
  // The raw outputs, as ONNX Runtime's session has them.
  EXPECT_THAT(outcome.out,
              HasSubstr("outputs    0  Squeeze  UINT8 [1,1917,4]  scale 0.0802416 zero_point 185\n"
                        "           1  convert_scores  UINT8 [1,1917,91]  scale 0.00390625 "
                        "zero_point 0\n"));
  EXPECT_THAT(outcome.out, HasSubstr("post-proc. onnxruntime has no TFLite_Detection_PostProcess: "
                                     "edgebench's kernel runs it on these outputs"));
  EXPECT_THAT(outcome.out, HasSubstr("  TFLite_Detection_PostProcess  "));
  EXPECT_THAT(outcome.out, ::testing::Not(HasSubstr("arena")));
}

}  // namespace
}  // namespace edgebench::cli
