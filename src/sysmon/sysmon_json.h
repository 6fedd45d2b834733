// The sensors, the timeline and the verdict as JSON, in the result record's
// `sysmon` block (docs/result-schema.md) and in `edgebench sysinfo --json`.
#pragma once

#include <nlohmann/json.hpp>
#include <span>

#include "sysmon/sensors.h"
#include "sysmon/verdict.h"

namespace edgebench::sysmon {

// One object per sensor: kind, name, path (cpufreq entries add their
// clocks, governor and driver). With `with_readings`, each also gets
// `reading`: its value now (C, MHz, or the throttle flags), null if none.
nlohmann::ordered_json SensorsJson(const Sensors& sensors, bool with_readings);

// The record's `sysmon` object: interval, sensors, timeline (each reading
// with its phase) and summary.
nlohmann::ordered_json SysmonJson(const Sensors& sensors, int sample_interval_ms,
                                  std::span<const Reading> readings, const PhaseStarts& starts,
                                  const Verdict& verdict);

}  // namespace edgebench::sysmon
