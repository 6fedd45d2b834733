// The sensors, the timeline and the verdict as JSON, in the result record's
// `sysmon` block (docs/result-schema.md) and in `edgebench sysinfo --json`.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "sysmon/sensors.h"
#include "sysmon/verdict.h"

namespace edgebench::sysmon {

// One object per sensor: kind, name, path (cpufreq entries add their
// clocks, governor and driver). With `with_readings`, each also gets
// `reading`: its value now (C, MHz, or the throttle flags), null if none.
nlohmann::ordered_json SensorsJson(const Sensors& sensors, bool with_readings);

// The stored timeline holds at most this many points: a long run's
// readings are merged into buckets, two points each (below).
inline constexpr size_t kMaxTimelinePoints = 2000;

// One point of the stored timeline: a reading (or a bucket's minimum or
// maximum of every sensor) and its phase.
struct TimelinePoint {
  Reading reading;
  std::string phase;
};

// The points stored for `readings`: every reading while there are at most
// kMaxTimelinePoints; beyond, consecutive readings are merged into buckets
// of k (the smallest k that fits), each giving two points so that spikes
// survive: at the bucket's first reading's time and phase, every sensor's
// minimum over the bucket; at its last reading's, every sensor's maximum.
// Throttle flags are OR-ed over the bucket in both (a flag seen is kept).
std::vector<TimelinePoint> TimelinePoints(std::span<const Reading> readings,
                                          const PhaseStarts& starts, size_t* bucket_readings);

// The record's `sysmon.timeline`: columns (one array per field) of
// TimelinePoints, with the count of readings taken and per bucket.
nlohmann::ordered_json TimelineJson(std::span<const Reading> readings, const PhaseStarts& starts);

// Reads a stored timeline back: the columns above, or the array of one
// object per reading that records saved before had. Values that are
// missing or not numbers read as absent; anything else reads as no points.
std::vector<TimelinePoint> ReadTimeline(const nlohmann::ordered_json& timeline);

// The record's `sysmon` object: interval, sensors, timeline (TimelineJson)
// and summary.
nlohmann::ordered_json SysmonJson(const Sensors& sensors, int sample_interval_ms,
                                  std::span<const Reading> readings, const PhaseStarts& starts,
                                  const Verdict& verdict);

}  // namespace edgebench::sysmon
