// `edgebench run` says, after the warm-up and before the timed runs, how
// long they will take (bench::DescribePlan; the plan and the shortened
// default are tested in bench/run_plan_test).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/edgebench_process.h"

namespace edgebench::testing {
namespace {

using ::testing::ContainsRegex;

TEST(RunPlanOutputTest, SaysHowLongTheTimedRunsWillTakeBeforeThem) {
  const Outcome outcome =
      RunEdgebench("run --no-save --model ssd_mobilenet_v1_0.75_uint8 --runs 2 --threads 1");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.err, ContainsRegex("\n  ssd_mobilenet_v1_0.75_uint8: 2 timed runs at "
                                         "[0-9.]+ (ms|s) each: about [0-9]+:[0-9][0-9]\n"));
  const size_t plan = outcome.err.find("2 timed runs at");
  const size_t first_progress = outcome.err.find("/2 runs");
  ASSERT_NE(first_progress, std::string::npos) << outcome.err;
  EXPECT_LT(plan, first_progress);
}

}  // namespace
}  // namespace edgebench::testing
