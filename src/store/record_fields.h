// The columns the results database indexes, read out of one result record
// (docs/result-schema.md). The record itself stays the truth: these are
// copies for filtering and tables.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "graph/status.h"

namespace edgebench::store {

struct IndexedFields {
  std::string timestamp_utc;  // ISO 8601 UTC
  std::string machine;        // context.hostname; "unknown" for records older than that field
  std::string cpu_model;      // context.cpu_model, or "unknown"
  std::string model;          // model.name
  std::string backend;        // backend.name
  std::string label;          // "" when none
  int64_t threads = 0;        // threads used
  int64_t count = 0;          // measured runs
  double mean_ms = 0, median_ms = 0, p90_ms = 0, p99_ms = 0;
  // Nearest-rank 10th percentile of the raw samples; from a histogram record
  // the midpoint of the bin holding that rank; absent without samples.
  std::optional<double> p10_ms;
  double per_second = 0;            // inferences per second, 1000 / mean_ms
  std::optional<double> price_usd;  // settings.price_usd
  std::string board;                // context.platform.board; "" off a board and in older records
  // runtime.name and .version; "edgebench" and "" in records from before
  // the field (only edgebench's engine ran then).
  std::string runtime = "edgebench";
  std::string runtime_version;
};

// The member at dotted `path` ("summary.mean_ms") of `record`, or nullptr.
const nlohmann::ordered_json* FindField(const nlohmann::ordered_json& record,
                                        std::string_view path);

// Reads the indexed fields of `record`. Fails, naming `where` (e.g.
// "results.json: results[2]") and the field, when a required field is
// missing or has the wrong type, or when the record's schema_version is newer
// than this edgebench knows.
Result<IndexedFields> ReadIndexedFields(const nlohmann::ordered_json& record,
                                        const std::string& where);

}  // namespace edgebench::store
