// The HTML report: one self-contained file (inline CSS and SVG, no scripts,
// nothing fetched) with the comparison charts, the runtimes measured on this
// machine side by side, the table, and for each saved run its latency
// histogram and its sysmon timeline.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "report/comparison.h"

namespace edgebench::report {

struct SavedRun {
  ComparisonRow row;              // its row in the comparison
  nlohmann::ordered_json record;  // the full result record
};

struct ReportInput {
  std::vector<ComparisonRow> rows;        // saved and published, as BuildComparison orders them
  std::vector<SavedRun> runs;             // the saved ones with their records, oldest first
  std::string generated_utc;              // ISO 8601
  std::string database;                   // the database's path, shown in the header
  GroupBy group_by = GroupBy::kPlatform;  // what colours the latency charts' bars
};

std::string RenderHtmlReport(const ReportInput& input);

}  // namespace edgebench::report
