// The benchmark of one model, as a library: load it (catalog name or
// .tflite file), open it on a runtime (runtimes/registry.h), prepare the
// photo as its input, warm up, time the runs through the harness, compute
// the statistics and warnings, read the detections, and profile it on
// request, all into one BenchmarkRecord. What happens is told to listeners
// (the machine watch, the CLI's progress), in the shape of TensorFlow
// Lite's BenchmarkModel and BenchmarkListener. `edgebench run`, the
// Google Benchmarks and the tests call this.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bench/harness.h"
#include "bench/interrupt.h"
#include "bench/result_record.h"
#include "detect/labels.h"
#include "image/resize.h"
#include "runtime/interpreter.h"
#include "sysmon/core_load.h"

namespace edgebench::bench {

// With no run count, min_seconds or max_seconds given, the default runs are
// shortened to what fits in this long at the warm-up's pace: a slow runtime
// (Arm NN's CpuRef: about 14 s per inference on x86) would run the default
// 10,000 for days. Long enough for 10,000 runs of every model on this
// machine's engine.
inline constexpr double kDefaultRunsFitSeconds = 600;

// One model's benchmark, as asked for (after defaults); units in the names.
struct BenchmarkSettings {
  std::string runtime = "edgebench";  // a runtime of the registry
  std::string backend = "xnnpack";    // one of its backends
  int threads = 1;                    // as asked for; the backend may use fewer
  // Set when `threads` was not asked for but chosen from the cores' load.
  std::optional<sysmon::CoreLoad> threads_from_load;
  size_t max_arena_bytes = runtime::kDefaultMaxArenaBytes;
  int64_t runs = 10000;
  // False when min_seconds alone sets the length ("this long", not "10,000
  // runs and this long").
  bool runs_given = true;
  int64_t warmup_runs = 1;
  double min_seconds = 0;
  double max_seconds = 0;  // 0: no cap
  // See kDefaultRunsFitSeconds; 0: the default runs are never shortened.
  double default_runs_fit_seconds = kDefaultRunsFitSeconds;
  image::ResizeMethod resize = image::ResizeMethod::kAuto;
  std::string resize_name = "auto";  // as asked for, for the record
  std::string label;                 // free text stored in the record
  int64_t profile_runs = 0;          // 0: no per-op profile
  // Run the post-processing on edgebench's kernel even when the runtime
  // could run it: the network alone is then timed as well.
  bool post_processing_by_edgebench = false;
};

// Told what a benchmark does, in this order, between runs only (never
// inside a timed run): OnModelStart, OnModelReady, OnHarnessStart,
// OnPlan and OnProgress (from the harness), OnTimedRunsEnd. Every method does nothing
// unless overridden.
class BenchmarkListener : public ProgressListener {
 public:
  // Before the model is loaded (the machine watch cools down here).
  virtual void OnModelStart(const std::string& /*model*/) {}
  // Loaded and its input written: the record has the model, image, load
  // and preparation times, runtime and settings.
  virtual void OnModelReady(const BenchmarkRecord& /*record*/) {}
  // Side by side only: `runtime` cannot run this model (`why`) and is left
  // out of it; the others run. Before any OnModelReady of the model.
  virtual void OnRuntimeLeftOut(const std::string& /*runtime*/, const Status& /*why*/) {}
  // The warm-up begins.
  virtual void OnHarnessStart() {}
  void OnProgress(int64_t /*done*/, int64_t /*planned*/, double /*elapsed_seconds*/,
                  double /*mean_ms*/) override {}
  // The timed runs are over and the record has their samples, statistics
  // and warnings; `sample_start_s` are the runs' starts on the harness's
  // clock. A listener may add to the record (the machine watch writes its
  // block and warnings). Detections and profile come after.
  virtual void OnTimedRunsEnd(std::span<const double> /*sample_start_s*/,
                              BenchmarkRecord& /*record*/) {}
};

// One runtime of a side-by-side benchmark and its backend (empty: the
// runtime's default).
struct RuntimeChoice {
  std::string runtime;
  std::string backend;
};

// The rounds a side-by-side benchmark splits each runtime's timed runs into
// (harness.h RunInterleaved): a disturbance longer than a tenth of the run
// falls on every runtime, and each runtime pays the switch between them
// (cold caches, a thread pool waking up) ten times, not once per run.
inline constexpr int kInterleaveRounds = 10;

// What every model of one `run` shares.
struct BenchmarkEnvironment {
  ImageFacts image;                           // ReadImageFacts of the photo
  Context context;                            // CollectContext
  detect::LabelMap labels;                    // names the detections
  const InterruptGuard* interrupt = nullptr;  // Ctrl-C ends the runs early; may be null
};

class ModelBenchmark {
 public:
  ModelBenchmark(BenchmarkSettings settings, BenchmarkEnvironment environment)
      : settings_(std::move(settings)), environment_(std::move(environment)) {}

  // Listeners are told in the order added; they must outlive Run().
  void AddListener(BenchmarkListener* listener) { listeners_.push_back(listener); }

  // Benchmarks `model` (a catalog name or a .tflite path). Errors name the
  // model, the file or the runtime; an interrupted benchmark is a record
  // (marked interrupted), not an error.
  Result<BenchmarkRecord> Run(const std::string& model);

  // Benchmarks `model` on each of `runtimes` (at least one) side by side:
  // the model is loaded once and opened on every runtime, then their timed
  // runs interleave in kInterleaveRounds rounds (each warms up just before
  // its first block). One record per runtime, in the order given, each with
  // its own statistics and machine watch block (the watch spans them all).
  // Each runtime's detections are compared with the first's
  // (side_by_side.h): a mismatch is a warning in its record. Listeners hear
  // OnModelStart once, OnModelReady per runtime, OnHarnessStart once, the
  // progress of all runtimes together, then OnTimedRunsEnd per runtime.
  // Errors as Run's. A runtime that cannot open the model is left out of
  // it (OnRuntimeLeftOut) while another can; one that fails while timed
  // fails the model.
  Result<std::vector<BenchmarkRecord>> RunSideBySide(const std::string& model,
                                                     std::span<const RuntimeChoice> runtimes);

  const BenchmarkSettings& settings() const { return settings_; }

 private:
  BenchmarkSettings settings_;
  BenchmarkEnvironment environment_;
  std::vector<BenchmarkListener*> listeners_;
};

// What the record says about the photo, read before any model runs so a
// missing or non-image file fails before minutes of loading.
Result<ImageFacts> ReadImageFacts(const std::string& path);

// "35 of 10000 runs" (or "35 runs" when min_seconds alone set the length).
std::string RunsDone(const BenchmarkSettings& settings, const BenchmarkRecord& record);

// How long the timed runs will take, said after the warm-up: "10000 timed
// runs at 14.20 ms each: about 2:22", or how the default of
// `requested_runs` was shortened.
std::string DescribePlan(int64_t requested_runs, const RunPlan& plan);

}  // namespace edgebench::bench
