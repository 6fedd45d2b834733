#include "store/record_validation.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "bench/result_record.h"
#include "bench/statistics.h"
#include "store/record_fields.h"

namespace edgebench::store {
namespace {

using json = nlohmann::ordered_json;

enum class Kind { kString, kInteger, kNumber, kBoolean, kObject, kArray };

bool Has(const json& value, Kind kind) {
  switch (kind) {
    case Kind::kString: return value.is_string();
    case Kind::kInteger: return value.is_number_integer();
    case Kind::kNumber: return value.is_number();
    case Kind::kBoolean: return value.is_boolean();
    case Kind::kObject: return value.is_object();
    case Kind::kArray: return value.is_array();
  }
  return false;
}

const char* KindName(Kind kind) {
  switch (kind) {
    case Kind::kString: return "a string";
    case Kind::kInteger: return "an integer";
    case Kind::kNumber: return "a number";
    case Kind::kBoolean: return "a boolean";
    case Kind::kObject: return "an object";
    case Kind::kArray: return "an array";
  }
  return "?";
}

// A value as JSON text for a message: ASCII only, so no control or bidi
// character reaches the terminal, and short.
std::string Shown(const json& value) {
  std::string text = value.dump(-1, ' ', true, json::error_handler_t::replace);
  return text.size() <= 40 ? text : text.substr(0, 37) + "...";
}

// Measured statistics and the ones recomputed from the samples agree within
// this: files rounded by hand to a few decimals still pass.
bool Close(double a, double b) {
  return std::abs(a - b) <= 1e-4 * std::max(std::abs(a), std::abs(b)) + 1e-3;
}

// ISO 8601 UTC as edgebench writes it, "2026-11-24T10:00:00Z", optionally
// with a fraction of a second.
bool IsUtcTimestamp(const std::string& text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, end = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute,
                  &second, &end) != 6 ||
      end != 19) {
    return false;
  }
  size_t rest = 19;
  if (rest < text.size() && text[rest] == '.') {
    ++rest;
    const size_t digits = text.find_first_not_of("0123456789", rest);
    if (digits == rest || digits == std::string::npos) return false;
    rest = digits;
  }
  return text.substr(rest) == "Z" && year >= 1970 && month >= 1 && month <= 12 && day >= 1 &&
         day <= 31 && hour <= 23 && minute <= 59 && second <= 60;
}

// The checks of one record; each returns the first problem found.
class RecordChecker {
 public:
  RecordChecker(const json& record, const std::string& place) : record_(record), place_(place) {}

  Status Check() const {
    if (!record_.is_object()) {
      return Status::Error(fmt::format("{}: a result record must be a JSON object, found {}",
                                       place_.empty() ? "record" : place_, Shown(record_)));
    }
    EB_RETURN_IF_ERROR(CheckIdentity());
    EB_RETURN_IF_ERROR(CheckSummary());
    EB_RETURN_IF_ERROR(CheckSamples());
    EB_RETURN_IF_ERROR(CheckPerSecond());
    return CheckOtherMembers();
  }

 private:
  Status Bad(std::string_view path, const std::string& problem) const {
    return Status::Error(
        fmt::format("{}{}{}: {}", place_, place_.empty() ? "" : ".", path, problem));
  }
  Status Bad(std::string_view path, const json& value, const std::string& problem) const {
    return Bad(path, Shown(value) + " " + problem);
  }

  // The member at `path` when it has `kind`; nullptr when it is absent and
  // `optional`; else an error.
  Result<const json*> Member(std::string_view path, Kind kind, bool optional = false) const {
    const json* value = FindField(record_, path);
    if (value == nullptr) {
      if (optional) return static_cast<const json*>(nullptr);
      return Bad(path, "missing");
    }
    if (!Has(*value, kind)) return Bad(path, *value, fmt::format("is not {}", KindName(kind)));
    return value;
  }

  Result<double> LatencyValue(std::string_view path, const json& value) const {
    if (!value.is_number()) return Bad(path, value, "is not a latency (a number of ms)");
    const double ms = value.get<double>();
    if (!std::isfinite(ms) || ms <= 0) return Bad(path, value, "is not a positive latency");
    if (ms >= kMaxLatencyMs) {
      return Bad(path, value, "is not a latency below one hour (3600000 ms)");
    }
    return ms;
  }
  Result<std::optional<double>> LatencyMember(std::string_view path, bool optional = false) const {
    EB_ASSIGN_OR_RETURN(const json* value, Member(path, Kind::kNumber, optional));
    if (value == nullptr) return std::optional<double>();
    EB_ASSIGN_OR_RETURN(const double ms, LatencyValue(path, *value));
    return std::optional<double>(ms);
  }

