#include "sysmon/sysmon_json.h"

namespace edgebench::sysmon {
namespace {

using json = nlohmann::ordered_json;

template <typename T>
json OrNull(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

json RangeJson(const std::optional<Range>& range) {
  if (!range) return nullptr;
  return {{"min", range->min}, {"mean", range->mean}, {"max", range->max}};
}

json Sensor(SensorKind kind, const std::string& name, const std::string& path) {
  return {{"kind", SensorKindName(kind)}, {"name", name}, {"path", path}};
}

}  // namespace

json SensorsJson(const Sensors& sensors, bool with_readings) {
  json list = json::array();
  for (const TemperatureSensor& t : sensors.temperatures) {
    json entry = Sensor(t.kind, t.name, t.path);
    if (with_readings) entry["reading"] = OrNull(ReadCelsius(t));
    list.push_back(std::move(entry));
  }
  for (const CpuClock& cpu : sensors.cpus) {
    json entry = Sensor(SensorKind::kCpufreq, "cpu" + std::to_string(cpu.cpu), cpu.path);
    entry["min_mhz"] = OrNull(cpu.min_mhz);
    entry["max_mhz"] = OrNull(cpu.max_mhz);
    entry["policy_max_mhz"] = OrNull(cpu.policy_max_mhz);
    entry["governor"] = cpu.governor;
    entry["driver"] = cpu.driver;
    if (with_readings) entry["reading"] = OrNull(ReadCurrentMhz(cpu));
    list.push_back(std::move(entry));
  }
  if (sensors.throttle) {
    const bool sysfs = sensors.throttle->kind == ThrottleSource::Kind::kSysfs;
    json entry = Sensor(SensorKind::kThrottle, sysfs ? "get_throttled" : "vcgencmd get_throttled",
                        sensors.throttle->path);
    if (with_readings) entry["reading"] = OrNull(ReadThrottleFlags(*sensors.throttle));
    list.push_back(std::move(entry));
  }
  return list;
}

json SysmonJson(const Sensors& sensors, int sample_interval_ms, std::span<const Reading> readings,
                const PhaseStarts& starts, const Verdict& verdict) {
  json timeline = json::array();
  for (const Reading& r : readings) {
    timeline.push_back({{"t_s", r.t_s},
                        {"phase", PhaseName(PhaseAt(r.t_s, starts))},
                        {"temperature_c", OrNull(r.temperature_c)},
                        {"cpu_mhz", OrNull(r.cpu_mhz)},
                        {"cpu_mhz_max", OrNull(r.cpu_mhz_max)},
                        {"throttle_flags", OrNull(r.throttle_flags)},
                        {"rss_bytes", OrNull(r.rss_bytes)},
                        {"load1", OrNull(r.load1)}});
  }
  json summary = {{"temperature_c", RangeJson(verdict.temperature_c)},
                  {"cpu_mhz", RangeJson(verdict.cpu_mhz)},
                  {"max_cpu_mhz", OrNull(verdict.max_cpu_mhz)},
                  {"peak_rss_bytes", OrNull(verdict.peak_rss_bytes)},
                  {"throttled", verdict.throttled},
                  {"throttle_reasons", verdict.throttle_reasons}};
  return {{"sample_interval_ms", sample_interval_ms},
          {"sensors", SensorsJson(sensors, false)},
          {"timeline", std::move(timeline)},
          {"summary", std::move(summary)}};
}

}  // namespace edgebench::sysmon
