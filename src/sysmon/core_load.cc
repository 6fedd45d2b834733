#include "sysmon/core_load.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

namespace edgebench::sysmon {
namespace {

// "cpu3 4705 356 584 3699 23 23 0 0 0 0": user nice system idle iowait irq
// softirq steal (guest time is already inside user and nice).
Result<CpuTicks> ParseCpuLine(const std::string& line) {
  std::istringstream fields(line);
  std::string name;
  fields >> name;
  uint64_t ticks[8] = {};
  int read = 0;
  while (read < 8 && fields >> ticks[read]) ++read;
  if (read < 4) {
    return Status::Error(fmt::format("/proc/stat: malformed line '{}'", line.substr(0, 60)));
  }
  const uint64_t idle = ticks[3] + ticks[4];
  const uint64_t busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7];
  return CpuTicks{busy, busy + idle};
}

}  // namespace

Result<std::vector<CpuTicks>> ParseProcStat(const std::string& text) {
  std::vector<CpuTicks> cpus;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.size() < 4 || line.compare(0, 3, "cpu") != 0 || line[3] == ' ') continue;
    EB_ASSIGN_OR_RETURN(const CpuTicks ticks, ParseCpuLine(line));
    cpus.push_back(ticks);
  }
  if (cpus.empty()) return Status::Error("/proc/stat: no per-CPU lines");
  return cpus;
}

double BusyCores(const std::vector<CpuTicks>& before, const std::vector<CpuTicks>& after) {
  double busy = 0;
  for (size_t i = 0; i < std::min(before.size(), after.size()); ++i) {
    // Counters of a CPU taken offline in between may go back: skip it.
    if (after[i].total <= before[i].total || after[i].busy < before[i].busy) continue;
    busy += static_cast<double>(after[i].busy - before[i].busy) /
            static_cast<double>(after[i].total - before[i].total);
  }
  return busy;
}

Result<CoreLoad> MeasureCoreLoad(const std::string& proc_stat, std::chrono::milliseconds window) {
  // Streamed, not a small-file read: procfs reports no size, and the file
  // grows by a line per CPU.
  auto read = [&]() -> Result<std::vector<CpuTicks>> {
    std::ifstream file(proc_stat);
    std::ostringstream text;
    text << file.rdbuf();
    if (!file) return Status::Error(fmt::format("cannot read {}", proc_stat));
    return ParseProcStat(text.str());
  };
  EB_ASSIGN_OR_RETURN(const std::vector<CpuTicks> before, read());
  std::this_thread::sleep_for(window);
  EB_ASSIGN_OR_RETURN(const std::vector<CpuTicks> after, read());
  return CoreLoad{static_cast<int>(after.size()), BusyCores(before, after)};
}

}  // namespace edgebench::sysmon
