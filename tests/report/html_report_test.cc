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
