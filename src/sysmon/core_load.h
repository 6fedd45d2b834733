// How busy the cores are, from the kernel's per-CPU time counters
// (/proc/stat's "cpuN" lines): what `run` uses to choose its default
// thread count, so a benchmark on a shared machine does not put a second
// thread on a core another process keeps busy (a thread pool waiting on a
// descheduled worker made 2 threads 10-70x slower than 1 here).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "graph/status.h"

namespace edgebench::sysmon {

// One CPU's counters, in the kernel's ticks.
struct CpuTicks {
  uint64_t busy = 0;   // user, nice, system, irq, softirq, steal
  uint64_t total = 0;  // the above plus idle and iowait
};

// The per-CPU lines of /proc/stat text ("cpu0 ..."), in order; the summary
// "cpu " line is left out. An error when there is none or one is malformed.
Result<std::vector<CpuTicks>> ParseProcStat(const std::string& text);

// Cores' worth of busy time between two readings of the same CPUs: the sum
// over CPUs of the busy share of their ticks (0.0 to the CPU count). CPUs
// without ticks in between count as idle.
double BusyCores(const std::vector<CpuTicks>& before, const std::vector<CpuTicks>& after);

struct CoreLoad {
  int cores = 0;          // logical CPUs counted
  double busy_cores = 0;  // BusyCores over the window
};

// Reads `proc_stat` (normally /proc/stat) twice, `window` apart.
Result<CoreLoad> MeasureCoreLoad(const std::string& proc_stat, std::chrono::milliseconds window);

}  // namespace edgebench::sysmon
