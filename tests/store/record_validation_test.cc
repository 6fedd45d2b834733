#include "store/record_validation.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "bench/context.h"
#include "bench/result_record.h"
#include "bench/statistics.h"
#include "store/bounded_json.h"
#include "store/exchange.h"

namespace edgebench::store {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

// A record as the current code writes it, from four measured runs.
json WrittenRecord() {
  bench::BenchmarkRecord r;
  r.timestamp_utc = "2026-11-24T10:00:00Z";
  r.context = bench::CollectContext();
  r.backend_name = "xnnpack";
  r.backend_version = "1";
  r.threads = 4;
  r.model = {"m", "m.tflite", std::string(64, 'a'), 1000, false};
  r.image = {"i.jpg", std::string(64, 'b'), 640, 480, 320, 240, 300, 300, "bilinear", "raw-bytes"};
  r.settings = {4, 1, 0, 0, 4, "xnnpack", "auto", "", {}};
  r.warmup_ms = {15};
  r.first_run_ms = 15;
  r.samples_ms = {10, 12, 11, 13};
  r.summary = bench::Summarize(r.samples_ms);
  r.price_usd = 55;
  return bench::RecordToJson(r);
}

std::string Problem(const json& record) { return ValidateRecord(record, "results[2]").message(); }

TEST(RecordValidationTest, RecordsTheCurrentCodeWritesPass) {
  const json record = WrittenRecord();
  EXPECT_TRUE(ValidateRecord(record, "results[0]").ok()) << Problem(record);
  json interrupted = record;
  interrupted["interrupted"] = true;
  EXPECT_TRUE(ValidateRecord(interrupted, "").ok()) << Problem(interrupted);
  // Sysmon content is not checked inside: its format may change.
  json sysmon = record;
  sysmon["sysmon"] = {{"timeline", {{"t_s", {0, 1}}, {"columns", "anything"}}}};
  EXPECT_TRUE(ValidateRecord(sysmon, "").ok()) << Problem(sysmon);
  // Control characters in strings are kept (the views escape them).
  json label = record;
  label["label"] = "\x1b[2J\r\n";
  EXPECT_TRUE(ValidateRecord(label, "").ok()) << Problem(label);
}

TEST(RecordValidationTest, TheRealFixtureImports) {
  const auto records =
      ReadResultsFile(std::string(EDGEBENCH_SOURCE_DIR) + "/tests/data/results/fake_pi4.json");
  ASSERT_TRUE(records.ok()) << records.status().message();
  EXPECT_EQ(records->size(), 2u);
}

// Each bad record of issue 10 and the message naming its first bad field.
TEST(RecordValidationTest, NamesTheFirstBadField) {
  struct Case {
    std::string pointer;  // JSON pointer into the record
    json value;
    std::string message;
  };
  const Case cases[] = {
      {"/summary/mean_ms", -3, "results[2].summary.mean_ms: -3 is not a positive latency"},
      {"/summary/mean_ms", 1e308,
       "results[2].summary.mean_ms: 1e+308 is not a latency below one hour (3600000 ms)"},
      {"/summary/mean_ms", 11.9,
       "results[2].summary.mean_ms: 11.9 does not match samples.values_ms (11.5 from the "
       "samples)"},
      {"/summary/mean_ms", 20,
       "results[2].summary.mean_ms: 20 is outside summary.min_ms to "
       "summary.max_ms"},
      {"/summary/p90_ms", 10.5,
       "results[2].summary.p90_ms: 10.5 is below summary.median_ms (11.5)"},
      {"/summary/per_second", 1e6,
       "results[2].summary.per_second: 1000000.0 does not match 1000 / summary.mean_ms "
       "(86.95652173913044)"},
      {"/threads", -1, "results[2].threads: -1 is not a thread count (1 to 4096)"},
      {"/timestamp_utc", "yesterday",
       "results[2].timestamp_utc: \"yesterday\" is not an ISO 8601 UTC time like "
       "\"2026-11-24T10:00:00Z\""},
      {"/samples/values_ms", "10,12,11,13",
       "results[2].samples.values_ms: \"10,12,11,13\" is not an array"},
      {"/samples/values_ms/1", nullptr,
       "results[2].samples.values_ms[1]: null is not a latency (a number of ms)"},
      {"/samples/count", 5, "results[2].samples.count: 5 does not match summary.count (4)"},
      {"/schema_version", 999,
       "results[2].schema_version: 999 is not a version this edgebench reads (1 to 2); a newer "
       "edgebench wrote it?"},
      {"/schema_version", "1", "results[2].schema_version: \"1\" is not an integer"},
      {"/model/name", "", "results[2].model.name: is empty"},
      {"/settings/price_usd", -1, "results[2].settings.price_usd: -1 is not a positive price"},
      {"/interrupted", "yes", "results[2].interrupted: \"yes\" is not a boolean"},
      {"/sysmon", "hot", "results[2].sysmon: \"hot\" is not an object"},
      {"/label", json::array({"\xe2\x80\xae"}), "results[2].label: [\"\\u202e\"] is not a string"},
  };
  for (const Case& c : cases) {
    json record = WrittenRecord();
    record[json::json_pointer(c.pointer)] = c.value;
    EXPECT_EQ(Problem(record), c.message) << c.pointer;
  }
}

TEST(RecordValidationTest, CountsMustAgreeAndMembersExist) {
  json record = WrittenRecord();
  record["summary"]["count"] = 5;
  record["samples"]["count"] = 5;
  EXPECT_EQ(Problem(record),
            "results[2].samples.values_ms: holds 4 values, but samples.count is 5");
  record = WrittenRecord();
  record.erase("summary");
  EXPECT_EQ(Problem(record), "results[2].summary: missing");
  EXPECT_EQ(Problem(json(3)), "results[2]: a result record must be a JSON object, found 3");
  record = WrittenRecord();
  record["samples"] = {{"count", 4},
                       {"kind", "histogram"},
                       {"histogram", {{"lower_ms", 10}, {"bin_width_ms", 1}, {"counts", {1, 2}}}}};
  EXPECT_EQ(Problem(record),
            "results[2].samples.histogram.counts: add up to 3, but samples.count is 4");
}

class ResultsFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() /
             ("edgebench_results_file_" + std::to_string(getpid()) + ".json"))
                .string();
  }
  void TearDown() override { fs::remove(path_); }
  Result<std::vector<json>> Read(const std::string& text) {
    std::ofstream(path_, std::ios::binary) << text;
    return ReadResultsFile(path_);
  }
  std::string path_;
};

