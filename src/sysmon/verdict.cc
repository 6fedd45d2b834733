#include "sysmon/verdict.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace edgebench::sysmon {
namespace {

constexpr double kClockFraction = 0.8;
constexpr double kMinTemperatureRiseC = 2.0;
constexpr double kMinLatencyRise = 0.05;
constexpr double kMinCorrelation = 0.5;
constexpr size_t kMinDriftPairs = 8;
constexpr double kLoadSlack = 0.5;

// Min/mean/max of the values `get` returns over readings outside cool-down.
template <typename Get>
std::optional<Range> RangeOf(std::span<const Reading> readings, const PhaseStarts& starts,
                             Get get) {
  Range range;
  double sum = 0;
  int count = 0;
  for (const Reading& r : readings) {
    const std::optional<double> value = get(r);
    if (!value || PhaseAt(r.t_s, starts) == Phase::kCooldown) continue;
    range.min = count == 0 ? *value : std::min(range.min, *value);
    range.max = count == 0 ? *value : std::max(range.max, *value);
    sum += *value;
    ++count;
  }
  if (count == 0) return std::nullopt;
  range.mean = sum / count;
  return range;
}

std::optional<std::string> FlagsReason(std::span<const Reading> readings,
                                       const PhaseStarts& starts) {
  uint32_t seen = 0;
  for (const Reading& r : readings) {
    if (r.throttle_flags && PhaseAt(r.t_s, starts) != Phase::kCooldown) seen |= *r.throttle_flags;
  }
  if ((seen & kKnownThrottleBits) == 0) return std::nullopt;
  return fmt::format("firmware throttle flags 0x{:x}: {}", seen,
                     fmt::join(DescribeThrottleFlags(seen), ", "));
}

std::optional<std::string> ClockReason(const Sensors& sensors, std::span<const Reading> readings,
                                       const PhaseStarts& starts) {
  if (sensors.cpus.empty()) return std::nullopt;
  const CpuClock& cpu0 = sensors.cpus.front();
  if (!GovernorWantsMaximum(cpu0.governor, cpu0.driver)) return std::nullopt;
  double ceiling = 0;
  for (const CpuClock& cpu : sensors.cpus) {
    ceiling = std::max(ceiling, cpu.policy_max_mhz.value_or(cpu.max_mhz.value_or(0)));
  }
  if (ceiling <= 0) return std::nullopt;
  int measured = 0, below = 0;
  double lowest = ceiling;
  for (const Reading& r : readings) {
    if (!r.cpu_mhz_max || PhaseAt(r.t_s, starts) != Phase::kMeasure) continue;
    ++measured;
    if (*r.cpu_mhz_max < kClockFraction * ceiling) ++below;
    lowest = std::min(lowest, *r.cpu_mhz_max);
  }
  if (below == 0 || below < std::min(2, measured)) return std::nullopt;
  return fmt::format(
      "CPU clock down to {:.0f} MHz, below its maximum {:.0f} MHz, in {} of {} readings while "
      "the {} governor asked for more",
      lowest, ceiling, below, measured, cpu0.governor);
}

double Mean(std::span<const double> values) {
  double sum = 0;
  for (double v : values) sum += v;
  return values.empty() ? 0 : sum / static_cast<double>(values.size());
}

std::optional<std::string> DriftReason(std::span<const Reading> readings,
                                       const Inferences& inferences) {
  // Pair each run with the temperature last read before it started.
  std::vector<double> temperature, latency;
  size_t next = 0;
  std::optional<double> current;
  for (size_t i = 0; i < inferences.start_s.size() && i < inferences.latency_ms.size(); ++i) {
    while (next < readings.size() && readings[next].t_s <= inferences.start_s[i]) {
      if (readings[next].temperature_c) current = readings[next].temperature_c;
      ++next;
    }
    if (!current) continue;
    temperature.push_back(*current);
    latency.push_back(inferences.latency_ms[i]);
  }
  if (latency.size() < kMinDriftPairs) return std::nullopt;
  const size_t quarter = latency.size() / 4;
  const std::span<const double> t(temperature), l(latency);
  const double t_first = Mean(t.first(quarter)), t_last = Mean(t.last(quarter));
  const double l_first = Mean(l.first(quarter)), l_last = Mean(l.last(quarter));
  const auto r = Pearson(t, l);
  if (!r || *r < kMinCorrelation || t_last - t_first < kMinTemperatureRiseC || l_first <= 0 ||
      l_last / l_first - 1 < kMinLatencyRise) {
    return std::nullopt;
  }
  return fmt::format(
      "latency rose {:.0f}% ({:.2f} to {:.2f} ms, first to last quarter of the runs) as the "
      "temperature rose from {:.1f} to {:.1f} C (correlation {:.2f})",
      (l_last / l_first - 1) * 100, l_first, l_last, t_first, t_last, *r);
}

}  // namespace

