#include "report/comparison.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "report/text_safety.h"

namespace edgebench::report {
namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool Contains(const std::string& text, const std::string& part) {
  return Lower(text).find(Lower(part)) != std::string::npos;
}

Family PublishedFamily(const std::string& platform) {
  if (Contains(platform, "raspberry pi")) return Family::kRaspberryPi;
  if (Contains(platform, "coral")) return Family::kCoral;
  if (Contains(platform, "jetson")) return Family::kJetson;
  if (Contains(platform, "compute stick") || Contains(platform, "movidius")) return Family::kIntel;
  if (Contains(platform, "xnor")) return Family::kXnor;
  return Family::kOther;
}

Family SavedFamily(const store::IndexedFields& f, const std::string& this_machine) {
  if (f.machine == this_machine) return Family::kThisMachine;
  // A Pi on a 32-bit kernel names only its core in cpu_model; the board
  // says which it is.
  if (Contains(f.board, "raspberry pi") || Contains(f.cpu_model, "raspberry pi")) {
    return Family::kRaspberryPi;
  }
  if (Contains(f.board, "jetson") || Contains(f.cpu_model, "jetson")) return Family::kJetson;
  return Family::kOther;
}

ComparisonRow FromPublished(const PublishedResult& p) {
  ComparisonRow row;
  row.published = true;
  row.platform = p.platform + (p.host.empty() ? "" : " on " + p.host);
  row.family = PublishedFamily(p.platform);
  row.runtime = p.runtime + (p.link.empty() ? "" : " (" + p.link + ")");
  row.runtime_name = p.runtime;
  row.model = p.model;
  row.source = p.source;
  row.mean_ms = p.mean_ms;
  row.per_second = 1000 / p.mean_ms;
  row.price_usd = p.price;
  return row;
}

// ", uint8" or ", zoo float32": tells a run's variants of one architecture
// apart in a chart grouped by architecture; empty when the name says none.
std::string ModelVariant(const std::string& model) {
  const std::string zoo = model.starts_with("zoo:") ? "zoo " : "";
  for (const char* type : {"float32", "uint8", "int8"}) {
    if (model.ends_with(std::string("_") + type)) return ", " + zoo + type;
  }
  return zoo.empty() ? "" : ", zoo";
}

ComparisonRow FromSaved(const store::StoredResult& r, const ComparisonSettings& settings) {
  const store::IndexedFields& f = r.fields;
  ComparisonRow row;
  row.id = r.id;
  // "pi4-lab (Raspberry Pi 4 Model B Rev 1.4)": the host name alone does
  // not say what it is.
  row.platform = f.board.empty() ? f.machine : fmt::format("{} ({})", f.machine, f.board);
  row.family = SavedFamily(f, settings.this_machine);
  row.runtime = fmt::format("{} {} ({} thread{}){}", f.runtime, f.backend, f.threads,
                            f.threads == 1 ? "" : "s", ModelVariant(f.model));
  row.runtime_name = f.runtime;
  row.runtime_version = f.runtime_version;
  row.model = f.model;
  row.label = f.label;
  row.source = r.source;
  row.mean_ms = f.mean_ms;
  row.p10_ms = f.p10_ms;
  row.p90_ms = f.p90_ms;
  row.p99_ms = f.p99_ms;
  row.per_second = f.per_second;
  row.price_usd = f.price_usd ? f.price_usd : settings.price_usd;
  return row;
}

bool IsBaseline(const ComparisonRow& row, const std::string& baseline) {
  if (baseline.starts_with("#")) return !row.published && fmt::format("#{}", row.id) == baseline;
  return Contains(row.platform + " " + row.runtime, baseline);
}

// The error for a --baseline no row matches, with what it could have been.
Status NoSuchBaseline(const std::vector<ComparisonRow>& rows, const std::string& baseline) {
  constexpr size_t kShown = 8;
  std::vector<std::string> choices;
  for (const ComparisonRow& row : rows) {
    std::string choice = row.published ? "" : fmt::format("#{} or ", row.id);
    choice += fmt::format("\"{} {}\"", row.platform, row.runtime);
    if (std::find(choices.begin(), choices.end(), choice) == choices.end()) {
      choices.push_back(choice);
    }
  }
  const size_t more = choices.size() > kShown ? choices.size() - kShown : 0;
  choices.resize(std::min(choices.size(), kShown));
  return Status::Error(TerminalSafe(fmt::format(
      "--baseline \"{}\" matches no row; use #ID or text from a row's platform and runtime: {}{}",
      baseline, fmt::join(choices, ", "), more > 0 ? fmt::format(" and {} more", more) : "")));
}

}  // namespace

