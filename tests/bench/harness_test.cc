#include "bench/harness.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace edgebench::bench {
namespace {

class CountingRunnable : public Runnable {
 public:
  void Run() override { ++calls; }
  int64_t calls = 0;
};

class SleepingRunnable : public Runnable {
 public:
  explicit SleepingRunnable(int ms) : ms_(ms) {}
  void Run() override { std::this_thread::sleep_for(std::chrono::milliseconds(ms_)); }

 private:
  int ms_;
};

// Sets `stop` (as a Ctrl-C handler would) during its `at`-th call.
class StoppingRunnable : public Runnable {
 public:
  StoppingRunnable(std::atomic<bool>& stop, int64_t at) : stop_(stop), at_(at) {}
  void Run() override {
    if (++calls == at_) stop_ = true;
  }
  int64_t calls = 0;

 private:
  std::atomic<bool>& stop_;
  int64_t at_;
};

// Writes its name into a log shared by several runnables: the order they ran in.
class LoggingRunnable : public Runnable {
 public:
  LoggingRunnable(std::string name, std::vector<std::string>& log)
      : name_(std::move(name)), log_(log) {}
  void Run() override { log_.push_back(name_); }

 private:
  std::string name_;
  std::vector<std::string>& log_;
};

class RecordingListener : public ProgressListener {
 public:
  void OnProgress(int64_t done, int64_t planned, double, double) override {
    last_done = done;
    last_planned = planned;
    ++calls;
  }
  int64_t last_done = -1, last_planned = -1;
  int calls = 0;
};

TEST(HarnessTest, WarmupIsKeptApartFromMeasuredRuns) {
  CountingRunnable runnable;
  HarnessSettings settings;
  settings.warmup_runs = 3;
  settings.min_runs = 50;
  const HarnessResult result = RunHarness(runnable, settings, nullptr);
  EXPECT_EQ(runnable.calls, 53);
  EXPECT_EQ(result.warmup_ms.size(), 3u);
  EXPECT_EQ(result.samples_ms.size(), 50u);
  EXPECT_EQ(result.sample_start_s.size(), 50u);
  EXPECT_FALSE(result.capped);
  for (size_t i = 1; i < result.sample_start_s.size(); ++i) {
    EXPECT_GE(result.sample_start_s[i], result.sample_start_s[i - 1]);
  }
}

TEST(HarnessTest, MinSecondsExtendsTheRun) {
  SleepingRunnable runnable(2);
  HarnessSettings settings;
  settings.min_runs = 1;
  settings.min_seconds = 0.1;
  const HarnessResult result = RunHarness(runnable, settings, nullptr);
  EXPECT_GE(result.measured_seconds, 0.1);
  EXPECT_GT(result.samples_ms.size(), 10u);                // at most 50 at 2 ms each
  for (double ms : result.samples_ms) EXPECT_GE(ms, 2.0);  // the sleep is inside the timing
}

TEST(HarnessTest, MaxSecondsCapsTheRun) {
  SleepingRunnable runnable(5);
  HarnessSettings settings;
  settings.min_runs = 1000000;
  settings.max_seconds = 0.1;
  const HarnessResult result = RunHarness(runnable, settings, nullptr);
  EXPECT_TRUE(result.capped);
  EXPECT_LT(result.samples_ms.size(), 100u);
  EXPECT_LT(result.measured_seconds, 1.0);
}

TEST(HarnessTest, ListenerHearsTheFinalCount) {
  SleepingRunnable runnable(1);
  HarnessSettings settings;
  settings.min_runs = 150;
  RecordingListener listener;
  RunHarness(runnable, settings, &listener);
  EXPECT_GE(listener.calls, 2);  // at least one in-flight report and the final one
  EXPECT_EQ(listener.last_done, 150);
  EXPECT_EQ(listener.last_planned, 150);
}

TEST(HarnessTest, StopEndsTheMeasuredPhaseAfterTheCurrentRun) {
  std::atomic<bool> stop = false;
  StoppingRunnable runnable(stop, 7);  // warm-up 2, then measured run 5
  HarnessSettings settings;
  settings.warmup_runs = 2;
  settings.min_runs = 1000;
  settings.stop = &stop;
  RecordingListener listener;
  const HarnessResult result = RunHarness(runnable, settings, &listener);
  EXPECT_EQ(listener.last_done, 5);
  EXPECT_EQ(listener.last_planned, 1000);  // not "5 of 5": the run was cut short
  EXPECT_EQ(runnable.calls, 7);
  EXPECT_EQ(result.warmup_ms.size(), 2u);
  EXPECT_EQ(result.samples_ms.size(), 5u);
  EXPECT_EQ(result.sample_start_s.size(), 5u);
  EXPECT_TRUE(result.interrupted);
  EXPECT_FALSE(result.capped);
}

TEST(HarnessTest, StopDuringWarmupStillMeasuresOneRun) {
  std::atomic<bool> stop = false;
  StoppingRunnable runnable(stop, 2);
  HarnessSettings settings;
  settings.warmup_runs = 10;
  settings.min_runs = 1000;
  settings.stop = &stop;
  const HarnessResult result = RunHarness(runnable, settings, nullptr);
  EXPECT_EQ(result.warmup_ms.size(), 2u);
  EXPECT_EQ(result.samples_ms.size(), 1u);
  EXPECT_TRUE(result.interrupted);
}

TEST(HarnessTest, AnUnreservablePlanDoesNotThrow) {
  // 2^60 runs: more than a vector can hold. The reservation must not throw
  // (it did: std::length_error, an abort); the stop ends the run.
  std::atomic<bool> stop = false;
  StoppingRunnable runnable(stop, 3);
  HarnessSettings settings;
  settings.warmup_runs = 0;
  settings.min_runs = int64_t{1} << 60;
  settings.stop = &stop;
  const HarnessResult result = RunHarness(runnable, settings, nullptr);
  EXPECT_EQ(result.samples_ms.size(), 3u);
}

TEST(HarnessTest, InterleavedRunnablesTakeTurnsInBlocks) {
  std::vector<std::string> log;
  LoggingRunnable a("a", log), b("b", log);
  Runnable* const runnables[] = {&a, &b};
  HarnessSettings settings;
  settings.warmup_runs = 1;
  settings.min_runs = 5;
  RecordingListener listener;
  const std::vector<HarnessResult> results = RunInterleaved(runnables, settings, 2, &listener);
  // Each warms up just before its first block; 5 runs in two rounds: 3, then 2.
  EXPECT_THAT(log,
              ::testing::ElementsAre("a", "a", "a", "a", "b", "b", "b", "b", "a", "a", "b", "b"));
  ASSERT_EQ(results.size(), 2u);
  for (const HarnessResult& result : results) {
    EXPECT_EQ(result.warmup_ms.size(), 1u);
    EXPECT_EQ(result.samples_ms.size(), 5u);
    EXPECT_FALSE(result.capped);
    EXPECT_FALSE(result.interrupted);
  }
  // One clock for both: a's second block starts after b's first.
  EXPECT_GT(results[0].sample_start_s[3], results[1].sample_start_s[2]);
  EXPECT_GT(results[1].sample_start_s[3], results[0].sample_start_s[4]);
  EXPECT_EQ(listener.last_done, 10);  // the runs of both
  EXPECT_EQ(listener.last_planned, 10);
}

TEST(HarnessTest, MoreRoundsThanRunsGiveBlocksOfOneRun) {
  std::vector<std::string> log;
  LoggingRunnable a("a", log), b("b", log), c("c", log);
  Runnable* const runnables[] = {&a, &b, &c};
  HarnessSettings settings;
  settings.warmup_runs = 0;
  settings.min_runs = 2;
  RunInterleaved(runnables, settings, 10, nullptr);
  EXPECT_THAT(log, ::testing::ElementsAre("a", "b", "c", "a", "b", "c"));
}

TEST(HarnessTest, StopInAnInterleavedRunStillMeasuresEveryRunnable) {
  std::atomic<bool> stop = false;
  StoppingRunnable a(stop, 2);  // its warm-up, then its first measured run
  CountingRunnable b;
  Runnable* const runnables[] = {&a, &b};
  HarnessSettings settings;
  settings.warmup_runs = 1;
  settings.min_runs = 100;
  settings.stop = &stop;
  const std::vector<HarnessResult> results = RunInterleaved(runnables, settings, 10, nullptr);
  EXPECT_EQ(results[0].samples_ms.size(), 1u);
  EXPECT_TRUE(results[0].interrupted);
  EXPECT_EQ(b.calls, 1);  // no warm-up once stopped, one measured run
  EXPECT_EQ(results[1].samples_ms.size(), 1u);
  EXPECT_TRUE(results[1].interrupted);
  EXPECT_FALSE(results[1].capped);
}

}  // namespace
}  // namespace edgebench::bench
