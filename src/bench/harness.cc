#include "bench/harness.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <new>
#include <optional>

namespace edgebench::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kProgressIntervalSeconds = 0.1;
// Reserved up front at most (16 MB): enough for most benchmarks; longer ones
// grow their vectors between runs, never inside a timed one.
constexpr int64_t kMaxReservedRuns = int64_t{1} << 20;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

double TimeOneRunMs(Runnable& runnable) {
  const auto start = Clock::now();
  runnable.Run();
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

bool Stopping(const HarnessSettings& settings) {
  return settings.stop != nullptr && settings.stop->load(std::memory_order_relaxed);
}

// Reserves room for `planned` samples so the measured loop rarely
// reallocates; a huge plan (e.g. --min-seconds at a tiny pace) is not an
// error, the vectors just grow as the runs come.
void ReserveSamples(HarnessResult& result, int64_t planned) {
  const auto room = static_cast<size_t>(std::min(planned, kMaxReservedRuns) + 16);
  try {
    result.samples_ms.reserve(room);
    result.sample_start_s.reserve(room);
  } catch (const std::bad_alloc&) {
    result.samples_ms.shrink_to_fit();
    result.sample_start_s.shrink_to_fit();
  }
}

// One runnable of an interleaved schedule, with its results so far.
struct Lane {
  Runnable* runnable = nullptr;
  HarnessResult result;
  int64_t planned = 0;  // measured runs expected (its plan's), once warmed up
  double sum_ms = 0;    // of its measured runs
  bool started = false;
};

// The share of `total` runs due by the end of round `round` (from 0) of
// `rounds`: the remainder goes to the first rounds, no product overflows.
int64_t RunsDueBy(int64_t total, int round, int rounds) {
  const int64_t done_rounds = round + 1;
  return total / rounds * done_rounds + std::min(total % rounds, done_rounds);
}

// Reports the runs of all lanes together; see RunInterleaved.
void Report(ProgressListener* listener, const std::vector<Lane>& lanes, double elapsed_s,
            bool final) {
  if (listener == nullptr) return;
  int64_t done = 0, planned = 0;
  double sum_ms = 0;
  bool interrupted = false;
  for (const Lane& lane : lanes) {
    const auto lane_done = static_cast<int64_t>(lane.result.samples_ms.size());
    done += lane_done;
    // Before its warm-up a lane's plan is unknown: min_runs stands in.
    planned += std::max(lane.planned, lane_done);
    sum_ms += lane.sum_ms;
    interrupted = interrupted || lane.result.interrupted;
  }
  // Finished: the count is what ran; interrupted, the bar stays where it
  // stopped, not at 100%.
  if (final && !interrupted) planned = done;
  listener->OnProgress(done, planned, elapsed_s, done ? sum_ms / done : 0);
}

}  // namespace

RunPlan PlanRuns(const HarnessSettings& settings, double pace_ms) {
  RunPlan plan;
  plan.pace_ms = pace_ms;
  plan.min_runs = settings.min_runs;
  if (settings.fit_runs_in_seconds > 0 && pace_ms > 0 &&
      settings.min_runs * pace_ms > settings.fit_runs_in_seconds * 1000) {
    plan.min_runs = std::max<int64_t>(
        1, static_cast<int64_t>(std::floor(settings.fit_runs_in_seconds * 1000 / pace_ms)));
    plan.shortened = true;
  }
  // From min_runs and min_seconds at the pace, capped by max_seconds.
  int64_t runs = plan.min_runs;
  if (settings.min_seconds > 0 && pace_ms > 0) {
    runs = std::max<int64_t>(runs, std::llround(settings.min_seconds * 1000 / pace_ms) + 1);
  }
  if (settings.max_seconds > 0 && pace_ms > 0) {
    runs = std::min<int64_t>(runs, std::llround(settings.max_seconds * 1000 / pace_ms) + 1);
  }
  plan.runs = std::max<int64_t>(runs, 1);
  plan.seconds = static_cast<double>(plan.runs) * pace_ms / 1000;
  return plan;
}

HarnessResult RunHarness(Runnable& runnable, const HarnessSettings& settings,
                         ProgressListener* listener) {
  Runnable* const runnables[] = {&runnable};
  return std::move(RunInterleaved(runnables, settings, 1, listener).front());
}

std::vector<HarnessResult> RunInterleaved(std::span<Runnable* const> runnables,
                                          const HarnessSettings& settings, int rounds,
                                          ProgressListener* listener) {
  rounds = std::max(rounds, 1);
  std::vector<Lane> lanes(runnables.size());
  for (size_t i = 0; i < lanes.size(); ++i) {
    lanes[i].runnable = runnables[i];
    lanes[i].planned = settings.min_runs;
  }
  const auto harness_start = Clock::now();
  std::optional<Clock::time_point> measured_start;
  auto last_report = harness_start;
  for (int round = 0; round < rounds; ++round) {
    const double share = static_cast<double>(round + 1) / rounds;
    for (Lane& lane : lanes) {
      HarnessResult& result = lane.result;
      if (!lane.started) {
        lane.started = true;
        for (int64_t i = 0; i < settings.warmup_runs && !Stopping(settings); ++i) {
          result.warmup_ms.push_back(TimeOneRunMs(*lane.runnable));
        }
        result.plan = PlanRuns(settings, result.warmup_ms.empty() ? 0 : result.warmup_ms.back());
        lane.planned = result.plan.runs;
        if (listener != nullptr) listener->OnPlan(result.plan);
        ReserveSamples(result, lane.planned);
      }
      const int64_t runs_due = RunsDueBy(result.plan.min_runs, round, rounds);
      const auto block_start = Clock::now();
      if (!measured_start) measured_start = block_start;
      for (;;) {
        const auto now = Clock::now();
        const double elapsed = result.measured_seconds + Seconds(now - block_start);
        const auto done = static_cast<int64_t>(result.samples_ms.size());
        const bool enough = done >= runs_due && elapsed >= settings.min_seconds * share;
        const bool over_time = settings.max_seconds > 0 && elapsed >= settings.max_seconds * share;
        if (enough || over_time) break;
        if (done > 0 && Stopping(settings)) {
          result.interrupted = true;
          break;
        }
        if (Seconds(now - last_report) >= kProgressIntervalSeconds) {
          Report(listener, lanes, Seconds(now - *measured_start), false);
          last_report = now;
        }
        result.sample_start_s.push_back(Seconds(Clock::now() - harness_start));
        const double ms = TimeOneRunMs(*lane.runnable);
        result.samples_ms.push_back(ms);
        lane.sum_ms += ms;
      }
      result.measured_seconds += Seconds(Clock::now() - block_start);
    }
  }
  for (Lane& lane : lanes) {
    HarnessResult& result = lane.result;
    const auto done = static_cast<int64_t>(result.samples_ms.size());
    result.capped = !result.interrupted &&
                    (done < result.plan.min_runs || result.measured_seconds < settings.min_seconds);
  }
  Report(listener, lanes, measured_start ? Seconds(Clock::now() - *measured_start) : 0, true);
  std::vector<HarnessResult> results;
  for (Lane& lane : lanes) results.push_back(std::move(lane.result));
  return results;
}

}  // namespace edgebench::bench