  Status CheckIdentity() const {
    EB_ASSIGN_OR_RETURN(const json* version, Member("schema_version", Kind::kInteger));
    const int64_t v = version->get<int64_t>();
    if (v < 1 || v > bench::kResultSchemaVersion) {
      return Bad("schema_version", *version,
                 fmt::format("is not a version this edgebench reads (1 to {}); a newer edgebench "
                             "wrote it?",
                             bench::kResultSchemaVersion));
    }
    EB_ASSIGN_OR_RETURN(const json* timestamp, Member("timestamp_utc", Kind::kString));
    if (!IsUtcTimestamp(timestamp->get<std::string>())) {
      return Bad("timestamp_utc", *timestamp,
                 "is not an ISO 8601 UTC time like \"2026-11-24T10:00:00Z\"");
    }
    EB_RETURN_IF_ERROR(Member("label", Kind::kString, true).status());
    EB_RETURN_IF_ERROR(Member("context", Kind::kObject, true).status());
    EB_RETURN_IF_ERROR(Member("context.hostname", Kind::kString, true).status());
    EB_RETURN_IF_ERROR(Member("context.cpu_model", Kind::kString, true).status());
    for (const char* path : {"model.name", "backend.name"}) {
      EB_ASSIGN_OR_RETURN(const json* name, Member(path, Kind::kString));
      if (name->get<std::string>().empty()) return Bad(path, "is empty");
    }
    EB_ASSIGN_OR_RETURN(const json* threads, Member("threads", Kind::kInteger));
    if (threads->get<int64_t>() < 1 || threads->get<int64_t>() > kMaxRecordThreads) {
      return Bad("threads", *threads,
                 fmt::format("is not a thread count (1 to {})", kMaxRecordThreads));
    }
    EB_ASSIGN_OR_RETURN(const json* price, Member("settings.price_usd", Kind::kNumber, true));
    if (price != nullptr && !(std::isfinite(price->get<double>()) && price->get<double>() > 0)) {
      return Bad("settings.price_usd", *price, "is not a positive price");
    }
    return Status::Ok();
  }

  Status CheckSummary() const {
    EB_RETURN_IF_ERROR(Member("summary", Kind::kObject).status());
    EB_ASSIGN_OR_RETURN(const json* count, Member("summary.count", Kind::kInteger));
    if (count->get<int64_t>() < 1) {
      return Bad("summary.count", *count, "is not a run count (1 or more)");
    }
    // Each at most the next; min_ms, p95_ms and max_ms are checked when present.
    static const std::pair<const char*, bool> kOrdered[] = {
        {"summary.min_ms", true}, {"summary.median_ms", false}, {"summary.p90_ms", false},
        {"summary.p95_ms", true}, {"summary.p99_ms", false},    {"summary.max_ms", true}};
    std::optional<double> previous;
    const char* previous_path = "";
    for (const auto& [path, optional] : kOrdered) {
      EB_ASSIGN_OR_RETURN(const std::optional<double> ms, LatencyMember(path, optional));
      if (!ms) continue;
      if (previous && *ms < *previous && !Close(*ms, *previous)) {
        return Bad(path, fmt::format("{} is below {} ({})", *ms, previous_path, *previous));
      }
      previous = ms, previous_path = path;
    }
    EB_ASSIGN_OR_RETURN(const std::optional<double> mean, LatencyMember("summary.mean_ms"));
    const json* min = FindField(record_, "summary.min_ms");
    const json* max = FindField(record_, "summary.max_ms");
    if ((min != nullptr && *mean < min->get<double>() && !Close(*mean, min->get<double>())) ||
        (max != nullptr && *mean > max->get<double>() && !Close(*mean, max->get<double>()))) {
      return Bad("summary.mean_ms",
                 fmt::format("{} is outside summary.min_ms to summary.max_ms", *mean));
    }
    for (const char* path : {"summary.stddev_ms", "summary.ci95_ms"}) {
      EB_ASSIGN_OR_RETURN(const json* spread, Member(path, Kind::kNumber, true));
      if (spread == nullptr) continue;
      const double s = spread->get<double>();
      if (!std::isfinite(s) || s < 0 || s >= kMaxLatencyMs) {
        return Bad(path, *spread, "is not a spread of latencies (0 up to one hour)");
      }
    }
    return Status::Ok();
  }

  // After the samples: a wrong mean is named as such, not as a wrong rate.
  Status CheckPerSecond() const {
    const double mean = FindField(record_, "summary.mean_ms")->get<double>();
    EB_ASSIGN_OR_RETURN(const json* per_second, Member("summary.per_second", Kind::kNumber));
    if (!Close(per_second->get<double>(), 1000 / mean)) {
      return Bad("summary.per_second", *per_second,
                 fmt::format("does not match 1000 / summary.mean_ms ({})", 1000 / mean));
    }
    return Status::Ok();
  }

