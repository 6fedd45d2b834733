#include "bench/machine_watch.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "sysmon/sysmon_json.h"
#include "sysmon/verdict.h"

namespace edgebench::bench {
namespace {

using Clock = std::chrono::steady_clock;

// --cooldown-temp gives up after this long rather than wait forever on a
// machine that cannot get that cool.
constexpr double kMaxCooldownSeconds = 600;
constexpr auto kCooldownPoll = std::chrono::milliseconds(250);

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

std::string FormatDuration(double seconds) {
  const auto total = static_cast<int64_t>(std::llround(std::max(seconds, 0.0)));
  const int64_t hours = total / 3600, minutes = total / 60 % 60, secs = total % 60;
  if (hours > 0) return fmt::format("{}:{:02}:{:02}", hours, minutes, secs);
  return fmt::format("{}:{:02}", minutes, secs);
}

MachineWatch::MachineWatch(const MachineWatchSettings& settings, const std::atomic<bool>* stop,
                           CooldownDisplay* display)
    : settings_(settings), stop_(stop), display_(display) {}

void MachineWatch::OnModelStart(const std::string&) {
  sampler_ = std::make_unique<sysmon::Sampler>(sysmon::DiscoverSensors(settings_.sysfs_root),
                                               std::chrono::milliseconds(settings_.sample_ms));
  warnings_.clear();
  readings_.clear();
  stopped_ = false;
  if (settings_.cooldown_seconds > 0) WaitSeconds(settings_.cooldown_seconds);
  if (settings_.cooldown_temp_given) WaitForTemperature(settings_.cooldown_temp_c);
  // Without a cool-down, loading starts at the origin: the sampler's first
  // reading may be stamped a moment before this line runs.
  const bool cooled = settings_.cooldown_seconds > 0 || settings_.cooldown_temp_given;
  load_s_ = cooled ? sampler_->SecondsSinceOrigin() : 0;
}

void MachineWatch::WaitSeconds(double seconds) {
  const auto start = Clock::now();
  for (double elapsed = 0; elapsed < seconds && !Stopping(); elapsed = SecondsSince(start)) {
    Show(elapsed, fmt::format("{:.0f} s left", std::ceil(seconds - elapsed)));
    std::this_thread::sleep_for(std::chrono::duration<double>(std::min(0.25, seconds - elapsed)));
  }
  if (display_ != nullptr) display_->End();
}

void MachineWatch::WaitForTemperature(double below_c) {
  if (sampler_->sensors().temperatures.empty()) {
    warnings_.push_back(fmt::format(
        "--cooldown-temp {}: no temperature sensor on this machine, nothing to wait for", below_c));
    return;
  }
  const auto start = Clock::now();
  for (;;) {
    const double elapsed = SecondsSince(start);
    const auto now = sysmon::ReadAll(sampler_->sensors()).temperature_c;
    if ((now && *now < below_c) || Stopping()) break;
    if (elapsed >= kMaxCooldownSeconds) {
      warnings_.push_back(fmt::format(
          "--cooldown-temp {}: still {} after {:.0f} s of waiting; started anyway", below_c,
          now ? fmt::format("{:.1f} C", *now) : std::string("unreadable"), elapsed));
      break;
    }
    Show(elapsed, fmt::format("{} now, waiting for below {:.1f} C ({} waited)",
                              now ? fmt::format("{:.1f} C", *now) : "no reading", below_c,
                              FormatDuration(elapsed)));
    std::this_thread::sleep_for(kCooldownPoll);
  }
  if (display_ != nullptr) display_->End();
}

void MachineWatch::OnHarnessStart() { harness_s_ = sampler_->SecondsSinceOrigin(); }

void MachineWatch::OnTimedRunsEnd(std::span<const double> harness_sample_start_s,
                                  BenchmarkRecord& record) {
  // Side by side, every runtime's record comes after the same timed runs:
  // the first stops the sampler, all are judged on its readings.
  if (!stopped_) {
    end_s_ = sampler_->SecondsSinceOrigin();
    readings_ = sampler_->Stop();
    stopped_ = true;
  }
  const std::vector<sysmon::Reading>& readings = readings_;
  const double end_s = end_s_;
  record.sample_start_s.clear();
  for (double t : harness_sample_start_s) record.sample_start_s.push_back(harness_s_ + t);
  const sysmon::PhaseStarts starts{
      load_s_, harness_s_, record.sample_start_s.empty() ? end_s : record.sample_start_s.front()};
  const sysmon::Verdict verdict = sysmon::Judge(sampler_->sensors(), readings, starts,
                                                {record.sample_start_s, record.samples_ms},
                                                sysmon::ReadProcessMemory().peak_rss_bytes);
  record.sysmon =
      sysmon::SysmonJson(sampler_->sensors(), settings_.sample_ms, readings, starts, verdict);
  record.warnings.insert(record.warnings.end(), warnings_.begin(), warnings_.end());
  if (verdict.throttled) record.warnings.push_back(sysmon::ThrottleWarning(verdict));
  if (auto load = sysmon::CompetingLoadWarning(readings, starts, record.threads,
                                               record.context.machine.logical_cores)) {
    record.warnings.push_back(std::move(*load));
  }
}

}  // namespace edgebench::bench
