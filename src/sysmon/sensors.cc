#include "sysmon/sensors.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <sstream>

#include "sysmon/sysfs_file.h"

namespace edgebench::sysmon {
namespace {

namespace fs = std::filesystem;

// The number after `prefix` in a name like "thermal_zone12" or "cpu3";
// nullopt when the rest is not all digits.
std::optional<int> IndexAfter(const std::string& name, std::string_view prefix) {
  if (!name.starts_with(prefix) || name.size() == prefix.size()) return std::nullopt;
  int value = 0;
  const char* end = name.data() + name.size();
  const auto [ptr, error] = std::from_chars(name.data() + prefix.size(), end, value);
  if (error != std::errc() || ptr != end) return std::nullopt;
  return value;
}

// Entries of `dir` named prefix<N>, sorted by N (so zone 10 follows zone 9).
std::vector<std::pair<int, std::string>> IndexedEntries(const std::string& dir,
                                                        std::string_view prefix) {
  std::vector<std::pair<int, std::string>> entries;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    const std::string name = entry.path().filename().string();
    if (auto index = IndexAfter(name, prefix)) entries.emplace_back(*index, entry.path().string());
  }
  std::sort(entries.begin(), entries.end());
  return entries;
}

std::optional<double> Millidegrees(const std::string& path) {
  const auto value = ReadInteger(path);
  if (!value) return std::nullopt;
  return static_cast<double>(*value) / 1000.0;
}

std::optional<double> KilohertzAsMhz(const std::string& path) {
  const auto value = ReadInteger(path);
  if (!value || *value <= 0) return std::nullopt;
  return static_cast<double>(*value) / 1000.0;
}

void AddThermalZones(const std::string& root, Sensors& sensors) {
  for (const auto& [index, dir] :
       IndexedEntries(JoinPath(root, "sys/class/thermal"), "thermal_zone")) {
    TemperatureSensor sensor{
        SensorKind::kThermalZone,
        ReadSmallFile(dir + "/type").value_or("thermal_zone" + std::to_string(index)),
        dir + "/temp"};
    if (ReadCelsius(sensor)) sensors.temperatures.push_back(std::move(sensor));
  }
}

void AddHwmon(const std::string& root, Sensors& sensors) {
  for (const auto& [index, dir] : IndexedEntries(JoinPath(root, "sys/class/hwmon"), "hwmon")) {
    const std::string chip = ReadSmallFile(dir + "/name").value_or("hwmon" + std::to_string(index));
    std::vector<std::pair<int, std::string>> inputs;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(dir, error)) {
      const std::string name = entry.path().filename().string();
      if (!name.ends_with("_input")) continue;
      if (auto n = IndexAfter(name.substr(0, name.size() - 6), "temp"))
        inputs.emplace_back(*n, name);
    }
    std::sort(inputs.begin(), inputs.end());
    for (const auto& [n, input] : inputs) {
      const std::string label = ReadSmallFile(dir + "/temp" + std::to_string(n) + "_label")
                                    .value_or("temp" + std::to_string(n));
      TemperatureSensor sensor{SensorKind::kHwmon, chip + " " + label, dir + "/" + input};
      if (ReadCelsius(sensor)) sensors.temperatures.push_back(std::move(sensor));
    }
  }
}

void AddCpus(const std::string& root, Sensors& sensors) {
  for (const auto& [index, dir] : IndexedEntries(JoinPath(root, "sys/devices/system/cpu"), "cpu")) {
    CpuClock cpu;
    cpu.cpu = index;
    cpu.path = dir + "/cpufreq";
    if (!ReadInteger(cpu.path + "/scaling_cur_freq")) continue;
    cpu.min_mhz = KilohertzAsMhz(cpu.path + "/cpuinfo_min_freq");
    cpu.max_mhz = KilohertzAsMhz(cpu.path + "/cpuinfo_max_freq");
    cpu.policy_max_mhz = KilohertzAsMhz(cpu.path + "/scaling_max_freq");
    cpu.governor = ReadSmallFile(cpu.path + "/scaling_governor").value_or("");
    cpu.driver = ReadSmallFile(cpu.path + "/scaling_driver").value_or("");
    sensors.cpus.push_back(std::move(cpu));
  }
}

}  // namespace

const char* SensorKindName(SensorKind kind) {
  switch (kind) {
    case SensorKind::kThermalZone: return "thermal_zone";
    case SensorKind::kHwmon: return "hwmon";
    case SensorKind::kCpufreq: return "cpufreq";
    case SensorKind::kThrottle: return "throttle";
  }
  return "unknown";
}

Sensors DiscoverSensors(const std::string& root) {
  Sensors sensors;
  sensors.root = root;
  AddThermalZones(root, sensors);
  AddHwmon(root, sensors);
  AddCpus(root, sensors);
  sensors.throttle = FindThrottleSource(root);
  sensors.loadavg_path = JoinPath(root, "proc/loadavg");
  return sensors;
}

std::optional<double> ReadCelsius(const TemperatureSensor& sensor) {
  return Millidegrees(sensor.path);
}

std::optional<double> ReadCurrentMhz(const CpuClock& cpu) {
  return KilohertzAsMhz(cpu.path + "/scaling_cur_freq");
}

std::optional<double> ReadLoad1(const Sensors& sensors) {
  const auto text = ReadSmallFile(sensors.loadavg_path);
  if (!text) return std::nullopt;
  double load = 0;
  const char* end = text->data() + text->size();
  const auto [ptr, error] = std::from_chars(text->data(), end, load);
  if (error != std::errc() || (ptr != end && *ptr != ' ')) return std::nullopt;
  return load;
}

ProcessMemory ReadProcessMemory() {
  ProcessMemory memory;
  const auto status = ReadSmallFile("/proc/self/status");
  if (!status) return memory;
  std::istringstream lines(*status);
  std::string line;
  // Lines like "VmRSS:\t   12345 kB".
  while (std::getline(lines, line)) {
    std::optional<int64_t>* target = nullptr;
    if (line.starts_with("VmRSS:")) target = &memory.rss_bytes;
    if (line.starts_with("VmHWM:")) target = &memory.peak_rss_bytes;
    if (target == nullptr) continue;
    std::istringstream fields(line.substr(6));
    int64_t kib = 0;
    if (fields >> kib) *target = kib * 1024;
  }
  return memory;
}

Reading ReadAll(const Sensors& sensors) {
  Reading r;
  for (const TemperatureSensor& sensor : sensors.temperatures) {
    const auto c = ReadCelsius(sensor);
    if (c && (!r.temperature_c || *c > *r.temperature_c)) r.temperature_c = c;
  }
  double sum = 0;
  int count = 0;
  for (const CpuClock& cpu : sensors.cpus) {
    const auto mhz = ReadCurrentMhz(cpu);
    if (!mhz) continue;
    sum += *mhz;
    ++count;
    if (!r.cpu_mhz_max || *mhz > *r.cpu_mhz_max) r.cpu_mhz_max = mhz;
  }
  if (count > 0) r.cpu_mhz = sum / count;
  if (sensors.throttle) r.throttle_flags = ReadThrottleFlags(*sensors.throttle);
  r.rss_bytes = ReadProcessMemory().rss_bytes;
  r.load1 = ReadLoad1(sensors);
  return r;
}

}  // namespace edgebench::sysmon
