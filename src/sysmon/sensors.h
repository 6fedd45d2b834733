// The machine's sensors as Linux exposes them: thermal zones, hwmon
// temperatures, per-CPU cpufreq, the Raspberry Pi firmware's throttle flags,
// the load average and this process's memory. Every one is optional: a
// machine without it simply has none (many VMs have no sensor at all).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sysmon/throttle.h"

namespace edgebench::sysmon {

enum class SensorKind { kThermalZone, kHwmon, kCpufreq, kThrottle };
// "thermal_zone", "hwmon", "cpufreq", "throttle": the record's `kind`.
const char* SensorKindName(SensorKind kind);

// A temperature file in millidegrees Celsius.
struct TemperatureSensor {
  SensorKind kind = SensorKind::kThermalZone;  // kThermalZone or kHwmon
  std::string name;  // zone type ("cpu_thermal"), or hwmon name and label ("k10temp Tctl")
  std::string path;  // the file read
};

// One CPU's cpufreq folder. Clocks in MHz (sysfs gives kHz).
struct CpuClock {
  int cpu = 0;
  std::string path;                      // .../cpuN/cpufreq
  std::optional<double> min_mhz;         // cpuinfo_min_freq: the hardware's lowest
  std::optional<double> max_mhz;         // cpuinfo_max_freq: the hardware's highest
  std::optional<double> policy_max_mhz;  // scaling_max_freq: the ceiling the governor may use
  std::string governor;                  // scaling_governor, "" if unreadable
  std::string driver;                    // scaling_driver, e.g. "intel_pstate", "" if unreadable
};

// Everything found under one root when the run started. Discovery reads
// each file once; sensors that cannot be read then are left out.
struct Sensors {
  std::string root;  // "/" normally; a fake tree in tests
  std::vector<TemperatureSensor> temperatures;
  std::vector<CpuClock> cpus;  // by CPU index
  std::optional<ThrottleSource> throttle;
  std::string loadavg_path;  // root's proc/loadavg (may be absent)
};

// Scans root's sys/class/thermal/thermal_zone*, sys/class/hwmon/hwmon*
// (temp*_input), sys/devices/system/cpu/cpu*/cpufreq and the throttle
// source. Never fails: what is missing is not listed.
Sensors DiscoverSensors(const std::string& root);

// Current readings, nullopt when the file gives nothing now.
std::optional<double> ReadCelsius(const TemperatureSensor& sensor);
std::optional<double> ReadCurrentMhz(const CpuClock& cpu);  // scaling_cur_freq
std::optional<double> ReadLoad1(const Sensors& sensors);    // 1-minute load average

// This process's resident memory (from the real /proc/self/status, whatever
// the root: it is the process, not the machine). Bytes.
struct ProcessMemory {
  std::optional<int64_t> rss_bytes;       // VmRSS: now
  std::optional<int64_t> peak_rss_bytes;  // VmHWM: the highest since the process started
};
ProcessMemory ReadProcessMemory();

// One sample of every sensor, reduced to what the timeline keeps.
struct Reading {
  double t_s = 0;                       // seconds since the sampler's origin
  std::optional<double> temperature_c;  // the hottest temperature sensor
  std::optional<double> cpu_mhz;        // mean current clock over the CPUs
  std::optional<double> cpu_mhz_max;    // the fastest CPU's current clock
  std::optional<uint32_t> throttle_flags;
  std::optional<int64_t> rss_bytes;
  std::optional<double> load1;
};

// Reads every sensor now; t_s is left 0 for the caller to set.
Reading ReadAll(const Sensors& sensors);

}  // namespace edgebench::sysmon
