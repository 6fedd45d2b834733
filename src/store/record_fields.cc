#include "store/record_fields.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "bench/result_record.h"
#include "bench/statistics.h"

namespace edgebench::store {
namespace {

using json = nlohmann::ordered_json;

Result<std::string> String(const json& record, const std::string& path, const std::string& where,
                           std::optional<std::string> fallback = std::nullopt) {
  const json* value = FindField(record, path);
  if (value == nullptr && fallback) return *fallback;
  if (value == nullptr || !value->is_string()) {
    return Status::Error(fmt::format("{}: field {} missing or not a string", where, path));
  }
  return value->get<std::string>();
}

Result<double> Number(const json& record, const std::string& path, const std::string& where) {
  const json* value = FindField(record, path);
  if (value == nullptr || !value->is_number()) {
    return Status::Error(fmt::format("{}: field {} missing or not a number", where, path));
  }
  return value->get<double>();
}

Result<int64_t> Integer(const json& record, const std::string& path, const std::string& where) {
  const json* value = FindField(record, path);
  if (value == nullptr || !value->is_number_integer()) {
    return Status::Error(fmt::format("{}: field {} missing or not an integer", where, path));
  }
  return value->get<int64_t>();
}

// See IndexedFields::p10_ms.
std::optional<double> TenthPercentile(const json& record) {
  const json* values = FindField(record, "samples.values_ms");
  if (values != nullptr && values->is_array() && !values->empty()) {
    std::vector<double> sorted;
    for (const json& v : *values) {
      if (!v.is_number()) return std::nullopt;
      sorted.push_back(v.get<double>());
    }
    std::sort(sorted.begin(), sorted.end());
    return bench::NearestRankPercentile(sorted, 10);
  }
  const json* lower = FindField(record, "samples.histogram.lower_ms");
  const json* width = FindField(record, "samples.histogram.bin_width_ms");
  const json* counts = FindField(record, "samples.histogram.counts");
  if (lower == nullptr || width == nullptr || counts == nullptr || !lower->is_number() ||
      !width->is_number() || !counts->is_array()) {
    return std::nullopt;
  }
  int64_t total = 0;
  for (const json& c : *counts) total += c.is_number_integer() ? c.get<int64_t>() : 0;
  const auto rank = static_cast<int64_t>(std::ceil(0.1 * static_cast<double>(total)));
  int64_t seen = 0;
  for (size_t bin = 0; bin < counts->size(); ++bin) {
    const json& c = (*counts)[bin];
    seen += c.is_number_integer() ? c.get<int64_t>() : 0;
    if (seen >= rank && seen > 0) {
      return lower->get<double>() + (static_cast<double>(bin) + 0.5) * width->get<double>();
    }
  }
  return std::nullopt;
}

}  // namespace

const json* FindField(const json& record, std::string_view path) {
  const json* node = &record;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t dot = std::min(path.find('.', start), path.size());
    const std::string key(path.substr(start, dot - start));
    if (!node->is_object() || !node->contains(key)) return nullptr;
    node = &(*node)[key];
    start = dot + 1;
  }
  return node;
}

Result<IndexedFields> ReadIndexedFields(const json& record, const std::string& where) {
  if (!record.is_object()) return Status::Error(where + ": a result record must be a JSON object");
  EB_ASSIGN_OR_RETURN(const int64_t version, Integer(record, "schema_version", where));
  if (version < 1 || version > bench::kResultSchemaVersion) {
    return Status::Error(fmt::format(
        "{}: result schema_version {} is not one this edgebench reads (1 to {}); a newer "
        "edgebench wrote it?",
        where, version, bench::kResultSchemaVersion));
  }
  IndexedFields f;
  EB_ASSIGN_OR_RETURN(f.timestamp_utc, String(record, "timestamp_utc", where));
  EB_ASSIGN_OR_RETURN(f.machine, String(record, "context.hostname", where, "unknown"));
  EB_ASSIGN_OR_RETURN(f.cpu_model, String(record, "context.cpu_model", where, "unknown"));
  if (const json* board = FindField(record, "context.platform.board");
      board != nullptr && !board->is_null()) {
    EB_ASSIGN_OR_RETURN(f.board, String(record, "context.platform.board", where));
  }
  EB_ASSIGN_OR_RETURN(f.model, String(record, "model.name", where));
  EB_ASSIGN_OR_RETURN(f.backend, String(record, "backend.name", where));
  EB_ASSIGN_OR_RETURN(f.runtime, String(record, "runtime.name", where, "edgebench"));
  EB_ASSIGN_OR_RETURN(f.runtime_version, String(record, "runtime.version", where, ""));
  EB_ASSIGN_OR_RETURN(f.label, String(record, "label", where, ""));
  EB_ASSIGN_OR_RETURN(f.threads, Integer(record, "threads", where));
  EB_ASSIGN_OR_RETURN(f.count, Integer(record, "summary.count", where));
  EB_ASSIGN_OR_RETURN(f.mean_ms, Number(record, "summary.mean_ms", where));
  EB_ASSIGN_OR_RETURN(f.median_ms, Number(record, "summary.median_ms", where));
  EB_ASSIGN_OR_RETURN(f.p90_ms, Number(record, "summary.p90_ms", where));
  EB_ASSIGN_OR_RETURN(f.p99_ms, Number(record, "summary.p99_ms", where));
  EB_ASSIGN_OR_RETURN(f.per_second, Number(record, "summary.per_second", where));
  f.p10_ms = TenthPercentile(record);
  if (FindField(record, "settings.price_usd") != nullptr) {
    EB_ASSIGN_OR_RETURN(f.price_usd, Number(record, "settings.price_usd", where));
  }
  return f;
}

}  // namespace edgebench::store
