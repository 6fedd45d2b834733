// Progress of `edgebench run` on stderr, a listener of the benchmark: a
// line when a model is ready, then a bar redrawn in place when stderr is a
// terminal, a plain log line every tenth of the run otherwise (CI logs,
// files), nothing with --quiet. Called between runs, never inside one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bench/benchmark_model.h"

namespace edgebench::cli {

class RunProgress : public bench::BenchmarkListener {
 public:
  enum class Style { kBar, kLog, kQuiet };

  // kBar when stderr is a terminal, else kLog; kQuiet when `quiet`.
  static Style ChooseStyle(bool quiet);

  // For a run of `models` models, on several runtimes side by side when
  // `side_by_side` (each runtime's line then names it).
  RunProgress(Style style, int models, bool side_by_side = false)
      : style_(style), models_(models), side_by_side_(side_by_side) {}

  // Each model's line or bar is named after it.
  void OnModelStart(const std::string& model) override;
  // "[1/4] NAME: load 12.3 ms, image 45.6 ms; 1 warm-up and 10000 timed runs"
  // ("[1/4] NAME on RUNTIME: ..." side by side).
  void OnModelReady(const bench::BenchmarkRecord& record) override;
  // "edgebench: note: NAME on RUNTIME left out: WHY", even when quiet.
  void OnRuntimeLeftOut(const std::string& runtime, const Status& why) override;
  // After the warm-up: how long the timed runs will take
  // (bench::DescribePlan).
  void OnPlan(const bench::RunPlan& plan) override;
  void OnProgress(int64_t done, int64_t planned, double elapsed_seconds, double mean_ms) override;
  // Ends the bar's line once the harness has returned.
  void OnTimedRunsEnd(std::span<const double> sample_start_s,
                      bench::BenchmarkRecord& record) override;

 private:
  std::string model_;
  Style style_;
  int models_;
  bool side_by_side_;
  int index_ = 0;                            // of the model running, from 1
  int64_t runs_ = 0;                         // timed runs asked for the model running
  std::vector<std::string> ready_runtimes_;  // of the model running, as made ready
  size_t plans_ = 0;                         // OnPlan calls for the model running
  int last_decile_ = 0;                      // kLog: the last tenth reported
  bool drew_bar_ = false;
};

}  // namespace edgebench::cli
