// The side-by-side table's arithmetic and the detection comparison, on
// records written here.
#include "bench/side_by_side.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace edgebench::bench {
namespace {

using ::testing::HasSubstr;

BenchmarkRecord Record(const std::string& model, const std::string& runtime, double mean_ms,
                       double median_ms) {
  BenchmarkRecord r;
  r.model.name = model;
  r.runtime.name = runtime;
  r.runtime.version = runtime == "edgebench" ? "0.1.0" : "1.30.0";
  r.backend_name = runtime == "edgebench" ? "xnnpack" : "cpu";
  r.threads = 2;
  r.summary.mean = mean_ms;
  r.summary.median = median_ms;
  return r;
}

TEST(SideBySideRowsTest, SpeedUpIsTheFirstRuntimesMeanOverEachMean) {
  std::vector<BenchmarkRecord> records = {
      Record("v1", "edgebench", 30, 29), Record("v1", "onnxruntime", 20, 19),
      Record("v2", "edgebench", 40, 39), Record("v2", "onnxruntime", 80, 78)};
  records[1].network_only = Summary{};
  records[1].network_only->mean = 18;
  records[1].network_only->median = 17.5;
  const std::vector<SideBySideRow> rows = SideBySideRows(records);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].runtime, "edgebench");
  EXPECT_DOUBLE_EQ(rows[0].speedup, 1.0);
  EXPECT_DOUBLE_EQ(rows[1].speedup, 1.5);  // 30 / 20: onnxruntime is 1.5x as fast
  EXPECT_EQ(rows[1].version, "1.30.0");
  EXPECT_EQ(rows[1].network_mean_ms, 18);
  EXPECT_EQ(rows[1].network_median_ms, 17.5);
  EXPECT_FALSE(rows[0].network_mean_ms.has_value());
  EXPECT_EQ(rows[2].model, "v2");  // each model against its own first runtime
  EXPECT_DOUBLE_EQ(rows[2].speedup, 1.0);
  EXPECT_DOUBLE_EQ(rows[3].speedup, 0.5);
  EXPECT_DOUBLE_EQ(rows[3].median_ms, 78);
}

void Detect(BenchmarkRecord& r, const std::string& label, float score) {
  r.detections.push_back({label, 0, score, 0, 0, 1, 1});
}

TEST(CompareDetectionsTest, SameLabelsWithinTheToleranceAgree) {
  BenchmarkRecord a = Record("v1", "edgebench", 1, 1), b = Record("v1", "onnxruntime", 1, 1);
  Detect(a, "apple", 0.801f);
  Detect(a, "banana", 0.699f);
  Detect(a, "cup", 0.30f);  // below 0.5 in both: not compared
  Detect(b, "banana", 0.699f + kScoreTolerance * 0.9f);
  Detect(b, "apple", 0.801f - kScoreTolerance * 0.9f);
  EXPECT_EQ(CompareDetections(a, b), std::nullopt);
}

TEST(CompareDetectionsTest, AScoreEitherSideOfTheThresholdStillPairs) {
  BenchmarkRecord a = Record("v1", "edgebench", 1, 1), b = Record("v1", "onnxruntime", 1, 1);
  Detect(a, "person", 0.505f);
  Detect(b, "person", 0.495f);
  EXPECT_EQ(CompareDetections(a, b), std::nullopt);
}

TEST(CompareDetectionsTest, AMissingLabelOrAFarScoreIsAWarning) {
  BenchmarkRecord a = Record("v1", "edgebench", 1, 1), b = Record("v1", "armnn", 1, 1);
  Detect(a, "apple", 0.801f);
  Detect(a, "person", 0.531f);
  Detect(b, "apple", 0.760f);
  Detect(b, "dog", 0.6f);
  const auto warning = CompareDetections(a, b);
  ASSERT_TRUE(warning.has_value());
  EXPECT_THAT(*warning, HasSubstr("detections differ from edgebench's"));
  EXPECT_THAT(*warning, HasSubstr("within 0.02"));
  EXPECT_THAT(*warning, HasSubstr("apple 0.801 vs 0.760"));
  EXPECT_THAT(*warning, HasSubstr("person 0.531 vs none"));
  EXPECT_THAT(*warning, HasSubstr("dog none vs 0.600"));
}

}  // namespace
}  // namespace edgebench::bench
