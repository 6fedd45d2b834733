#include "report/comparison.h"

#include <gtest/gtest.h>

#include "report/published.h"
#include "report/svg.h"

namespace edgebench::report {
namespace {

TEST(PublishedTest, BundledFileHasASourceForEveryRow) {
  auto rows = ReadPublishedFolder(std::string(EDGEBENCH_SOURCE_DIR) + "/data/published");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_EQ(rows->size(), 30u);  // 13 platform/runtime pairs x 2 models, Pi 5 x 4
  int pi4_lite_v1 = 0;
  for (const PublishedResult& r : *rows) {
    EXPECT_FALSE(r.source.empty()) << r.platform;
    if (r.platform == "Raspberry Pi 4 Model B (4GB)" && r.runtime == "TensorFlow Lite" &&
        r.model == "ssd_mobilenet_v1_0.75") {
      ++pi4_lite_v1;
      EXPECT_DOUBLE_EQ(r.mean_ms, 82.7);
      EXPECT_EQ(r.price, 55.0);
    }
  }
  EXPECT_EQ(pi4_lite_v1, 1);
}

TEST(PublishedTest, ParsesQuotesAndRejectsBadRows) {
  const std::string header =
      "platform,host,runtime,accelerator_link,model,mean_ms,price_usd,source,note\n";
  auto rows = ParsePublished(header + "\"Board, \"\"X\"\"\",,RT,,m,12.5,,\"a, b\",\n", "t.csv");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_EQ((*rows)[0].platform, "Board, \"X\"");
  EXPECT_EQ((*rows)[0].source, "a, b");
  EXPECT_FALSE((*rows)[0].price.has_value());
  EXPECT_EQ(ParsePublished(header + "B,,RT,,m,12.5,,,\n", "t.csv").status().message(),
            "t.csv: row 2: platform, model and source are required");
  EXPECT_EQ(ParsePublished(header + "B,,RT,,m,fast,,s,\n", "t.csv").status().message(),
            "t.csv: row 2: mean_ms must be a positive number");
  EXPECT_EQ(ParsePublished("a,b\n", "t.csv").status().message(),
            "t.csv: line 1: expected the header "
            "platform,host,runtime,accelerator_link,model,mean_ms,price_usd,source,note");
}

store::StoredResult Saved(int64_t id, const std::string& machine, const std::string& model,
                          double mean_ms) {
  store::StoredResult r;
  r.id = id;
  r.source = "run";
  r.fields.machine = machine;
  r.fields.cpu_model = "cpu";
  r.fields.model = model;
  r.fields.backend = "xnnpack";
  r.fields.threads = 4;
  r.fields.mean_ms = mean_ms;
  r.fields.per_second = 1000 / mean_ms;
  return r;
}

TEST(ComparisonTest, GroupsSortsAndComputesSpeedUpAndPrice) {
  const std::vector<PublishedResult> published = {
      {"Raspberry Pi 4 Model B (4GB)", "", "TensorFlow Lite", "", "ssd_mobilenet_v1_0.75", 80, 55.0,
       "s", ""},
      {"Coral Dev Board", "", "Edge TPU", "", "ssd_mobilenet_v2", 20, 149.0, "s", ""}};
  ComparisonSettings settings;
  settings.this_machine = "me";
  settings.price_usd = 100;
  settings.baseline = "Raspberry Pi 4";
  const auto rows = BuildComparison({Saved(7, "me", "zoo:ssd_mobilenet_v1_0.75_float32", 40),
                                     Saved(8, "me", "x.tflite", 10)},
                                    published, settings)
                        .value();
  ASSERT_EQ(rows.size(), 4u);
  // Group v1 (first seen), fastest first; then v2; then x.tflite.
  EXPECT_EQ(rows[0].id, 7);
  EXPECT_EQ(rows[0].model_group, "ssd_mobilenet_v1_0.75");
  EXPECT_EQ(rows[0].family, Family::kThisMachine);
  EXPECT_DOUBLE_EQ(*rows[0].speedup, 2.0);  // 80 / 40
  EXPECT_DOUBLE_EQ(*rows[0].per_second_per_usd(), 25.0 / 100);
  EXPECT_DOUBLE_EQ(*rows[0].usd_per_per_second(), 100 / 25.0);
  EXPECT_TRUE(rows[1].published);
  EXPECT_EQ(rows[1].family, Family::kRaspberryPi);
  EXPECT_DOUBLE_EQ(*rows[1].speedup, 1.0);
  EXPECT_DOUBLE_EQ(*rows[1].per_second_per_usd(), 12.5 / 55);
  EXPECT_EQ(rows[2].family, Family::kCoral);
  EXPECT_FALSE(rows[2].speedup.has_value());  // no Pi 4 row for v2
  EXPECT_EQ(rows[3].model_group, "x.tflite");
}

store::StoredResult SavedOn(int64_t id, const std::string& runtime, double mean_ms) {
  store::StoredResult r = Saved(id, "me", "ssd_mobilenet_v1_0.75_uint8", mean_ms);
  r.fields.runtime = runtime;
  r.fields.runtime_version = "1.0";
  r.fields.backend = runtime == "edgebench" ? "xnnpack" : "cpu";
  return r;
}

// --group-by runtime: within a model the rows of each runtime stay together
// (the runtime with the fastest row first), each runtime's fastest first.
TEST(ComparisonTest, GroupByRuntimeKeepsEachRuntimesRowsTogether) {
  const std::vector<store::StoredResult> saved = {
      SavedOn(1, "edgebench", 30), SavedOn(2, "onnxruntime", 20), SavedOn(3, "edgebench", 10),
      SavedOn(4, "onnxruntime", 40)};
  ComparisonSettings settings;
  settings.this_machine = "me";
  const auto by_speed = BuildComparison(saved, {}, settings).value();
  ASSERT_EQ(by_speed.size(), 4u);
  EXPECT_EQ(by_speed[0].id, 3);
  EXPECT_EQ(by_speed[1].id, 2);  // platform order: fastest first, runtimes mixed
  settings.group_by = GroupBy::kRuntime;
  const auto rows = BuildComparison(saved, {}, settings).value();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].id, 3);
  EXPECT_EQ(rows[1].id, 1);
  EXPECT_EQ(rows[2].id, 2);
  EXPECT_EQ(rows[3].id, 4);
  EXPECT_EQ(rows[2].runtime_name, "onnxruntime");
  EXPECT_EQ(rows[2].runtime_version, "1.0");
  EXPECT_EQ(rows[2].runtime, "onnxruntime cpu (4 threads), uint8");
  EXPECT_DOUBLE_EQ(*rows[0].speedup, 4.0);  // against the slowest row, 40 ms
  EXPECT_NE(RuntimeColour("edgebench"), RuntimeColour("onnxruntime"));
  EXPECT_EQ(RuntimeColour("something else"), "#6c757d");
}

