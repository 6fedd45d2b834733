#include "bench/harness.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace edgebench::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kProgressIntervalSeconds = 0.1;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

double TimeOneRunMs(Runnable& runnable) {
  const auto start = Clock::now();
  runnable.Run();
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Runs the measured phase needs, from min_runs and min_seconds at the
// warm-up's pace (capped by max_seconds).
int64_t PlannedRuns(const HarnessSettings& settings, double run_ms) {
  int64_t planned = settings.min_runs;
  if (settings.min_seconds > 0 && run_ms > 0) {
    planned = std::max<int64_t>(planned, std::llround(settings.min_seconds * 1000 / run_ms) + 1);
  }
  if (settings.max_seconds > 0 && run_ms > 0) {
    planned = std::min<int64_t>(planned, std::llround(settings.max_seconds * 1000 / run_ms) + 1);
  }
  return std::max<int64_t>(planned, 1);
}

}  // namespace

HarnessResult RunHarness(Runnable& runnable, const HarnessSettings& settings,
                         ProgressListener* listener) {
  HarnessResult result;
  const auto harness_start = Clock::now();
  for (int64_t i = 0; i < settings.warmup_runs; ++i) {
    result.warmup_ms.push_back(TimeOneRunMs(runnable));
  }
  const double pace_ms = result.warmup_ms.empty() ? 0 : result.warmup_ms.back();
  const int64_t planned = PlannedRuns(settings, pace_ms);
  result.samples_ms.reserve(static_cast<size_t>(planned) + 16);
  result.sample_start_s.reserve(static_cast<size_t>(planned) + 16);

  const auto measured_start = Clock::now();
  auto last_report = measured_start;
  double sum_ms = 0;
  for (;;) {
    const auto now = Clock::now();
    const double elapsed = Seconds(now - measured_start);
    const auto done = static_cast<int64_t>(result.samples_ms.size());
    const bool enough = done >= settings.min_runs && elapsed >= settings.min_seconds;
    const bool over_time = settings.max_seconds > 0 && elapsed >= settings.max_seconds;
    if (enough || over_time) {
      result.capped = !enough;
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
    listener->OnProgress(done, done, result.measured_seconds, done ? sum_ms / done : 0);
  }
  return result;
}

}  // namespace edgebench::bench
