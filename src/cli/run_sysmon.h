// `edgebench run`'s machine watch: the options (--sample-ms, --cooldown-*,
// --sysfs-root), a sampler around each model's benchmark, its verdict in
// the record, and the console summary. run_command.cc calls these.
#pragma once

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "bench/result_record.h"
#include "sysmon/sampler.h"

namespace edgebench::cli {

struct SysmonOptions {
  std::string sysfs_root = "/";  // where sys/ and proc/ are read; a fake tree for tests
  int sample_ms = sysmon::kDefaultSampleIntervalMs;
  double cooldown_temp_c = 0;  // with cooldown_temp_given: wait until the hottest is below
  bool cooldown_temp_given = false;
  double cooldown_seconds = 0;  // wait this long first; 0: no wait
};

void AddSysmonOptions(CLI::App* command, SysmonOptions* options);
void ValidateSysmonOptions(const SysmonOptions& options);  // throws CommandError

// Watches one model's benchmark. The constructor discovers the sensors,
// starts the sampler (the timeline's origin), then waits out --cooldown-*
// with a countdown on stderr (none when quiet), cut short when `stop` is
// set (Ctrl-C); loading starts when it returns.
class ModelMonitor {
 public:
  ModelMonitor(const SysmonOptions& options, bool quiet, const std::atomic<bool>* stop);

  // Call just before the harness starts: the warm-up begins.
  void MarkHarnessStart();

  // Stops the sampler and writes into `record`: sample_start_s (the
  // harness's start times moved onto the timeline's clock), the sysmon
  // block, and the throttle and cool-down warnings. Needs record.samples_ms.
  void Finish(std::span<const double> harness_sample_start_s, bench::BenchmarkRecord& record);

 private:
  void WaitSeconds(double seconds);
  void WaitForTemperature(double below_c);
  bool Stopping() const { return stop_ != nullptr && stop_->load(); }

  SysmonOptions options_;
  bool quiet_;
  const std::atomic<bool>* stop_;
  std::unique_ptr<sysmon::Sampler> sampler_;
  double load_s_ = 0, harness_s_ = 0;
  std::vector<std::string> warnings_;
};

// One line per model from its record's sysmon block: temperature and clock
// ranges, peak memory, and whether it throttled.
void PrintSysmonSummaries(std::FILE* out, std::span<const bench::BenchmarkRecord> records);

}  // namespace edgebench::cli
