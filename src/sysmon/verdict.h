// What a run's readings say: min/mean/max temperature and clock, peak
// memory, and whether the machine throttled, with the reasons.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sysmon/sensors.h"

namespace edgebench::sysmon {

enum class Phase { kCooldown, kLoad, kWarmup, kMeasure };
// "cooldown", "load", "warmup", "measure": the timeline's `phase`.
const char* PhaseName(Phase phase);

// When each phase began, in seconds since the sampler's origin. Cool-down
// runs from the origin to load_s (zero length without --cooldown-*).
struct PhaseStarts {
  double load_s = 0;
  double warmup_s = 0;
  double measure_s = 0;
};
Phase PhaseAt(double t_s, const PhaseStarts& starts);

struct Range {
  double min = 0, mean = 0, max = 0;
};

struct Verdict {
  std::optional<Range> temperature_c;  // hottest sensor, over every phase but cool-down
  std::optional<Range> cpu_mhz;        // mean clock over CPUs, same readings
  std::optional<double> max_cpu_mhz;   // the highest cpuinfo_max_freq of any CPU
  std::optional<int64_t> peak_rss_bytes;
  bool throttled = false;
  std::vector<std::string> throttle_reasons;  // one line each; empty unless throttled
};

// The measured inferences: start (seconds since the sampler's origin) and
// latency (ms) of each, in run order; both spans have the same length.
struct Inferences {
  std::span<const double> start_s;
  std::span<const double> latency_ms;
};

// Judges a run. Throttled when (1) any reading's firmware flags have a
// known bit set, (2) during the measured phase the fastest CPU ran below
// 80% of its policy ceiling in at least two readings (or in every reading
// when there are fewer) while the governor asks for the maximum under
// load, or (3) latency rose at least 5% from the first quarter of the runs
// to the last while the temperature rose at least 2 C, with a Pearson
// correlation of at least 0.5 between each run's latency and the
// temperature last read before it started.
Verdict Judge(const Sensors& sensors, std::span<const Reading> readings, const PhaseStarts& starts,
              const Inferences& inferences, std::optional<int64_t> peak_rss_bytes);

// Whether `governor` raises the clock to its ceiling under full load
// (performance, ondemand, schedutil, conservative; powersave only under the
// intel_pstate / amd-pstate drivers, where it is dynamic).
bool GovernorWantsMaximum(const std::string& governor, const std::string& driver);

// The warning a throttled run gets: its reasons and the original
// benchmark's advice, add cooling. Empty when not throttled.
std::string ThrottleWarning(const Verdict& verdict);

// Whether other work competed with the benchmark for the CPUs: the highest
// 1-minute load average read during the measured phase, against what the
// benchmark itself can account for. The load average counts runnable
// threads; the benchmark's `threads` add at most that many, and up to
// `cores` runnable threads all get a CPU. So when the load exceeds
// max(cores, threads) by more than half a core, something else wanted a CPU
// while every CPU was taken: some thread, maybe the benchmark's, waited.
// (The load average lags by about a minute, so a short run mostly sees the
// load just before it, which is still what it competed with.) Returns the
// warning, or nothing; nothing without load readings or with cores unknown
// (0).
std::optional<std::string> CompetingLoadWarning(std::span<const Reading> readings,
                                                const PhaseStarts& starts, int threads, int cores);

// Pearson's correlation coefficient; nullopt with fewer than two pairs or
// when either side is constant.
std::optional<double> Pearson(std::span<const double> x, std::span<const double> y);

}  // namespace edgebench::sysmon
