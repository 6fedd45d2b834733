#include "cli/run_sysmon.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <thread>

#include "cli/commands.h"
#include "cli/run_progress.h"
#include "sysmon/sysmon_json.h"
#include "sysmon/verdict.h"

namespace edgebench::cli {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::ordered_json;

// --cooldown-temp gives up after this long rather than wait forever on a
// machine that cannot get that cool.
constexpr double kMaxCooldownSeconds = 600;
constexpr auto kCooldownPoll = std::chrono::milliseconds(250);
constexpr double kLogEverySeconds = 5;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A countdown line: redrawn in place on a terminal, a log line every few
// seconds otherwise, nothing when quiet.
class Countdown {
 public:
  explicit Countdown(bool quiet) : style_(RunProgress::ChooseStyle(quiet)) {}
  void Show(double elapsed_s, const std::string& text) {
    if (style_ == RunProgress::Style::kBar) {
      fmt::print(stderr, "\r\033[Kcooling down: {}", text);
      std::fflush(stderr);
      drew_ = true;
    } else if (style_ == RunProgress::Style::kLog && elapsed_s >= next_log_s_) {
      fmt::print(stderr, "cooling down: {}\n", text);
      next_log_s_ = elapsed_s + kLogEverySeconds;
    }
  }
  ~Countdown() {
    if (drew_) fmt::print(stderr, "\n");
  }

 private:
  RunProgress::Style style_;
  double next_log_s_ = 0;
  bool drew_ = false;
};

std::string RangeText(const ordered_json& range, const char* unit, const char* format) {
  if (range.is_null()) return fmt::format("{} not available", unit);
  return fmt::format(fmt::runtime(format), range["min"].get<double>(), range["mean"].get<double>(),
                     range["max"].get<double>());
}

}  // namespace

void AddSysmonOptions(CLI::App* command, SysmonOptions* o) {
  command
      ->add_option("--sample-ms", o->sample_ms,
                   "Read temperature, clocks, throttle flags and memory every this many ms")
      ->capture_default_str();
  command
      ->add_option("--cooldown-temp", o->cooldown_temp_c,
                   "Before each model, wait (up to 10 minutes) until the hottest sensor is below "
                   "this many degrees C")
      ->check(FiniteNumber("--cooldown-temp"))
      ->each([o](const std::string&) { o->cooldown_temp_given = true; })
      ->type_name("C");
  command
      ->add_option("--cooldown-seconds", o->cooldown_seconds,
                   "Before each model, wait this many seconds")
      ->check(FiniteNumber("--cooldown-seconds"))
      ->type_name("S");
  command
      ->add_option("--sysfs-root", o->sysfs_root,
                   "Read sensors from DIR/sys and DIR/proc instead of /sys and /proc (for tests "
                   "and containers)")
      ->type_name("DIR")
      ->capture_default_str();
}

void ValidateSysmonOptions(const SysmonOptions& o) {
  if (o.sample_ms < 1 || o.sample_ms > 60000) {
    throw CommandError(fmt::format("--sample-ms {}: must be 1 to 60000", o.sample_ms));
  }
  if (o.cooldown_seconds < 0 || o.cooldown_seconds > 86400) {
    throw CommandError(
        fmt::format("--cooldown-seconds {}: must be 0 to 86400", o.cooldown_seconds));
  }
  if (o.cooldown_temp_given && (o.cooldown_temp_c <= 0 || o.cooldown_temp_c >= 150)) {
    throw CommandError(fmt::format("--cooldown-temp {}: must be above 0 and below 150 (degrees C)",
                                   o.cooldown_temp_c));
  }
  if (!std::filesystem::is_directory(o.sysfs_root)) {
    throw CommandError(fmt::format("--sysfs-root {}: not a folder", o.sysfs_root));
  }
}

ModelMonitor::ModelMonitor(const SysmonOptions& options, bool quiet, const std::atomic<bool>* stop)
    : options_(options), quiet_(quiet), stop_(stop) {
  sampler_ = std::make_unique<sysmon::Sampler>(sysmon::DiscoverSensors(options.sysfs_root),
                                               std::chrono::milliseconds(options.sample_ms));
  if (options.cooldown_seconds > 0) WaitSeconds(options.cooldown_seconds);
  if (options.cooldown_temp_given) WaitForTemperature(options.cooldown_temp_c);
  // Without a cool-down, loading starts at the origin: the sampler's first
  // reading may be stamped a moment before this line runs.
  const bool cooled = options.cooldown_seconds > 0 || options.cooldown_temp_given;
  load_s_ = cooled ? sampler_->SecondsSinceOrigin() : 0;
}

