#include "store/exchange.h"

#include <fmt/format.h>

#include "fileio/regular_file.h"

namespace edgebench::store {
namespace {

using json = nlohmann::ordered_json;

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
  json document = json::parse(text, nullptr, false);
  if (document.is_discarded()) return Status::Error(path + ": not valid JSON");
  if (document.is_object() && document.contains("results")) {
    if (!document["results"].is_array()) {
      return Status::Error(path + ": \"results\" must be an array of result records");
    }
    return document["results"].get<std::vector<json>>();
  }
  if (document.is_array()) return document.get<std::vector<json>>();
  if (document.is_object()) return std::vector<json>{std::move(document)};
  return Status::Error(path +
                       ": expected a result record, an array of them or {\"results\": [...]}");
}

}  // namespace edgebench::store