const char* PhaseName(Phase phase) {
  switch (phase) {
    case Phase::kCooldown: return "cooldown";
    case Phase::kLoad: return "load";
    case Phase::kWarmup: return "warmup";
    case Phase::kMeasure: return "measure";
  }
  return "unknown";
}

Phase PhaseAt(double t_s, const PhaseStarts& starts) {
  if (t_s >= starts.measure_s) return Phase::kMeasure;
  if (t_s >= starts.warmup_s) return Phase::kWarmup;
  if (t_s >= starts.load_s) return Phase::kLoad;
  return Phase::kCooldown;
}

bool GovernorWantsMaximum(const std::string& governor, const std::string& driver) {
  if (governor == "performance" || governor == "ondemand" || governor == "schedutil" ||
      governor == "conservative") {
    return true;
  }
  return governor == "powersave" && (driver == "intel_pstate" || driver.starts_with("amd-pstate"));
}

std::optional<double> Pearson(std::span<const double> x, std::span<const double> y) {
  const size_t n = std::min(x.size(), y.size());
  if (n < 2) return std::nullopt;
  const double mx = Mean(x.first(n)), my = Mean(y.first(n));
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < n; ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx <= 0 || syy <= 0) return std::nullopt;
  return sxy / std::sqrt(sxx * syy);
}

Verdict Judge(const Sensors& sensors, std::span<const Reading> readings, const PhaseStarts& starts,
              const Inferences& inferences, std::optional<int64_t> peak_rss_bytes) {
  Verdict v;
  v.temperature_c = RangeOf(readings, starts, [](const Reading& r) { return r.temperature_c; });
  v.cpu_mhz = RangeOf(readings, starts, [](const Reading& r) { return r.cpu_mhz; });
  for (const CpuClock& cpu : sensors.cpus) {
    if (cpu.max_mhz && (!v.max_cpu_mhz || *cpu.max_mhz > *v.max_cpu_mhz))
      v.max_cpu_mhz = cpu.max_mhz;
  }
  v.peak_rss_bytes = peak_rss_bytes;
  for (const Reading& r : readings) {
    if (r.rss_bytes && (!v.peak_rss_bytes || *r.rss_bytes > *v.peak_rss_bytes)) {
      v.peak_rss_bytes = r.rss_bytes;
    }
  }
  for (const auto& reason : {FlagsReason(readings, starts), ClockReason(sensors, readings, starts),
                             DriftReason(readings, inferences)}) {
    if (reason) v.throttle_reasons.push_back(*reason);
  }
  v.throttled = !v.throttle_reasons.empty();
  return v;
}

std::optional<std::string> CompetingLoadWarning(std::span<const Reading> readings,
                                                const PhaseStarts& starts, int threads, int cores) {
  if (cores <= 0) return std::nullopt;
  std::optional<double> highest;
  for (const Reading& r : readings) {
    if (!r.load1 || PhaseAt(r.t_s, starts) != Phase::kMeasure) continue;
    highest = std::max(highest.value_or(*r.load1), *r.load1);
  }
  const int capacity = std::max(cores, threads);
  if (!highest || *highest <= capacity + kLoadSlack) return std::nullopt;
  return fmt::format(
      "the machine was busy: the 1-minute load average reached {:.1f} during the runs, on {} "
      "core{} with edgebench using {} thread{}; other processes competed for the CPUs, the "
      "timings are slower and noisier than this machine can do",
      *highest, cores, cores == 1 ? "" : "s", threads, threads == 1 ? "" : "s");
}

std::string ThrottleWarning(const Verdict& verdict) {
  if (!verdict.throttled) return "";
  return fmt::format("the machine throttled ({}): add cooling (a fan or a heatsink) and run again",
                     fmt::join(verdict.throttle_reasons, "; "));
}

}  // namespace edgebench::sysmon