void ModelMonitor::WaitSeconds(double seconds) {
  Countdown countdown(quiet_);
  const auto start = Clock::now();
  for (double elapsed = 0; elapsed < seconds && !Stopping(); elapsed = SecondsSince(start)) {
    countdown.Show(elapsed, fmt::format("{:.0f} s left", std::ceil(seconds - elapsed)));
    std::this_thread::sleep_for(std::chrono::duration<double>(std::min(0.25, seconds - elapsed)));
  }
}

void ModelMonitor::WaitForTemperature(double below_c) {
  if (sampler_->sensors().temperatures.empty()) {
    warnings_.push_back(fmt::format(
        "--cooldown-temp {}: no temperature sensor on this machine, nothing to wait for", below_c));
    return;
  }
  Countdown countdown(quiet_);
  const auto start = Clock::now();
  for (;;) {
    const double elapsed = SecondsSince(start);
    const auto now = sysmon::ReadAll(sampler_->sensors()).temperature_c;
    if ((now && *now < below_c) || Stopping()) return;
    if (elapsed >= kMaxCooldownSeconds) {
      warnings_.push_back(fmt::format(
          "--cooldown-temp {}: still {} after {:.0f} s of waiting; started anyway", below_c,
          now ? fmt::format("{:.1f} C", *now) : std::string("unreadable"), elapsed));
      return;
    }
    countdown.Show(elapsed, fmt::format("{} now, waiting for below {:.1f} C ({} waited)",
                                        now ? fmt::format("{:.1f} C", *now) : "no reading", below_c,
                                        FormatDuration(elapsed)));
    std::this_thread::sleep_for(kCooldownPoll);
  }
}

void ModelMonitor::MarkHarnessStart() { harness_s_ = sampler_->SecondsSinceOrigin(); }

void ModelMonitor::Finish(std::span<const double> harness_sample_start_s,
                          bench::BenchmarkRecord& record) {
  const double end_s = sampler_->SecondsSinceOrigin();
  const std::vector<sysmon::Reading> readings = sampler_->Stop();
  record.sample_start_s.clear();
  for (double t : harness_sample_start_s) record.sample_start_s.push_back(harness_s_ + t);
  const sysmon::PhaseStarts starts{
      load_s_, harness_s_, record.sample_start_s.empty() ? end_s : record.sample_start_s.front()};
  const sysmon::Verdict verdict = sysmon::Judge(sampler_->sensors(), readings, starts,
                                                {record.sample_start_s, record.samples_ms},
                                                sysmon::ReadProcessMemory().peak_rss_bytes);
  record.sysmon =
      sysmon::SysmonJson(sampler_->sensors(), options_.sample_ms, readings, starts, verdict);
  for (std::string& w : warnings_) record.warnings.push_back(std::move(w));
  warnings_.clear();
  if (verdict.throttled) record.warnings.push_back(sysmon::ThrottleWarning(verdict));
  if (auto load = sysmon::CompetingLoadWarning(readings, starts, record.threads,
                                               record.context.machine.logical_cores)) {
    record.warnings.push_back(std::move(*load));
  }
}

void PrintSysmonSummaries(std::FILE* out, std::span<const bench::BenchmarkRecord> records) {
  bool header = false;
  for (const bench::BenchmarkRecord& r : records) {
    if (r.sysmon.is_null()) continue;
    if (!header) fmt::print(out, "\nmachine during each run (min / mean / max):\n");
    header = true;
    const ordered_json& s = r.sysmon["summary"];
    const std::string peak =
        s["peak_rss_bytes"].is_null()
            ? "peak memory not available"
            : fmt::format("peak memory {:.1f} MB", s["peak_rss_bytes"].get<double>() / 1e6);
    fmt::print(out, "  {}: {}, {}, {}{}\n", r.model.name,
               RangeText(s["temperature_c"], "temperature", "{:.1f} / {:.1f} / {:.1f} C"),
               RangeText(s["cpu_mhz"], "clock", "{:.0f} / {:.0f} / {:.0f} MHz"), peak,
               s["throttled"].get<bool>() ? ", THROTTLED (see warnings)" : "");
  }
}

}  // namespace edgebench::cli
