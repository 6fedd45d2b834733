// The timing harness. It knows nothing about models: it runs a Runnable,
// keeps warm-up timings apart from measured ones, and stops after at least
// `min_runs` runs and `min_seconds`, capped by `max_seconds`, or earlier
// when told to stop (Ctrl-C). It can also run several Runnables on one
// interleaved schedule (RunInterleaved), so that whatever else the machine
// does in the meantime falls on all of them alike.
#pragma once

#include <atomic>
#include <cstdint>
#include <span>
#include <vector>

namespace edgebench::bench {

// One unit of timed work, e.g. one inference.
class Runnable {
 public:
  virtual ~Runnable() = default;
  virtual void Run() = 0;
};

// The most runs (warm-up or measured) one benchmark may ask for: each
// measured run keeps 16 bytes (its time and its start), so this bounds the
// samples at 1.6 GB; at 1 ms per inference it is more than a day of runs.
inline constexpr int64_t kMaxRuns = 100'000'000;

struct HarnessSettings {
  int64_t warmup_runs = 1;   // timed and reported, never in the statistics
  int64_t min_runs = 10000;  // measured runs, as in the original benchmark
  double min_seconds = 0;    // keep running at least this long
  double max_seconds = 0;    // stop here even if min_runs is not reached; 0: no cap
  // When > 0 and min_runs at the warm-up's pace would take longer than
  // this, min_runs is lowered to the runs that fit (at least 1): a default
  // run count must not take days on a slow runtime. A count fixed after the
  // warm-up, where max_seconds is a stop on the clock.
  double fit_runs_in_seconds = 0;
  // When set and true, stop after the current run: the remaining warm-up
  // runs are skipped, and the measured phase ends once it has at least one
  // run (so an interrupted benchmark still has a measurement to report).
  // Read between runs only; a signal handler may set it.
  const std::atomic<bool>* stop = nullptr;
};

// The measured phase as planned after the warm-up, from its pace.
struct RunPlan {
  double pace_ms = 0;      // the last warm-up run; 0 without warm-up (nothing to judge by)
  int64_t runs = 0;        // measured runs expected
  double seconds = 0;      // runs at the pace
  int64_t min_runs = 0;    // the measured runs required (min_runs, or lowered to fit)
  bool shortened = false;  // min_runs was lowered by fit_runs_in_seconds
};

// The plan for `settings` at a pace of `pace_ms` per run.
RunPlan PlanRuns(const HarnessSettings& settings, double pace_ms);

// Told of progress between runs, never inside a timed region.
class ProgressListener {
 public:
  virtual ~ProgressListener() = default;
  // After the warm-up, before the first measured run.
  virtual void OnPlan(const RunPlan& /*plan*/) {}
  // `planned` is the run count the harness expects now (it can grow with
  // min_seconds); `mean_ms` is the running mean of the measured runs.
  virtual void OnProgress(int64_t done, int64_t planned, double elapsed_seconds,
                          double mean_ms) = 0;
};

struct HarnessResult {
  RunPlan plan;
  std::vector<double> warmup_ms;
  std::vector<double> samples_ms;      // measured runs, in run order
  std::vector<double> sample_start_s;  // start of each measured run, since the harness began
  double measured_seconds = 0;         // wall time of the measured phase
  bool capped = false;                 // stopped by max_seconds before min_runs
  bool interrupted = false;            // stopped by `stop` before it was done
};

// Times each Run() with a monotonic clock around the call only. Sample
// storage is reserved before the measured phase (as much as memory allows:
// a failed reservation only means the vectors grow between runs).
HarnessResult RunHarness(Runnable& runnable, const HarnessSettings& settings,
                         ProgressListener* listener);

// Runs each of `runnables` as RunHarness would (its own warm-up, min_runs,
// min_seconds and max_seconds, counted over its own runs and time only),
// but interleaved: the measured runs are split into `rounds` rounds, and
// each round gives every runnable, in order, one block of its runs (its
// share of the runs and seconds so far). A runnable's warm-up comes just
// before its first block. A noisy neighbour of a minute then slows a block
// of each runnable rather than all the runs of one. Rounds, not single
// runs, because switching pays cold caches and a thread pool's wake-up:
// once per block, alike for all. `sample_start_s` share one origin (the
// harness's start), so the results' timelines interleave. The listener
// hears each runnable's plan after its warm-up (OnPlan) and the runs of all
// runnables together (their done and planned summed,
// the mean over all of them, which keeps the time left right). On `stop`
// every runnable still measures at least one run. rounds >= 1.
std::vector<HarnessResult> RunInterleaved(std::span<Runnable* const> runnables,
                                          const HarnessSettings& settings, int rounds,
                                          ProgressListener* listener);

}  // namespace edgebench::bench
