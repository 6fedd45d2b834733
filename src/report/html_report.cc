#include "report/html_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "report/svg.h"
#include "sysmon/sysmon_json.h"

namespace edgebench::report {
namespace {

using json = nlohmann::ordered_json;

constexpr char kStyle[] = R"css(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;padding:12px;
max-width:960px;color:#222;line-height:1.4}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}
h3{font-size:1em;margin:1.2em 0 .3em}.meta,.note{color:#555;font-size:.9em}
.chart{display:block;width:100%;max-width:660px;height:auto;margin:.4em 0}
.chart .title{font-size:13px;font-weight:600}.chart .label{font-size:11px}
.chart .sub{font-size:10px;fill:#555}.chart .value{font-size:10px}
.chart .tick{font-size:9px;fill:#555}.chart .grid{stroke:#e3e3e3}.chart .axis{stroke:#999}
.chart .errorbar{stroke:#222;stroke-width:1.2;fill:none}.chart .frame{fill:none;stroke:#ccc}
.legend{display:flex;flex-wrap:wrap;gap:.3em 1em;font-size:.9em}
.swatch{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:-.1em}
.table{overflow-x:auto}table{border-collapse:collapse;font-size:12px}
td,th{padding:2px 6px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}
td.t,th.t{text-align:left}.run{break-inside:avoid}ul.warn{font-size:.9em;color:#8a4b00}
@media print{body{max-width:none;padding:0}h2{break-after:avoid}.chart{max-width:15cm}}
)css";

std::string Text(const std::string& text) { return EscapeXml(text); }

// A string from a record (a label, a machine name, a file from elsewhere),
// isolated: its bidirectional controls (U+202E ...) and right-to-left text
// cannot reorder what comes after it.
std::string Isolated(const std::string& text) { return "<bdi>" + EscapeXml(text) + "</bdi>"; }

std::string Optional(const std::optional<double>& value, const char* format) {
  return value ? fmt::format(fmt::runtime(format), *value) : "–";
}

std::string PlatformLabel(const ComparisonRow& r) {
  return r.label.empty() ? r.platform : r.platform + " [" + r.label + "]";
}

// PlatformLabel as HTML, the platform and the label each isolated.
std::string PlatformHtml(const ComparisonRow& r) {
  return r.label.empty() ? Isolated(r.platform)
                         : Isolated(r.platform) + " [" + Isolated(r.label) + "]";
}

// Model groups in the rows' order.
std::vector<std::string> Groups(const std::vector<ComparisonRow>& rows) {
  std::vector<std::string> groups;
  for (const ComparisonRow& r : rows) {
    if (std::find(groups.begin(), groups.end(), r.model_group) == groups.end()) {
      groups.push_back(r.model_group);
    }
  }
  return groups;
}

// A row's bar colour: its platform family's or its runtime's.
std::string Colour(const ComparisonRow& r, GroupBy group_by) {
  return group_by == GroupBy::kRuntime ? RuntimeColour(r.runtime_name) : FamilyColour(r.family);
}

std::string LegendEntry(const std::string& colour, const std::string& name) {
  return fmt::format("<span><span class=\"swatch\" style=\"background:{}\"></span>{}</span>",
                     colour, Isolated(name));
}

// The colours of `rows`' bars: platform families, or runtimes in the rows' order.
std::string Legend(const std::vector<ComparisonRow>& rows, GroupBy group_by) {
  std::string html = "<div class=\"legend\">";
  if (group_by == GroupBy::kRuntime) {
    std::vector<std::string> runtimes;
    for (const ComparisonRow& r : rows) {
      if (std::find(runtimes.begin(), runtimes.end(), r.runtime_name) != runtimes.end()) continue;
      runtimes.push_back(r.runtime_name);
      html += LegendEntry(RuntimeColour(r.runtime_name), r.runtime_name);
    }
    return html + "</div>\n";
  }
  std::set<Family> families;
  for (const ComparisonRow& r : rows) families.insert(r.family);
  for (Family f : families) html += LegendEntry(FamilyColour(f), FamilyName(f));
  return html + "</div>\n";
}

std::string LatencyCharts(const std::vector<ComparisonRow>& rows, GroupBy group_by) {
  std::string html =
      "<h2>Mean latency</h2>\n<p class=\"note\">Shorter is faster. Error bars: 10th to 90th "
      "percentile of edgebench's own runs (published results give means only).</p>\n" +
      Legend(rows, group_by);
  for (const std::string& group : Groups(rows)) {
    std::vector<Bar> bars;
    for (const ComparisonRow& r : rows) {
      if (r.model_group != group) continue;
      Bar bar{PlatformLabel(r), r.runtime,           r.mean_ms, std::nullopt,
              std::nullopt,     Colour(r, group_by), ""};
      if (r.p10_ms && r.p90_ms) bar.low = r.p10_ms, bar.high = r.p90_ms;
      bars.push_back(bar);
    }
    html += BarChart(group + ": mean inference time", "ms", bars);
  }
  return html;
}

// Per model, the latest mean of each runtime (with its backend and
// threads) measured on this machine: which runtime to deploy here.
std::string RuntimesOnThisMachine(const std::vector<ComparisonRow>& rows) {
  std::string html =
      "<h2>Runtimes on this machine</h2>\n<p class=\"note\">Each model's latest mean on each "
      "runtime measured on this host (<code>edgebench run --runtime all</code> measures them "
      "side by side, interleaved); shorter is faster.</p>\n";
  std::vector<std::string> models;
  for (const ComparisonRow& r : rows) {
    if (r.family == Family::kThisMachine &&
        std::find(models.begin(), models.end(), r.model) == models.end()) {
      models.push_back(r.model);
    }
  }
  std::vector<ComparisonRow> shown;
  std::string charts;
  for (const std::string& model : models) {
    std::vector<const ComparisonRow*> latest;  // one per runtime, backend and threads
    for (const ComparisonRow& r : rows) {
      if (r.family != Family::kThisMachine || r.model != model) continue;
      auto same = std::find_if(latest.begin(), latest.end(),
                               [&](const ComparisonRow* l) { return l->runtime == r.runtime; });
      if (same == latest.end()) {
        latest.push_back(&r);
      } else if ((*same)->id < r.id) {
        *same = &r;
      }
    }
    std::sort(latest.begin(), latest.end(), [](const ComparisonRow* a, const ComparisonRow* b) {
      return a->mean_ms < b->mean_ms;
    });
    std::vector<Bar> bars;
    for (const ComparisonRow* r : latest) {
      Bar bar{r->runtime_name + (r->runtime_version.empty() ? "" : " " + r->runtime_version),
              r->runtime,
              r->mean_ms,
              std::nullopt,
              std::nullopt,
              RuntimeColour(r->runtime_name),
              fmt::format(" (#{})", r->id)};
      if (r->p10_ms && r->p90_ms) bar.low = r->p10_ms, bar.high = r->p90_ms;
      bars.push_back(bar);
      shown.push_back(*r);
    }
    charts += BarChart(model + ": runtimes on this machine", "ms", bars);
  }
  if (shown.empty()) return html + "<p>Nothing measured on this machine in this selection.</p>\n";
  return html + Legend(shown, GroupBy::kRuntime) + charts;
}

std::string PriceCharts(const std::vector<ComparisonRow>& rows) {
  std::string html =
      "<h2>Price/performance</h2>\n<p class=\"note\">Inferences per second per US dollar of "
      "hardware; longer is better. Rows without a known price are left out.</p>\n";
  bool any = false;
  for (const std::string& group : Groups(rows)) {
    std::vector<Bar> bars;
    for (const ComparisonRow& r : rows) {
      const auto value = r.per_second_per_usd();
      if (r.model_group != group || !value) continue;
      bars.push_back({PlatformLabel(r), r.runtime, *value, std::nullopt, std::nullopt,
                      FamilyColour(r.family), fmt::format(" at ${:.0f}", *r.price_usd)});
    }
    if (bars.empty()) continue;
    any = true;
    std::stable_sort(bars.begin(), bars.end(),
                     [](const Bar& a, const Bar& b) { return a.value > b.value; });
    html += BarChart(group + ": inferences/s per dollar", "/s/$", bars);
  }
  return any ? html : html + "<p>No prices known (run with --price, or compare with --price).</p>";
}

std::string Table(const std::vector<ComparisonRow>& rows) {
  std::string html =
      "<h2>All results</h2>\n<div class=\"table\"><table><tr><th class=\"t\">model</th>"
      "<th class=\"t\">platform</th><th class=\"t\">runtime</th><th>mean ms</th><th>p99 ms</th>"
      "<th>inf/s</th><th>speed-up</th><th>price $</th><th>inf/s/$</th><th>$/(inf/s)</th>"
      "<th class=\"t\">source</th></tr>\n";
  for (const ComparisonRow& r : rows) {
    html += fmt::format(
        "<tr><td class=\"t\">{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td><td>{:.1f}</td>"
        "<td>{}</td><td>{:.2f}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td class=\"t\">{}</td></tr>\n",
        Isolated(r.model), PlatformHtml(r), Isolated(r.runtime), r.mean_ms,
        Optional(r.p99_ms, "{:.1f}"), r.per_second, Optional(r.speedup, "{:.2f}×"),
        Optional(r.price_usd, "{:.2f}"), Optional(r.per_second_per_usd(), "{:.3f}"),
        Optional(r.usd_per_per_second(), "{:.2f}"),
        Isolated(r.published ? r.source : fmt::format("#{} {}", r.id, r.source)));
  }
  return html + "</table></div>\n";
}

const json* Member(const json& object, const char* key) {
  return object.is_object() && object.contains(key) ? &object[key] : nullptr;
}

std::vector<double> Numbers(const json* array) {
  std::vector<double> values;
  if (array == nullptr || !array->is_array()) return values;
  for (const json& v : *array) values.push_back(v.is_number() ? v.get<double>() : std::nan(""));
  return values;
}

std::string RunHistogram(const SavedRun& run) {
  const json* samples = Member(run.record, "samples");
  if (samples == nullptr) return "";
  const std::string colour = FamilyColour(run.row.family);
  if (const json* histogram = Member(*samples, "histogram")) {
    const json* lower = Member(*histogram, "lower_ms");
    const json* width = Member(*histogram, "bin_width_ms");
    if (lower == nullptr || width == nullptr || !lower->is_number() || !width->is_number()) {
      return "";
    }
    return HistogramChart("latency histogram", lower->get<double>(), width->get<double>(),
                          Numbers(Member(*histogram, "counts")), colour);
  }
  std::vector<double> values = Numbers(Member(*samples, "values_ms"));
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  if (values.empty()) return "";
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  const size_t bins = std::clamp<size_t>(static_cast<size_t>(2 * std::sqrt(values.size())), 1, 40);
  const double width = (*hi - *lo) / static_cast<double>(bins);
  std::vector<double> counts(bins, 0);
  for (double v : values) {
    const size_t bin = width > 0 ? static_cast<size_t>((v - *lo) / width) : 0;
    ++counts[std::min(bin, bins - 1)];
  }
  return HistogramChart("latency histogram", *lo, width, counts, colour);
}

// Adds [from, to) to `spans`, merged into the last span when they touch, so
// a long throttled stretch is one rectangle, not many with seams.
void AddSpan(std::vector<Span>& spans, double from, double to, const std::string& colour) {
  for (Span& span : spans) {
    if (span.colour == colour && span.to_s == from) {
      span.to_s = to;
      return;
    }
  }
  spans.push_back({from, to, colour});
}

// Latency, temperature and clock against time, from the sysmon block.
std::string RunTimeline(const SavedRun& run) {
  const json* sysmon = Member(run.record, "sysmon");
  const json* stored = sysmon != nullptr ? Member(*sysmon, "timeline") : nullptr;
  const std::vector<sysmon::TimelinePoint> timeline =
      stored != nullptr ? sysmon::ReadTimeline(*stored) : std::vector<sysmon::TimelinePoint>{};
  if (timeline.empty()) return "";
  Series temperature{"temperature (°C)", {}, {}, "#c0392b"};
  Series clock{"CPU clock (MHz)", {}, {}, "#0068b5"};
  std::vector<Span> spans;
  double end_s = 0;
  for (size_t i = 0; i < timeline.size(); ++i) {
    const sysmon::Reading& point = timeline[i].reading;
    const double t = point.t_s;
    const double next = i + 1 < timeline.size() ? timeline[i + 1].reading.t_s : t;
    end_s = std::max(end_s, t);
    temperature.t_s.push_back(t);
    temperature.values.push_back(point.temperature_c);
    clock.t_s.push_back(t);
    clock.values.push_back(point.cpu_mhz);
    if (!timeline[i].phase.empty() &&
        timeline[i].phase != sysmon::PhaseName(sysmon::Phase::kMeasure)) {
      AddSpan(spans, t, next, "#ececec");
    }
    // Raspberry Pi get_throttled: bits 0-3 say what is happening now.
    if (point.throttle_flags && (*point.throttle_flags & 0xF) != 0) {
      AddSpan(spans, t, next, "#fbdada");
    }
  }
  Series latency{"latency (ms)", {}, {}, FamilyColour(run.row.family)};
  const std::vector<double> starts = Numbers(Member(run.record, "sample_start_s"));
  const json* samples = Member(run.record, "samples");
  const std::vector<double> values =
      Numbers(samples != nullptr ? Member(*samples, "values_ms") : nullptr);
  if (!starts.empty() && starts.size() == values.size()) {
    for (size_t i = 0; i < starts.size(); ++i) {
      latency.t_s.push_back(starts[i]);
      latency.values.push_back(std::isfinite(values[i]) ? std::optional(values[i]) : std::nullopt);
      end_s = std::max(end_s, starts[i] + values[i] / 1000);
    }
  }
  std::vector<Series> series;
  if (!latency.t_s.empty()) series.push_back(latency);
  series.push_back(temperature);
  series.push_back(clock);
  return TimelineChart("during the run (grey: warm-up, red: throttled)", series, spans, end_s);
}

std::string RunSection(const SavedRun& run) {
  const ComparisonRow& r = run.row;
  std::string html = fmt::format(
      "<div class=\"run\"><h3>#{} {} on {}</h3>\n<p class=\"meta\">{} · {} · {} runs · mean "
      "{:.2f} ms · p99 {} ms · {}</p>\n",
      r.id, Isolated(r.model), PlatformHtml(r), Isolated(r.runtime),
      Isolated(run.record.value("timestamp_utc", "")),
      run.record.contains("summary") ? run.record["summary"].value("count", 0) : 0, r.mean_ms,
      Optional(r.p99_ms, "{:.2f}"), Isolated(r.source));
  html += RunHistogram(run) + RunTimeline(run);
  const json* warnings = Member(run.record, "warnings");
  if (warnings != nullptr && warnings->is_array() && !warnings->empty()) {
    html += "<ul class=\"warn\">";
    for (const json& w : *warnings) {
      if (w.is_string()) html += "<li>" + Isolated(w.get<std::string>()) + "</li>";
    }
    html += "</ul>\n";
  }
  return html + "</div>\n";
}

}  // namespace

std::string RenderHtmlReport(const ReportInput& input) {
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>edgebench report</title>\n<style>{}</style></head><body>\n"
      "<h1>edgebench report</h1>\n<p class=\"meta\">Generated {} from {} · {} saved result{}, {} "
      "published</p>\n",
      kStyle, Text(input.generated_utc), Text(input.database), input.runs.size(),
      input.runs.size() == 1 ? "" : "s",
      std::count_if(input.rows.begin(), input.rows.end(),
                    [](const ComparisonRow& r) { return r.published; }));
  html += LatencyCharts(input.rows, input.group_by) + RuntimesOnThisMachine(input.rows) +
          PriceCharts(input.rows) + Table(input.rows);
  if (!input.runs.empty()) {
    html += "<h2>Runs</h2>\n";
    for (const SavedRun& run : input.runs) html += RunSection(run);
  }
  return html + "</body></html>\n";
}

}  // namespace edgebench::report