  Status CheckSamples() const {
    EB_ASSIGN_OR_RETURN(const json* samples, Member("samples", Kind::kObject, true));
    if (samples == nullptr) return Status::Ok();
    const json& summary_count = *FindField(record_, "summary.count");
    EB_ASSIGN_OR_RETURN(const json* count, Member("samples.count", Kind::kInteger));
    if (*count != summary_count) {
      return Bad("samples.count", *count,
                 fmt::format("does not match summary.count ({})", Shown(summary_count)));
    }
    EB_ASSIGN_OR_RETURN(const json* kind, Member("samples.kind", Kind::kString));
    if (*kind == "raw") return CheckRawSamples(count->get<int64_t>());
    if (*kind == "histogram") return CheckHistogram(count->get<int64_t>());
    return Bad("samples.kind", *kind, "is not \"raw\" or \"histogram\"");
  }

  Status CheckRawSamples(int64_t count) const {
    EB_ASSIGN_OR_RETURN(const json* values, Member("samples.values_ms", Kind::kArray));
    if (static_cast<int64_t>(values->size()) != count) {
      return Bad("samples.values_ms",
                 fmt::format("holds {} values, but samples.count is {}", values->size(), count));
    }
    std::vector<double> ms;
    ms.reserve(values->size());
    for (size_t i = 0; i < values->size(); ++i) {
      EB_ASSIGN_OR_RETURN(const double v,
                          LatencyValue(fmt::format("samples.values_ms[{}]", i), (*values)[i]));
      ms.push_back(v);
    }
    // ci95 is left out: its t quantile is an approximation that versions
    // may refine, so a faithful record from another version could differ.
    const bench::Summary s = bench::Summarize(ms);
    const std::pair<const char*, double> recomputed[] = {
        {"summary.mean_ms", s.mean}, {"summary.stddev_ms", s.stddev}, {"summary.min_ms", s.min},
        {"summary.max_ms", s.max},   {"summary.median_ms", s.median}, {"summary.p90_ms", s.p90},
        {"summary.p95_ms", s.p95},   {"summary.p99_ms", s.p99}};
    for (const auto& [path, value] : recomputed) {
      const json* stated = FindField(record_, path);
      if (stated != nullptr && !Close(stated->get<double>(), value)) {
        return Bad(
            path, *stated,
            fmt::format("does not match samples.values_ms ({:.6g} from the samples)", value));
      }
    }
    return Status::Ok();
  }

  Status CheckHistogram(int64_t count) const {
    for (const char* path : {"samples.histogram.lower_ms", "samples.histogram.bin_width_ms"}) {
      EB_ASSIGN_OR_RETURN(const json* edge, Member(path, Kind::kNumber));
      const double v = edge->get<double>();
      if (!std::isfinite(v) || v < 0 || v >= kMaxLatencyMs) {
        return Bad(path, *edge, "is not a latency (0 up to one hour)");
      }
    }
    EB_ASSIGN_OR_RETURN(const json* counts, Member("samples.histogram.counts", Kind::kArray));
    int64_t total = 0;
    for (size_t i = 0; i < counts->size(); ++i) {
      const json& c = (*counts)[i];
      if (!c.is_number_integer() || c.get<int64_t>() < 0 || c.get<int64_t>() > count) {
        return Bad(fmt::format("samples.histogram.counts[{}]", i), c, "is not a run count");
      }
      total += c.get<int64_t>();
    }
    if (total != count) {
      return Bad("samples.histogram.counts",
                 fmt::format("add up to {}, but samples.count is {}", total, count));
    }
    return Status::Ok();
  }

  // Members edgebench shows but does not compute with: the right kind is enough.
  Status CheckOtherMembers() const {
    EB_RETURN_IF_ERROR(Member("interrupted", Kind::kBoolean, true).status());
    EB_RETURN_IF_ERROR(Member("sysmon", Kind::kObject, true).status());
    EB_RETURN_IF_ERROR(Member("sample_start_s", Kind::kArray, true).status());
    EB_RETURN_IF_ERROR(Member("detections", Kind::kArray, true).status());
    EB_ASSIGN_OR_RETURN(const json* warnings, Member("warnings", Kind::kArray, true));
    if (warnings == nullptr) return Status::Ok();
    for (size_t i = 0; i < warnings->size(); ++i) {
      if (!(*warnings)[i].is_string()) {
        return Bad(fmt::format("warnings[{}]", i), (*warnings)[i], "is not a string");
      }
    }
    return Status::Ok();
  }

  const json& record_;
  const std::string& place_;
};

}  // namespace

Status ValidateRecord(const json& record, const std::string& place) {
  return RecordChecker(record, place).Check();
}

}  // namespace edgebench::store
