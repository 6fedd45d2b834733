// `edgebench run`'s machine watch (bench/machine_watch.h) on the command
// line: its options (--sample-ms, --cooldown-*, --sysfs-root), the
// cool-down countdown, and the console summary.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdio>
#include <span>
#include <string>

#include "bench/machine_watch.h"
#include "bench/result_record.h"
#include "cli/run_progress.h"

namespace edgebench::cli {

void AddSysmonOptions(CLI::App* command, bench::MachineWatchSettings* options);
// Throws CommandError.
void ValidateSysmonOptions(const bench::MachineWatchSettings& options);

// The cool-down countdown on stderr: redrawn in place on a terminal, a log
// line every few seconds otherwise, nothing when quiet.
class Countdown : public bench::CooldownDisplay {
 public:
  explicit Countdown(bool quiet);
  void Show(double elapsed_s, const std::string& text) override;
  void End() override;

 private:
  RunProgress::Style style_;
  double next_log_s_ = 0;
  bool drew_ = false;
};

// One line per model from its record's sysmon block: temperature and clock
// ranges, peak memory, and whether it throttled.
void PrintSysmonSummaries(std::FILE* out, std::span<const bench::BenchmarkRecord> records);

}  // namespace edgebench::cli
