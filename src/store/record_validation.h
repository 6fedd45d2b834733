// Checks a result record from outside (an imported file) against
// docs/result-schema.md before it reaches the database: types, ranges, and
// the statistics against the raw samples, so a hand-edited or corrupted file
// cannot store a negative latency or a 300-digit speed-up.
//
// Only what edgebench reads back is checked in depth (identity, threads,
// settings.price_usd, summary, samples, interrupted); other members need only
// the right kind (sysmon an object, warnings an array of strings), and members
// this version does not know are accepted: a newer edgebench may add fields
// without changing schema_version.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "graph/status.h"

namespace edgebench::store {

// Latencies must be below this (one hour): slower is not a measurement.
inline constexpr double kMaxLatencyMs = 3'600'000;
// Threads a record may claim.
inline constexpr int64_t kMaxRecordThreads = 4096;

// Ok, or the first problem as "`place`.FIELD: VALUE is not ..." where
// `place` names the record in its file ("results[2]"; empty for a file that
// is one record), e.g. "results[2].summary.mean_ms: -3 is not a positive
// latency".
Status ValidateRecord(const nlohmann::ordered_json& record, const std::string& place);

}  // namespace edgebench::store
