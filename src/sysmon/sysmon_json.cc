#include "sysmon/sysmon_json.h"

#include <algorithm>

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

// Widens [low, high] to hold `value` (when there is one).
template <typename T>
void Widen(std::optional<T>& low, std::optional<T>& high, const std::optional<T>& value) {
  if (!value) return;
  if (!low || *value < *low) low = value;
  if (!high || *value > *high) high = value;
}

// Two points for a bucket of readings: every sensor's minimum at the first
// reading's time, every sensor's maximum at the last one's.
void AddBucket(std::span<const Reading> bucket, const PhaseStarts& starts,
               std::vector<TimelinePoint>& points) {
  Reading low, high;
  low.t_s = bucket.front().t_s;
  high.t_s = bucket.back().t_s;
  std::optional<uint32_t> flags;
  for (const Reading& r : bucket) {
    Widen(low.temperature_c, high.temperature_c, r.temperature_c);
    Widen(low.cpu_mhz, high.cpu_mhz, r.cpu_mhz);
    Widen(low.cpu_mhz_max, high.cpu_mhz_max, r.cpu_mhz_max);
    Widen(low.rss_bytes, high.rss_bytes, r.rss_bytes);
    Widen(low.load1, high.load1, r.load1);
    if (r.throttle_flags) flags = flags.value_or(0) | *r.throttle_flags;
  }
  low.throttle_flags = high.throttle_flags = flags;
  points.push_back({low, PhaseName(PhaseAt(low.t_s, starts))});
  points.push_back({high, PhaseName(PhaseAt(high.t_s, starts))});
}

// Field `name` of point i of a stored timeline: element i of column `name`,
// or (records saved before the columns) member `name` of object i. Null
// when there is no such value.
const json& FieldOf(const json& timeline, size_t i, const char* name) {
  static const json kAbsent;
  const json& holder = timeline.is_object() ? timeline : timeline[i];
  if (!holder.is_object()) return kAbsent;
  const auto it = holder.find(name);
  if (it == holder.end()) return kAbsent;
  if (!timeline.is_object()) return *it;
  return it->is_array() && i < it->size() ? (*it)[i] : kAbsent;
}

template <typename T>
std::optional<T> NumberOf(const json& value) {
  return value.is_number() ? std::optional<T>(value.get<T>()) : std::nullopt;
}

}  // namespace

std::vector<TimelinePoint> TimelinePoints(std::span<const Reading> readings,
                                          const PhaseStarts& starts, size_t* bucket_readings) {
  std::vector<TimelinePoint> points;
  size_t k = 1;
  if (readings.size() > kMaxTimelinePoints) {
    const size_t buckets = kMaxTimelinePoints / 2;
    k = (readings.size() + buckets - 1) / buckets;
    for (size_t i = 0; i < readings.size(); i += k) {
      AddBucket(readings.subspan(i, std::min(k, readings.size() - i)), starts, points);
    }
  } else {
    for (const Reading& r : readings) points.push_back({r, PhaseName(PhaseAt(r.t_s, starts))});
  }
  if (bucket_readings != nullptr) *bucket_readings = k;
  return points;
}

json TimelineJson(std::span<const Reading> readings, const PhaseStarts& starts) {
  size_t k = 1;
  const std::vector<TimelinePoint> points = TimelinePoints(readings, starts, &k);
  json t_s = json::array(), phase = json::array(), temperature = json::array(),
       cpu_mhz = json::array(), cpu_mhz_max = json::array(), flags = json::array(),
       rss = json::array(), load1 = json::array();
  for (const TimelinePoint& p : points) {
    const Reading& r = p.reading;
    t_s.push_back(r.t_s);
    phase.push_back(p.phase);
    temperature.push_back(OrNull(r.temperature_c));
    cpu_mhz.push_back(OrNull(r.cpu_mhz));
    cpu_mhz_max.push_back(OrNull(r.cpu_mhz_max));
    flags.push_back(OrNull(r.throttle_flags));
    rss.push_back(OrNull(r.rss_bytes));
    load1.push_back(OrNull(r.load1));
  }
  return {{"readings", readings.size()},
          {"bucket_readings", k},
          {"t_s", std::move(t_s)},
          {"phase", std::move(phase)},
          {"temperature_c", std::move(temperature)},
          {"cpu_mhz", std::move(cpu_mhz)},
          {"cpu_mhz_max", std::move(cpu_mhz_max)},
          {"throttle_flags", std::move(flags)},
          {"rss_bytes", std::move(rss)},
          {"load1", std::move(load1)}};
}

std::vector<TimelinePoint> ReadTimeline(const json& timeline) {
  size_t n = timeline.is_array() ? timeline.size() : 0;
  if (timeline.is_object()) {
    const auto times = timeline.find("t_s");
    n = times != timeline.end() && times->is_array() ? times->size() : 0;
  }
  std::vector<TimelinePoint> points(n);
  for (size_t i = 0; i < n; ++i) {
    Reading& r = points[i].reading;
    r.t_s = NumberOf<double>(FieldOf(timeline, i, "t_s")).value_or(0);
    r.temperature_c = NumberOf<double>(FieldOf(timeline, i, "temperature_c"));
    r.cpu_mhz = NumberOf<double>(FieldOf(timeline, i, "cpu_mhz"));
    r.cpu_mhz_max = NumberOf<double>(FieldOf(timeline, i, "cpu_mhz_max"));
    r.throttle_flags = NumberOf<uint32_t>(FieldOf(timeline, i, "throttle_flags"));
    r.rss_bytes = NumberOf<int64_t>(FieldOf(timeline, i, "rss_bytes"));
    r.load1 = NumberOf<double>(FieldOf(timeline, i, "load1"));
    const json& phase = FieldOf(timeline, i, "phase");
    if (phase.is_string()) points[i].phase = phase.get<std::string>();
  }
  return points;
}

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
  json summary = {{"temperature_c", RangeJson(verdict.temperature_c)},
                  {"cpu_mhz", RangeJson(verdict.cpu_mhz)},
                  {"max_cpu_mhz", OrNull(verdict.max_cpu_mhz)},
                  {"peak_rss_bytes", OrNull(verdict.peak_rss_bytes)},
                  {"throttled", verdict.throttled},
                  {"throttle_reasons", verdict.throttle_reasons}};
  return {{"sample_interval_ms", sample_interval_ms},
          {"sensors", SensorsJson(sensors, false)},
          {"timeline", TimelineJson(readings, starts)},
          {"summary", std::move(summary)}};
}

}  // namespace edgebench::sysmon