std::string FamilyName(Family family) {
  switch (family) {
    case Family::kRaspberryPi: return "Raspberry Pi";
    case Family::kCoral: return "Coral";
    case Family::kJetson: return "Jetson";
    case Family::kIntel: return "Intel";
    case Family::kXnor: return "Xnor";
    case Family::kThisMachine: return "this machine";
    case Family::kOther: return "other machines";
  }
  return "other machines";
}

std::string FamilyColour(Family family) {
  switch (family) {
    case Family::kRaspberryPi: return "#c51a4a";
    case Family::kCoral: return "#1a8f82";
    case Family::kJetson: return "#5f9300";
    case Family::kIntel: return "#0068b5";
    case Family::kXnor: return "#7b4fa0";
    case Family::kThisMachine: return "#e07b00";
    case Family::kOther: return "#6c757d";
  }
  return "#6c757d";
}

std::string RuntimeColour(const std::string& runtime) {
  // Apart from the platform families' colours, so the two never read alike.
  static const std::map<std::string, std::string, std::less<>> kColours = {
      {"edgebench", "#d95f02"}, {"onnxruntime", "#1f78b4"},     {"opencv", "#33a02c"},
      {"armnn", "#a6761d"},     {"TensorFlow Lite", "#e7298a"}, {"TensorFlow", "#666699"},
      {"Edge TPU", "#66a61e"},  {"TF-TRT", "#1b9e77"},          {"OpenVINO", "#7570b3"}};
  const auto colour = kColours.find(runtime);
  return colour != kColours.end() ? colour->second : "#6c757d";
}

std::optional<double> ComparisonRow::per_second_per_usd() const {
  if (!price_usd || *price_usd <= 0) return std::nullopt;
  return per_second / *price_usd;
}

std::optional<double> ComparisonRow::usd_per_per_second() const {
  if (!price_usd || per_second <= 0) return std::nullopt;
  return *price_usd / per_second;
}

std::string ModelGroup(const std::string& model) {
  const std::string name = Lower(model);
  if (name.find("mobilenet") != std::string::npos) {
    if (name.find("v1") != std::string::npos) return "ssd_mobilenet_v1_0.75";
    if (name.find("v2") != std::string::npos) return "ssd_mobilenet_v2";
  }
  return model;
}

Result<std::vector<ComparisonRow>> BuildComparison(const std::vector<store::StoredResult>& saved,
                                                   const std::vector<PublishedResult>& published,
                                                   const ComparisonSettings& settings) {
  std::vector<ComparisonRow> rows;
  for (const PublishedResult& p : published) {
    if (!settings.model || Contains(p.model, *settings.model)) rows.push_back(FromPublished(p));
  }
  for (const store::StoredResult& r : saved) rows.push_back(FromSaved(r, settings));
  std::map<std::string, size_t> group_order;
  for (ComparisonRow& row : rows) {
    row.model_group = ModelGroup(row.model);
    group_order.emplace(row.model_group, group_order.size());
  }
  std::stable_sort(rows.begin(), rows.end(), [&](const ComparisonRow& a, const ComparisonRow& b) {
    const size_t ga = group_order[a.model_group], gb = group_order[b.model_group];
    return ga != gb ? ga < gb : a.mean_ms < b.mean_ms;
  });
  if (settings.group_by == GroupBy::kRuntime) {
    // Fastest first already: a runtime's first row in a group is its fastest.
    std::map<std::pair<std::string, std::string>, size_t> runtime_order;
    for (const ComparisonRow& row : rows) {
      runtime_order.emplace(std::pair(row.model_group, row.runtime_name), runtime_order.size());
    }
    std::stable_sort(rows.begin(), rows.end(), [&](const ComparisonRow& a, const ComparisonRow& b) {
      return runtime_order[{a.model_group, a.runtime_name}] <
             runtime_order[{b.model_group, b.runtime_name}];
    });
  }
  std::map<std::string, double> baseline_ms;
  // Slowest first, so the default baseline is each group's slowest row.
  for (const ComparisonRow& row : std::vector(rows.rbegin(), rows.rend())) {
    if (settings.baseline.empty() ? !baseline_ms.contains(row.model_group)
                                  : IsBaseline(row, settings.baseline)) {
      baseline_ms.emplace(row.model_group, row.mean_ms);
    }
  }
  if (!settings.baseline.empty() && baseline_ms.empty() && !rows.empty()) {
    return NoSuchBaseline(rows, settings.baseline);
  }
  for (ComparisonRow& row : rows) {
    auto base = baseline_ms.find(row.model_group);
    if (base != baseline_ms.end()) row.speedup = base->second / row.mean_ms;
  }
  return rows;
}

}  // namespace edgebench::report
