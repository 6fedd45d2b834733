// The benchmark library in-process: a short run of the bundled model
// through the Runtime seam, the events a listener sees, and the statistics
// and record fields it produces.
#include "bench/benchmark_model.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include "bench/context.h"
#include "bench/machine_watch.h"
#include "runtimes/registry.h"
#include "support/benchmark_environment.h"

namespace edgebench::bench {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kModel[] = "ssd_mobilenet_v1_0.75_uint8";

// Writes down every event, in order.
class RecordingListener : public BenchmarkListener {
 public:
  void OnModelStart(const std::string& model) override { events.push_back("start " + model); }
  void OnModelReady(const BenchmarkRecord& record) override {
    events.push_back("ready");
    ready_load_ms = record.load_ms;
  }
  void OnHarnessStart() override { events.push_back("harness"); }
  void OnProgress(int64_t done, int64_t planned, double, double) override {
    last_done = done;
    last_planned = planned;
    ++progress_calls;
  }
  void OnTimedRunsEnd(std::span<const double> sample_start_s, BenchmarkRecord& record) override {
    events.push_back("timed runs end");
    starts = sample_start_s.size();
    start_times.push_back({sample_start_s.begin(), sample_start_s.end()});
    record.warnings.push_back("added by the listener");
  }

  std::vector<std::string> events;
  double ready_load_ms = -1;
  int64_t last_done = 0, last_planned = 0, progress_calls = 0;
  size_t starts = 0;
  std::vector<std::vector<double>> start_times;  // each record's, in order
};

BenchmarkSettings ShortRun() {
  BenchmarkSettings settings;
  settings.runs = 3;
  settings.warmup_runs = 1;
  settings.threads = 1;
  return settings;
}

bool FindsApple(const BenchmarkRecord& record) {
  return std::any_of(record.detections.begin(), record.detections.end(),
                     [](const RecordDetection& d) { return d.label == "apple" && d.score > 0.5f; });
}

TEST(ModelBenchmarkTest, ShortRunOfTheBundledModelThroughTheSeam) {
  ModelBenchmark benchmark(ShortRun(), testing::BundledBenchmarkEnvironment());
  RecordingListener listener;
  benchmark.AddListener(&listener);
  const auto record = benchmark.Run(kModel);
  ASSERT_TRUE(record.ok()) << record.status().message();
  const BenchmarkRecord& r = *record;

  EXPECT_THAT(listener.events,
              ElementsAre(std::string("start ") + kModel, "ready", "harness", "timed runs end"));
  EXPECT_EQ(listener.ready_load_ms, r.load_ms);
  EXPECT_GT(listener.progress_calls, 0);
  EXPECT_EQ(listener.last_done, 3);
  EXPECT_EQ(listener.last_planned, 3);
  EXPECT_EQ(listener.starts, 3u);

  // One warm-up, three timed runs, and statistics computed from them.
  ASSERT_EQ(r.warmup_ms.size(), 1u);
  EXPECT_EQ(r.first_run_ms, r.warmup_ms[0]);
  ASSERT_EQ(r.samples_ms.size(), 3u);
  EXPECT_EQ(r.summary.count, 3u);
  EXPECT_DOUBLE_EQ(r.summary.mean,
                   std::accumulate(r.samples_ms.begin(), r.samples_ms.end(), 0.0) / 3);
  EXPECT_EQ(r.summary.min, *std::min_element(r.samples_ms.begin(), r.samples_ms.end()));
  EXPECT_EQ(r.summary.max, *std::max_element(r.samples_ms.begin(), r.samples_ms.end()));
  EXPECT_FALSE(r.interrupted);
  EXPECT_FALSE(r.capped);
  EXPECT_THAT(r.warnings, ::testing::Contains("added by the listener"));

  // Which runtime ran what.
  EXPECT_EQ(r.runtime.name, "edgebench");
  EXPECT_FALSE(r.runtime.version.empty());
  EXPECT_EQ(r.runtime.version, runtime::FindRuntime("edgebench")->version());
  EXPECT_EQ(r.runtime.post_processing_by, "runtime");
  EXPECT_FALSE(r.network_only.has_value());
  EXPECT_EQ(r.backend_name, "xnnpack");
  EXPECT_EQ(r.threads, 1);
  EXPECT_EQ(r.model.name, kModel);
  EXPECT_GT(r.model.macs, 0);
  EXPECT_EQ(r.image.input_width, 300);
  EXPECT_TRUE(FindsApple(r));
}

// The runtime runs only the network, edgebench's kernel the
// post-processing: the same detections, and the network timed apart.
TEST(ModelBenchmarkTest, PostProcessingOnEdgebenchsKernelTimesTheNetworkApart) {
  BenchmarkSettings settings = ShortRun();
  const auto whole = ModelBenchmark(settings, testing::BundledBenchmarkEnvironment()).Run(kModel);
  ASSERT_TRUE(whole.ok()) << whole.status().message();
  settings.post_processing_by_edgebench = true;
  const auto split = ModelBenchmark(settings, testing::BundledBenchmarkEnvironment()).Run(kModel);
  ASSERT_TRUE(split.ok()) << split.status().message();

  EXPECT_EQ(split->runtime.post_processing_by, "edgebench");
  EXPECT_EQ(split->runtime.post_processing_kernel, "optimized");
  ASSERT_TRUE(split->network_only.has_value());
  EXPECT_EQ(split->network_only->count, 3u);
  EXPECT_GT(split->network_only->mean, 0);
  ASSERT_EQ(split->detections.size(), whole->detections.size());
  for (size_t i = 0; i < whole->detections.size(); ++i) {
    EXPECT_EQ(split->detections[i].class_index, whole->detections[i].class_index) << i;
    EXPECT_EQ(split->detections[i].score, whole->detections[i].score) << i;
    EXPECT_EQ(split->detections[i].ymin, whole->detections[i].ymin) << i;
  }
  EXPECT_TRUE(FindsApple(*split));
}

TEST(ModelBenchmarkTest, ProfileTimesEveryOpThroughTheSeam) {
  BenchmarkSettings settings = ShortRun();
  settings.runs = 1;
  settings.profile_runs = 1;
  const auto record = ModelBenchmark(settings, testing::BundledBenchmarkEnvironment()).Run(kModel);
  ASSERT_TRUE(record.ok()) << record.status().message();
  ASSERT_TRUE(record->profile.has_value());
  EXPECT_EQ(record->profile->runs, 1);
  EXPECT_GT(record->profile->rows.size(), 60u);  // every op of the model alone
}

// Two runtimes side by side (the engine twice: it is always there): one
// load, one harness, their timed runs interleaved on one clock, and one
// full record each.
TEST(ModelBenchmarkTest, SideBySideInterleavesTheRuntimesRuns) {
  BenchmarkSettings settings = ShortRun();
  settings.runs = 4;
  ModelBenchmark benchmark(settings, testing::BundledBenchmarkEnvironment());
  RecordingListener listener;
  MachineWatch watch({}, nullptr, nullptr);  // one sampler over both runtimes' runs
  benchmark.AddListener(&watch);
  benchmark.AddListener(&listener);
  const RuntimeChoice runtimes[] = {{"edgebench", "xnnpack"}, {"edgebench", ""}};
  const auto records = benchmark.RunSideBySide(kModel, runtimes);
  ASSERT_TRUE(records.ok()) << records.status().message();
  ASSERT_EQ(records->size(), 2u);

  EXPECT_THAT(listener.events, ElementsAre(std::string("start ") + kModel, "ready", "ready",
                                           "harness", "timed runs end", "timed runs end"));
  EXPECT_EQ(listener.last_done, 8);  // the runs of both
  // 4 runs in kInterleaveRounds rounds: blocks of one run, taking turns.
  ASSERT_EQ(listener.start_times.size(), 2u);
  const std::vector<double>& a = listener.start_times[0];
  const std::vector<double>& b = listener.start_times[1];
  ASSERT_EQ(a.size(), 4u);
  ASSERT_EQ(b.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_LT(a[i], b[i]) << i;
    if (i + 1 < 4) {
      EXPECT_LT(b[i], a[i + 1]) << i;
    }
  }
  for (const BenchmarkRecord& r : *records) {
    EXPECT_EQ(r.runtime.name, "edgebench");
    EXPECT_EQ(r.backend_name, "xnnpack");
    EXPECT_EQ(r.warmup_ms.size(), 1u);
    EXPECT_EQ(r.summary.count, 4u);
    EXPECT_TRUE(FindsApple(r));
    // Each record is judged on the one sampler's readings (the second too).
    ASSERT_FALSE(r.sysmon.is_null());
    EXPECT_GT(r.sysmon["timeline"]["readings"].get<int>(), 0);
    EXPECT_EQ(r.sample_start_s.size(), 4u);
    // The same engine finds the same: no mismatch warning.
    for (const std::string& w : r.warnings) EXPECT_THAT(w, Not(HasSubstr("detections differ")));
  }
}

TEST(ModelBenchmarkTest, UnknownRuntimeNamesTheKnownOnes) {
  BenchmarkSettings settings = ShortRun();
  settings.runtime = "tensorflow";
  const auto record = ModelBenchmark(settings, testing::BundledBenchmarkEnvironment()).Run(kModel);
  ASSERT_FALSE(record.ok());
  EXPECT_THAT(record.status().message(), HasSubstr("tensorflow"));
  EXPECT_THAT(record.status().message(), HasSubstr("edgebench"));
}

TEST(ModelBenchmarkTest, MissingModelIsAnError) {
  const auto record = ModelBenchmark(ShortRun(), testing::BundledBenchmarkEnvironment())
                          .Run("no_such_model.tflite");
  ASSERT_FALSE(record.ok());
  EXPECT_THAT(record.status().message(), HasSubstr("no_such_model.tflite"));
}

}  // namespace
}  // namespace edgebench::bench
