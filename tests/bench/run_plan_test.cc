// How long the timed runs will take, said after the warm-up, and the
// default run count shortened for a slow runtime (Arm NN's CpuRef takes
// about 14 s per inference): the plan as a function of the pace, the
// harness with a slow fake runnable, and the benchmark library's wiring (a
// length the user gave is never shortened). No assertion depends on how
// fast the machine is: the fake is slow enough that 10,000 of its runs can
// never fit the limits used here.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "bench/benchmark_model.h"
#include "bench/context.h"
#include "bench/harness.h"
#include "support/benchmark_environment.h"

namespace edgebench::bench {
namespace {

HarnessSettings DefaultRuns(double fit_seconds) {
  HarnessSettings settings;
  settings.min_runs = 10000;
  settings.fit_runs_in_seconds = fit_seconds;
  return settings;
}

TEST(RunPlanTest, DefaultRunsAtArmnnCpuRefsPaceAreShortenedToFit) {
  const RunPlan plan = PlanRuns(DefaultRuns(kDefaultRunsFitSeconds), 14200);
  EXPECT_TRUE(plan.shortened);
  EXPECT_EQ(plan.min_runs, 42);  // floor(600 s / 14.2 s)
  EXPECT_EQ(plan.runs, 42);
  EXPECT_DOUBLE_EQ(plan.seconds, 42 * 14.2);
  EXPECT_EQ(DescribePlan(10000, plan),
            "the default 10000 runs would take about 39:26:40 at 14.2 s each: shortened to 42 "
            "runs, about 9:56 (--runs or --max-seconds to choose)");
}

TEST(RunPlanTest, RunsThatFitAreKept) {
  const RunPlan plan = PlanRuns(DefaultRuns(kDefaultRunsFitSeconds), 20);
  EXPECT_FALSE(plan.shortened);
  EXPECT_EQ(plan.runs, 10000);
  EXPECT_EQ(DescribePlan(10000, plan), "10000 timed runs at 20.00 ms each: about 3:20");
}

TEST(RunPlanTest, AtLeastOneRunEvenWhenOneDoesNotFit) {
  const RunPlan plan = PlanRuns(DefaultRuns(1), 5000);
  EXPECT_TRUE(plan.shortened);
  EXPECT_EQ(plan.runs, 1);
}

TEST(RunPlanTest, NothingIsShortenedWithoutALimitOrWithoutAPace) {
  EXPECT_FALSE(PlanRuns(DefaultRuns(0), 14200).shortened);
  const RunPlan no_warmup = PlanRuns(DefaultRuns(600), 0);
  EXPECT_FALSE(no_warmup.shortened);
  EXPECT_EQ(no_warmup.runs, 10000);
  EXPECT_EQ(DescribePlan(10000, no_warmup),
            "no warm-up: how long the runs take is not known before them");
}

TEST(RunPlanTest, MaxSecondsStillCapsThePlan) {
  HarnessSettings settings = DefaultRuns(0);
  settings.max_seconds = 60;
  const RunPlan plan = PlanRuns(settings, 14200);
  EXPECT_FALSE(plan.shortened);
  EXPECT_EQ(plan.min_runs, 10000);  // max_seconds stops on the clock instead
  EXPECT_EQ(plan.runs, 5);          // llround(60 / 14.2) + 1
}

class SlowRunnable : public Runnable {
 public:
  void Run() override { std::this_thread::sleep_for(std::chrono::milliseconds(20)); }
};

class PlanListener : public ProgressListener {
 public:
  void OnPlan(const RunPlan& plan) override {
    ++plans;
    seen = plan;
    progress_before_plan = progress_calls;
  }
  void OnProgress(int64_t, int64_t, double, double) override { ++progress_calls; }
  RunPlan seen;
  int plans = 0, progress_calls = 0, progress_before_plan = -1;
};

TEST(RunPlanTest, HarnessRunsTheShortenedCountAndSaysSoBeforeTheRuns) {
  SlowRunnable runnable;
  PlanListener listener;
  const HarnessResult result = RunHarness(runnable, DefaultRuns(0.05), &listener);
  EXPECT_EQ(listener.plans, 1);
  EXPECT_EQ(listener.progress_before_plan, 0);
  EXPECT_TRUE(result.plan.shortened);
  EXPECT_GE(result.plan.pace_ms, 20.0);
  EXPECT_LE(result.plan.min_runs, 3);  // 50 ms at 20 ms or more per run
  EXPECT_EQ(static_cast<int64_t>(result.samples_ms.size()), result.plan.min_runs);
  EXPECT_FALSE(result.capped);
}

// The benchmark library on the bundled model: the default run count is
// shortened to fit (here a limit no machine can meet for 10,000 runs), a
// length the user gave is not, and the record says so.
BenchmarkSettings DefaultLength() {
  BenchmarkSettings settings;
  settings.runs = 10000;
  settings.runs_given = false;
  settings.default_runs_fit_seconds = 0.001;
  return settings;
}

TEST(RunPlanTest, BenchmarkShortensOnlyTheDefaultRunCount) {
  ModelBenchmark shortened(DefaultLength(), testing::BundledBenchmarkEnvironment());
  const auto record = shortened.Run("ssd_mobilenet_v1_0.75_uint8");
  ASSERT_TRUE(record.ok()) << record.status().message();
  EXPECT_EQ(record->samples_ms.size(), 1u);
  ASSERT_FALSE(record->warnings.empty());
  bool said = false;
  for (const std::string& w : record->warnings) said |= w.find("shortened to 1 run,") != w.npos;
  EXPECT_TRUE(said) << "no warning says the default was shortened";

  BenchmarkSettings given = DefaultLength();
  given.runs = 2;
  given.runs_given = true;
  ModelBenchmark kept(given, testing::BundledBenchmarkEnvironment());
  const auto full = kept.Run("ssd_mobilenet_v1_0.75_uint8");
  ASSERT_TRUE(full.ok()) << full.status().message();
  EXPECT_EQ(full->samples_ms.size(), 2u);
}

}  // namespace
}  // namespace edgebench::bench