TEST_F(ResultsFileTest, AFileWithoutResultsSaysSo) {
  EXPECT_EQ(Read(R"({"schema_version": 1, "result": []})").status().message(),
            path_ +
                ": no \"results\" array and not a result record; expected {\"results\": [...]} "
                "(run --json, export), an array of records or one record");
}

TEST_F(ResultsFileTest, RecordsAreValidatedAndNamedByIndex) {
  json bad = WrittenRecord();
  bad["threads"] = -1;
  const json document = {{"schema_version", 1}, {"results", {WrittenRecord(), bad}}};
  EXPECT_EQ(Read(document.dump()).status().message(),
            path_ + ": results[1].threads: -1 is not a thread count (1 to 4096)");
  EXPECT_EQ(Read(bad.dump()).status().message(),
            path_ + ": threads: -1 is not a thread count (1 to 4096)");
  EXPECT_TRUE(Read(WrittenRecord().dump()).ok());
}

TEST_F(ResultsFileTest, DeepNestingIsRefusedBeforeParsing) {
  // 400 KB of brackets overflowed the stack in the JSON library's copy.
  const std::string deep =
      "{\"results\":" + std::string(200'000, '[') + std::string(200'000, ']') + "}";
  EXPECT_EQ(Read(deep).status().message(),
            path_ + ": JSON nested deeper than 64 levels (at byte 74); not a result file");
}

TEST(BoundedJsonTest, CountsOnlyBracketsOutsideStrings) {
  const std::string nested = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  EXPECT_TRUE(ParseBoundedJson(nested, "x").ok());
  EXPECT_EQ(ParseBoundedJson("[" + nested + "]", "x").status().message(),
            "x: JSON nested deeper than 64 levels (at byte 64); not a result file");
  const std::string in_string = "{\"a\": \"\\\"" + std::string(1000, '[') + "\"}";
  EXPECT_TRUE(ParseBoundedJson(in_string, "x").ok()) << in_string;
  EXPECT_EQ(ParseBoundedJson("{", "x").status().message(), "x: not valid JSON");
}

}  // namespace
}  // namespace edgebench::store
