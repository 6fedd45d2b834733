#include "store/exchange.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "fileio/regular_file.h"
#include "store/bounded_json.h"
#include "store/record_validation.h"

namespace edgebench::store {
namespace {

using json = nlohmann::ordered_json;

constexpr const char* kRecordMembers[] = {"timestamp_utc", "model", "backend", "summary",
                                          "samples"};

// Far above any real export; bounds what a wrong file (/dev/zero, a disk
// image) can make import read into memory.
constexpr uint64_t kMaxResultsFileBytes = uint64_t{256} << 20;

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// Shortest text that reads back as the same double.
std::string Number(double value) { return fmt::format("{}", value); }
std::string Number(const std::optional<double>& value) { return value ? Number(*value) : ""; }

// A lone object is taken as one record when it has a record's own members;
// anything else (a typo in "results", another program's JSON) is named as
// what it is rather than as a record missing its fields.
bool LooksLikeARecord(const json& document) {
  if (!document.is_object()) return false;
  return std::any_of(std::begin(kRecordMembers), std::end(kRecordMembers),
                     [&](const char* member) { return document.contains(member); });
}

}  // namespace

const char* const kCsvColumns[17] = {
    "id",      "source", "timestamp_utc", "machine",    "cpu_model", "model",
    "backend", "label",  "threads",       "count",      "mean_ms",   "median_ms",
    "p10_ms",  "p90_ms", "p99_ms",        "per_second", "price_usd"};

std::string ResultsCsv(const std::vector<StoredResult>& results) {
  std::string csv = fmt::format("{}\n", fmt::join(kCsvColumns, ","));
  for (const StoredResult& r : results) {
    const IndexedFields& f = r.fields;
    const std::vector<std::string> cells = {
        std::to_string(r.id),    CsvField(r.source),    CsvField(f.timestamp_utc),
        CsvField(f.machine),     CsvField(f.cpu_model), CsvField(f.model),
        CsvField(f.backend),     CsvField(f.label),     std::to_string(f.threads),
        std::to_string(f.count), Number(f.mean_ms),     Number(f.median_ms),
        Number(f.p10_ms),        Number(f.p90_ms),      Number(f.p99_ms),
        Number(f.per_second),    Number(f.price_usd)};
    csv += fmt::format("{}\n", fmt::join(cells, ","));
  }
  return csv;
}

Result<std::vector<json>> ReadResultsFile(const std::string& path) {
  EB_ASSIGN_OR_RETURN(const std::string text,
                      fileio::ReadRegularTextFile(path, kMaxResultsFileBytes));
  EB_ASSIGN_OR_RETURN(json document, ParseBoundedJson(text, path));
  std::vector<json> records;
  std::string array;  // how messages name the records' array ("" for a bare one)
  bool single = false;
  if (document.is_object() && document.contains("results")) {
    if (!document["results"].is_array()) {
      return Status::Error(path + ": \"results\" must be an array of result records");
    }
    records = document["results"].get<std::vector<json>>();
    array = "results";
  } else if (document.is_array()) {
    records = document.get<std::vector<json>>();
  } else if (LooksLikeARecord(document)) {
    records.push_back(std::move(document));
    single = true;
  } else {
    return Status::Error(path +
                         ": no \"results\" array and not a result record; expected "
                         "{\"results\": [...]} (run --json, export), an array of records or one "
                         "record");
  }
  for (size_t i = 0; i < records.size(); ++i) {
    const std::string place = single ? "" : fmt::format("{}[{}]", array, i);
    EB_RETURN_IF_ERROR(ValidateRecord(records[i], place).WithPrefix(path + ": "));
  }
  return records;
}

}  // namespace edgebench::store
