#include "report/html_report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace edgebench::report {
namespace {

constexpr char kOverride[] = "\xe2\x80\xae";  // U+202E RIGHT-TO-LEFT OVERRIDE

// A saved row whose label and machine name carry a right-to-left override,
// as an imported file from elsewhere may.
ReportInput HostileInput() {
  ComparisonRow row;
  row.id = 1;
  row.platform = std::string("box") + kOverride + "a";
  row.family = Family::kOther;
  row.runtime = "edgebench xnnpack (4 threads)";
  row.model = "ssd_mobilenet_v2_uint8";
  row.model_group = "ssd_mobilenet_v2";
  row.label = std::string(kOverride) + "fan on";
  row.source = "import x.json";
  row.mean_ms = 20;
  row.per_second = 50;
  ReportInput input;
  input.rows = {row};
  input.runs = {{row, {{"timestamp_utc", "2026-11-24T10:00:00Z"}}}};
  return input;
}

TEST(HtmlReportTest, RecordStringsAreIsolatedFromBidiControls) {
  const std::string html = RenderHtmlReport(HostileInput());
  EXPECT_NE(html.find(std::string("<bdi>") + kOverride + "fan on</bdi>"), std::string::npos);
  EXPECT_NE(html.find("<bdi>edgebench xnnpack (4 threads)</bdi>"), std::string::npos);
  // Every override is followed by the end of its <bdi>, where it ends: the
  // runtime column after it reads left to right.
  for (size_t at = html.find(kOverride); at != std::string::npos;
       at = html.find(kOverride, at + 1)) {
    EXPECT_EQ(html.find('<', at), html.find("</bdi>", at))
        << html.substr(at > 80 ? at - 80 : 0, 160);
  }
  // SVG text cannot isolate: there the controls are dropped.
  for (size_t svg = html.find("<svg"); svg != std::string::npos; svg = html.find("<svg", svg + 1)) {
    const std::string chart = html.substr(svg, html.find("</svg>", svg) - svg);
    EXPECT_EQ(chart.find(kOverride), std::string::npos) << chart;
    EXPECT_NE(chart.find("boxa"), std::string::npos) << chart;
  }
}

ComparisonRow Measured(int64_t id, Family family, const std::string& runtime, double mean_ms) {
  ComparisonRow row;
  row.id = id;
  row.platform = "me";
  row.family = family;
  row.runtime_name = runtime;
  row.runtime_version = runtime == "edgebench" ? "0.1.0" : "1.30.0";
  row.runtime = runtime + (runtime == "edgebench" ? " xnnpack" : " cpu") + " (2 threads), uint8";
  row.model = "ssd_mobilenet_v1_0.75_uint8";
  row.model_group = "ssd_mobilenet_v1_0.75";
  row.source = "run";
  row.mean_ms = mean_ms;
  row.per_second = 1000 / mean_ms;
  return row;
}

// The "runtimes on this machine" chart: per model, the latest result of
// each runtime on this host, one bar each in the runtime's colour; other
// machines' rows stay out of it.
TEST(HtmlReportTest, RuntimesOnThisMachineChart) {
  ReportInput input;
  input.rows = {Measured(1, Family::kThisMachine, "edgebench", 30),
                Measured(2, Family::kThisMachine, "onnxruntime", 20),
                Measured(3, Family::kThisMachine, "onnxruntime", 25),
                Measured(4, Family::kRaspberryPi, "armnn", 90)};
  const std::string html = RenderHtmlReport(input);
  const size_t section = html.find("<h2>Runtimes on this machine</h2>");
  ASSERT_NE(section, std::string::npos);
  const std::string chart = html.substr(section, html.find("<h2>", section + 1) - section);
  EXPECT_NE(chart.find("ssd_mobilenet_v1_0.75_uint8: runtimes on this machine"), std::string::npos);
  EXPECT_NE(chart.find("edgebench 0.1.0"), std::string::npos);
  EXPECT_NE(chart.find("onnxruntime 1.30.0"), std::string::npos);
  EXPECT_NE(chart.find("(#3)"), std::string::npos);  // the latest onnxruntime result
  EXPECT_EQ(chart.find("(#2)"), std::string::npos);
  EXPECT_EQ(chart.find("armnn"), std::string::npos);  // not this machine
  EXPECT_NE(chart.find(RuntimeColour("edgebench")), std::string::npos);
  EXPECT_NE(chart.find(RuntimeColour("onnxruntime")), std::string::npos);
}

// --group-by runtime colours the latency charts by runtime, with a legend
// of runtimes; by platform (the default), by platform family.
TEST(HtmlReportTest, LatencyChartsColourByRuntimeWhenGroupedByRuntime) {
  ReportInput input;
  input.rows = {Measured(1, Family::kRaspberryPi, "edgebench", 30),
                Measured(2, Family::kRaspberryPi, "onnxruntime", 20)};
  const auto latency = [](const std::string& html) {
    const size_t at = html.find("<h2>Mean latency</h2>");
    return html.substr(at, html.find("<h2>", at + 1) - at);
  };
  const std::string by_platform = latency(RenderHtmlReport(input));
  EXPECT_NE(by_platform.find(FamilyColour(Family::kRaspberryPi)), std::string::npos);
  EXPECT_EQ(by_platform.find(RuntimeColour("onnxruntime")), std::string::npos);
  input.group_by = GroupBy::kRuntime;
  const std::string by_runtime = latency(RenderHtmlReport(input));
  EXPECT_NE(by_runtime.find(RuntimeColour("onnxruntime")), std::string::npos);
  EXPECT_NE(by_runtime.find(RuntimeColour("edgebench")), std::string::npos);
  EXPECT_NE(by_runtime.find("<bdi>onnxruntime</bdi>"), std::string::npos);  // the legend
  EXPECT_EQ(by_runtime.find(FamilyColour(Family::kRaspberryPi)), std::string::npos);
}

// The width="..." of the first <rect> whose attributes end with `tail`.
double RectWidth(const std::string& html, const std::string& tail) {
  const size_t end = html.find(tail);
  if (end == std::string::npos) return -1;
  const size_t width = html.rfind("width=\"", end);
  return std::stod(html.substr(width + 7));
}

// The run's timeline shades warm-up grey, not the measured runs. Before: the
// report compared phases with "measured", which no record says ("measure"),
// so a whole timeline was shaded as warm-up.
TEST(HtmlReportTest, OnlyTheWarmUpIsShadedOnTheTimeline) {
  nlohmann::ordered_json timeline = nlohmann::ordered_json::array();
  for (int t = 0; t <= 10; ++t) {
    timeline.push_back({{"t_s", t},
                        {"phase", t == 0 ? "warmup" : "measure"},
                        {"temperature_c", 50.0},
                        {"cpu_mhz", 1500}});
  }
  ReportInput input = HostileInput();
  input.runs[0].record["sysmon"] = {{"timeline", timeline}};
  const std::string html = RenderHtmlReport(input);
  const double frame = RectWidth(html, "class=\"frame\"");
  const double grey = RectWidth(html, "fill=\"#ececec\"");
  ASSERT_GT(frame, 0);
  ASSERT_GT(grey, 0);
  // One second of warm-up on a ten-second timeline.
  EXPECT_NEAR(grey / frame, 0.1, 0.01);
}

}  // namespace
}  // namespace edgebench::report
