#include "bench/harness.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <new>

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
  HarnessResult result;
  const auto harness_start = Clock::now();
  for (int64_t i = 0; i < settings.warmup_runs && !Stopping(settings); ++i) {
    result.warmup_ms.push_back(TimeOneRunMs(runnable));
  }
  result.plan = PlanRuns(settings, result.warmup_ms.empty() ? 0 : result.warmup_ms.back());
  const int64_t planned = result.plan.runs;
  const int64_t min_runs = result.plan.min_runs;
  if (listener != nullptr) listener->OnPlan(result.plan);
  ReserveSamples(result, planned);

  const auto measured_start = Clock::now();
  auto last_report = measured_start;
  double sum_ms = 0;
  for (;;) {
    const auto now = Clock::now();
    const double elapsed = Seconds(now - measured_start);
    const auto done = static_cast<int64_t>(result.samples_ms.size());
    const bool enough = done >= min_runs && elapsed >= settings.min_seconds;
    const bool over_time = settings.max_seconds > 0 && elapsed >= settings.max_seconds;
    if (enough || over_time) {
      result.capped = !enough;
      break;
    }
    if (done > 0 && Stopping(settings)) {
      result.interrupted = true;
      break;
    }
    if (listener != nullptr && Seconds(now - last_report) >= kProgressIntervalSeconds) {
      listener->OnProgress(done, std::max(planned, done), elapsed, done ? sum_ms / done : 0);
      last_report = now;
    }
    result.sample_start_s.push_back(Seconds(Clock::now() - harness_start));
    const double ms = TimeOneRunMs(runnable);
    result.samples_ms.push_back(ms);
    sum_ms += ms;
  }
  result.measured_seconds = Seconds(Clock::now() - measured_start);
  if (listener != nullptr) {
    const auto done = static_cast<int64_t>(result.samples_ms.size());
    // Interrupted: the bar stays where it stopped, not at 100%.
    const int64_t total = result.interrupted ? std::max(planned, done) : done;
    listener->OnProgress(done, total, result.measured_seconds, done ? sum_ms / done : 0);
  }
  return result;
}

}  // namespace edgebench::bench