TEST(ComparisonTest, SavedRowsNameTheirModelVariant) {
  const auto rows =
      BuildComparison({Saved(1, "me", "zoo:ssd_mobilenet_v2_float32", 9),
                       Saved(2, "me", "ssd_mobilenet_v2_uint8", 7), Saved(3, "me", "x.tflite", 5)},
                      {}, ComparisonSettings{})
          .value();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].runtime, "edgebench xnnpack (4 threads), uint8");
  EXPECT_EQ(rows[1].runtime, "edgebench xnnpack (4 threads), zoo float32");
  EXPECT_EQ(rows[2].runtime, "edgebench xnnpack (4 threads)");
}

// A Pi on a 32-bit kernel: cpu_model names only the core, the board says
// which Pi it is, in the platform column and the chart's family.
TEST(ComparisonTest, SavedRowsNameTheirBoard) {
  store::StoredResult pi = Saved(1, "pi3", "ssd_mobilenet_v1_0.75_uint8", 300);
  pi.fields.cpu_model = "ARMv7 Processor rev 4 (v7l)";
  pi.fields.board = "Raspberry Pi 3 Model B Plus Rev 1.3";
  const auto rows = BuildComparison({pi, Saved(2, "box", "ssd_mobilenet_v1_0.75_uint8", 9)}, {},
                                    ComparisonSettings{})
                        .value();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].platform, "pi3 (Raspberry Pi 3 Model B Plus Rev 1.3)");
  EXPECT_EQ(rows[1].family, Family::kRaspberryPi);
  EXPECT_EQ(rows[0].platform, "box");
  EXPECT_EQ(rows[0].family, Family::kOther);
}

TEST(ComparisonTest, ABaselineThatMatchesNoRowIsAnError) {
  ComparisonSettings settings;
  settings.baseline = "Raspberry Pi 5";
  const auto rows = BuildComparison(
      {Saved(1, "box-a", "ssd_mobilenet_v2_uint8", 9), Saved(2, "box-b", "x.tflite", 5)},
      {{"Jetson Nano", "", "TensorRT", "", "ssd_mobilenet_v2", 20, 99.0, "s", ""}}, settings);
  EXPECT_EQ(rows.status().message(),
            "--baseline \"Raspberry Pi 5\" matches no row; use #ID or text from a row's platform "
            "and runtime: #1 or \"box-a edgebench xnnpack (4 threads), uint8\", \"Jetson "
            "Nano TensorRT\", #2 or \"box-b edgebench xnnpack (4 threads)\"");
  settings.baseline = "#3";
  EXPECT_FALSE(BuildComparison({Saved(1, "box-a", "m", 9)}, {}, settings).ok());
  settings.baseline = "#1";
  EXPECT_TRUE(BuildComparison({Saved(1, "box-a", "m", 9)}, {}, settings).ok());
}

TEST(SvgTest, EscapesAndPicksNiceSteps) {
  EXPECT_EQ(EscapeXml("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
  EXPECT_DOUBLE_EQ(NiceStep(659, 4), 200);  // 164.75 rounds up to 200
  EXPECT_DOUBLE_EQ(NiceStep(0.16, 4), 0.05);
  EXPECT_DOUBLE_EQ(NiceStep(100, 4), 50);  // 25 -> 50
  EXPECT_DOUBLE_EQ(NiceStep(0, 4), 1);
  const std::string svg = BarChart("t<", "ms", {{"<b>", "rt", 5, 4, 6, "#000", ""}});
  EXPECT_NE(svg.find("&lt;b&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_NE(svg.find("class=\"errorbar\""), std::string::npos);
}

}  // namespace
}  // namespace edgebench::report
