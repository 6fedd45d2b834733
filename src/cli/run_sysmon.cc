#include "cli/run_sysmon.h"

#include <fmt/format.h>

#include <filesystem>

#include "cli/commands.h"
#include "cli/run_report.h"

namespace edgebench::cli {
namespace {

using nlohmann::ordered_json;

constexpr double kLogEverySeconds = 5;

std::string RangeText(const ordered_json& range, const char* unit, const char* format) {
  if (range.is_null()) return fmt::format("{} not available", unit);
  return fmt::format(fmt::runtime(format), range["min"].get<double>(), range["mean"].get<double>(),
                     range["max"].get<double>());
}

}  // namespace

void AddSysmonOptions(CLI::App* command, bench::MachineWatchSettings* o) {
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

void ValidateSysmonOptions(const bench::MachineWatchSettings& o) {
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

Countdown::Countdown(bool quiet) : style_(RunProgress::ChooseStyle(quiet)) {}

void Countdown::Show(double elapsed_s, const std::string& text) {
  if (style_ == RunProgress::Style::kBar) {
    fmt::print(stderr, "\r\033[Kcooling down: {}", text);
    std::fflush(stderr);
    drew_ = true;
  } else if (style_ == RunProgress::Style::kLog && elapsed_s >= next_log_s_) {
    fmt::print(stderr, "cooling down: {}\n", text);
    next_log_s_ = elapsed_s + kLogEverySeconds;
  }
}

void Countdown::End() {
  if (drew_) fmt::print(stderr, "\n");
  drew_ = false;
  next_log_s_ = 0;
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
    fmt::print(out, "  {}: {}, {}, {}{}\n", RunName(r, records),
               RangeText(s["temperature_c"], "temperature", "{:.1f} / {:.1f} / {:.1f} C"),
               RangeText(s["cpu_mhz"], "clock", "{:.0f} / {:.0f} / {:.0f} MHz"), peak,
               s["throttled"].get<bool>() ? ", THROTTLED (see warnings)" : "");
  }
}

}  // namespace edgebench::cli
