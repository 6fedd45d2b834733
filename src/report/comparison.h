// The comparison behind `compare` and `report`: saved results and published
// ones as rows of one table, with speed-up against a baseline and
// price/performance.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "report/published.h"
#include "store/results_db.h"

namespace edgebench::report {

// Platform families, coloured alike in every chart.
enum class Family { kRaspberryPi, kCoral, kJetson, kIntel, kXnor, kThisMachine, kOther };
std::string FamilyName(Family family);
std::string FamilyColour(Family family);  // CSS colour, e.g. "#c51a4a"

// Runtimes, coloured alike in every chart where bars are coloured by
// runtime: edgebench's engine, the runtimes `run` measures beside it, and
// the published ones; any other gets a grey.
std::string RuntimeColour(const std::string& runtime);

// What colours the bars and groups the rows within a model: the platform
// (family) or the runtime.
enum class GroupBy { kPlatform, kRuntime };

struct ComparisonRow {
  bool published = false;
  int64_t id = 0;        // database id (0 for published rows)
  std::string platform;  // machine name, or the published platform (and its host)
  Family family = Family::kOther;
  std::string runtime;  // runtime, backend and threads, or the published runtime (and link)
  // The runtime alone ("edgebench", "onnxruntime", "TensorFlow Lite") and
  // its version where recorded.
  std::string runtime_name, runtime_version;
  std::string model;        // the model's full name
  std::string model_group;  // ModelGroup(model): rows of one group compare
  std::string label;
  std::string source;  // "run", "import FILE", or the publication
  double mean_ms = 0;
  std::optional<double> p10_ms, p90_ms, p99_ms;  // absent for published rows
  double per_second = 0;                         // 1000 / mean_ms
  std::optional<double> price_usd;
  std::optional<double> speedup;  // baseline mean / this mean, same model group
  // Price/performance, when the price is known.
  std::optional<double> per_second_per_usd() const;
  std::optional<double> usd_per_per_second() const;
};

// "ssd_mobilenet_v1_0.75" or "ssd_mobilenet_v2" for any variant of the two
// benchmark models (catalog names, zoo names, file paths); else the name.
std::string ModelGroup(const std::string& model);

struct ComparisonSettings {
  std::string this_machine;         // host name: its rows are Family::kThisMachine
  std::optional<double> price_usd;  // --price: for saved rows that carry none
  // "#ID" (a saved result) or a case-insensitive substring of "platform
  // runtime"; in each model group the slowest matching row is the baseline.
  // Empty: each group's slowest row.
  std::string baseline;
  std::optional<std::string> model;  // --model substring, applied to published rows too
  // kRuntime: within a model group the rows of one runtime stay together
  // (runtimes in the order of their fastest row), fastest first in each.
  GroupBy group_by = GroupBy::kPlatform;
};

// Rows grouped by model group (groups in order of first appearance,
// published first), fastest first within a group (by runtime first with
// GroupBy::kRuntime), with speed-ups filled in.
// Fails when settings.baseline matches no row, listing what it could match.
Result<std::vector<ComparisonRow>> BuildComparison(const std::vector<store::StoredResult>& saved,
                                                   const std::vector<PublishedResult>& published,
                                                   const ComparisonSettings& settings);

}  // namespace edgebench::report
