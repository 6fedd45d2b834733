#include "bench/side_by_side.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "runtimes/registry.h"

namespace edgebench::bench {
namespace {

// Each label's scores, highest first.
std::map<std::string, std::vector<float>> ScoresByLabel(const BenchmarkRecord& record) {
  std::map<std::string, std::vector<float>> scores;
  for (const RecordDetection& d : record.detections) scores[d.label].push_back(d.score);
  for (auto& [label, list] : scores) std::sort(list.rbegin(), list.rend());
  return scores;
}

std::string Score(const std::vector<float>& scores, size_t i) {
  return i < scores.size() ? fmt::format("{:.3f}", scores[i]) : "none";
}

// How many of `scores` (highest first) reach the compared minimum.
size_t CountCompared(const std::vector<float>& scores) {
  return static_cast<size_t>(
      std::count_if(scores.begin(), scores.end(), [](float s) { return s >= kComparedMinScore; }));
}

// "onnxruntime: not found, see scripts/setup.sh", whether or not the
// registry's reason names the runtime itself.
std::string Unavailable(const runtime::RuntimeEntry& entry, const std::string& reason) {
  const std::string name = std::string(entry.name) + ": ";
  return reason.starts_with(name) ? reason : name + reason;
}

std::vector<std::string> SplitList(const std::string& list) {
  std::vector<std::string> names;
  size_t start = 0;
  for (;;) {
    const size_t comma = list.find(',', start);
    names.push_back(list.substr(start, comma - start));
    if (comma == std::string::npos) return names;
    start = comma + 1;
  }
}

}  // namespace

Result<RuntimeSelection> SelectRuntimes(const std::string& list) {
  RuntimeSelection selection;
  std::vector<const runtime::RuntimeEntry*> entries;
  if (list == "all") {
    for (const runtime::RuntimeEntry& entry : runtime::Runtimes()) {
      if (const std::string reason = entry.unavailable_reason(); !reason.empty()) {
        selection.skipped.push_back(Unavailable(entry, reason));
      } else {
        entries.push_back(&entry);
      }
    }
  } else {
    for (const std::string& name : SplitList(list)) {
      const runtime::RuntimeEntry* entry = runtime::FindRuntime(name);
      if (entry == nullptr) {
        return Status::Error(fmt::format("unknown runtime \"{}\" (known: {}, or all)", name,
                                         runtime::RuntimeNames()));
      }
      if (std::find(entries.begin(), entries.end(), entry) != entries.end()) {
        return Status::Error(fmt::format("{} is listed twice", name));
      }
      if (const std::string reason = entry->unavailable_reason(); !reason.empty()) {
        selection.skipped.push_back(Unavailable(*entry, reason));
      } else {
        entries.push_back(entry);
      }
    }
  }
  for (const runtime::RuntimeEntry* entry : entries)
    selection.runtimes.push_back({entry->name, ""});
  return selection;
}

std::optional<std::string> CompareDetections(const BenchmarkRecord& reference,
                                             const BenchmarkRecord& other) {
  auto expected = ScoresByLabel(reference);
  auto found = ScoresByLabel(other);
  std::vector<std::string> labels;
  for (const auto* scores : {&expected, &found}) {
    for (const auto& [label, list] : *scores) {
      if (CountCompared(list) > 0 && std::find(labels.begin(), labels.end(), label) == labels.end())
        labels.push_back(label);
    }
  }
  std::vector<std::string> differences;
  for (const std::string& label : labels) {
    const std::vector<float>& a = expected[label];
    const std::vector<float>& b = found[label];
    for (size_t i = 0; i < std::max(CountCompared(a), CountCompared(b)); ++i) {
      if (i < a.size() && i < b.size() && std::fabs(a[i] - b[i]) <= kScoreTolerance) continue;
      differences.push_back(fmt::format("{} {} vs {}", label, Score(a, i), Score(b, i)));
    }
  }
  if (differences.empty()) return std::nullopt;
  return fmt::format("detections differ from {}'s (scores {:.2f} or more, within {:.2f}): {}",
                     reference.runtime.name, kComparedMinScore, kScoreTolerance,
                     fmt::join(differences, ", "));
}

std::vector<SideBySideRow> SideBySideRows(std::span<const BenchmarkRecord> records) {
  std::vector<std::string> models;
  for (const BenchmarkRecord& r : records) {
    if (std::find(models.begin(), models.end(), r.model.name) == models.end()) {
      models.push_back(r.model.name);
    }
  }
  std::vector<SideBySideRow> rows;
  for (const std::string& model : models) {
    const BenchmarkRecord* baseline = nullptr;
    for (const BenchmarkRecord& r : records) {
      if (r.model.name != model) continue;
      if (baseline == nullptr) baseline = &r;
      SideBySideRow row;
      row.model = model;
      row.synthetic = r.model.synthetic;
      row.runtime = r.runtime.name;
      row.version = r.runtime.version;
      row.backend = r.backend_name;
      row.threads = r.threads;
      row.mean_ms = r.summary.mean;
      row.median_ms = r.summary.median;
      if (r.network_only) {
        row.network_mean_ms = r.network_only->mean;
        row.network_median_ms = r.network_only->median;
      }
      row.speedup = baseline->summary.mean / r.summary.mean;
      rows.push_back(row);
    }
  }
  return rows;
}

}  // namespace edgebench::bench
