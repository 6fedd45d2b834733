// Results in and out of the database as files: CSV and JSON export, and the
// JSON files `import` reads (a `run --json` file, an export, or one record).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "graph/status.h"
#include "store/results_db.h"

namespace edgebench::store {

// One header line, then one line per result with its indexed fields
// (kCsvColumns), RFC 4180 quoting; empty cells for absent p10 and price.
std::string ResultsCsv(const std::vector<StoredResult>& results);
extern const char* const kCsvColumns[17];

// The records of a JSON file: {"results": [records]} (what `run --json` and
// `export --format json` write), a bare array of records, or one record.
// Each record is checked with ValidateRecord; errors name the path and the
// record ("results.json: results[2].summary.mean_ms: -3 is not a positive
// latency"). Nesting deeper than kMaxJsonDepth is refused before parsing.
Result<std::vector<nlohmann::ordered_json>> ReadResultsFile(const std::string& path);

}  // namespace edgebench::store
