// The machine watch of a benchmark: a listener that, before each model,
// starts a sysmon sampler (the timeline's origin) and waits out the
// cool-down; marks when the harness starts; and when the timed runs are
// over, stops the sampler and writes its block, verdict and warnings into
// the record.
#pragma once

#include <atomic>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "bench/benchmark_model.h"
#include "sysmon/sampler.h"

namespace edgebench::bench {

struct MachineWatchSettings {
  std::string sysfs_root = "/";  // where sys/ and proc/ are read; a fake tree for tests
  int sample_ms = sysmon::kDefaultSampleIntervalMs;
  double cooldown_temp_c = 0;  // with cooldown_temp_given: wait until the hottest is below
  bool cooldown_temp_given = false;
  double cooldown_seconds = 0;  // wait this long first; 0: no wait
};

// Shows a cool-down as it goes (the CLI's countdown line).
class CooldownDisplay {
 public:
  virtual ~CooldownDisplay() = default;
  // `text` says what is left, e.g. "12 s left"; called every quarter second.
  virtual void Show(double elapsed_s, const std::string& text) = 0;
  // The wait is over.
  virtual void End() = 0;
};

class MachineWatch : public BenchmarkListener {
 public:
  // `stop` (Ctrl-C) cuts a cool-down short; `display` may be null.
  MachineWatch(const MachineWatchSettings& settings, const std::atomic<bool>* stop,
               CooldownDisplay* display);

  // Discovers the sensors, starts the sampler, then waits out the
  // cool-down; loading starts when it returns.
  void OnModelStart(const std::string& model) override;
  void OnHarnessStart() override;
  // Writes sample_start_s (the harness's start times moved onto the
  // timeline's clock), the sysmon block, and the throttle and cool-down
  // warnings. Needs record.samples_ms. The first call after OnModelStart
  // stops the sampler; side by side, each runtime's record is then judged
  // on the same readings with its own runs.
  void OnTimedRunsEnd(std::span<const double> harness_sample_start_s,
                      BenchmarkRecord& record) override;

 private:
  void WaitSeconds(double seconds);
  void WaitForTemperature(double below_c);
  bool Stopping() const { return stop_ != nullptr && stop_->load(); }
  void Show(double elapsed_s, const std::string& text) {
    if (display_ != nullptr) display_->Show(elapsed_s, text);
  }

  MachineWatchSettings settings_;
  const std::atomic<bool>* stop_;
  CooldownDisplay* display_;
  std::unique_ptr<sysmon::Sampler> sampler_;
  double load_s_ = 0, harness_s_ = 0, end_s_ = 0;
  bool stopped_ = false;  // the sampler, since OnModelStart
  std::vector<sysmon::Reading> readings_;
  std::vector<std::string> warnings_;
};

// "1:05:03", "4:09", "0:07": minutes and seconds, hours when needed.
std::string FormatDuration(double seconds);

}  // namespace edgebench::bench
