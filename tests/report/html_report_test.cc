#include "report/html_report.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace edgebench::report
