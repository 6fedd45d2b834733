// Imported files from other machines, through the real binary: deep
// nesting, records that make no sense, control characters in labels, and a
// --baseline that matches nothing. Each ends in correct output or one line
// of error with exit 1, never a signal.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "support/edgebench_process.h"

namespace edgebench::cli {
namespace {

namespace fs = std::filesystem;
using edgebench::testing::Outcome;
using edgebench::testing::RunEdgebench;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class HostileRecordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("edgebench_hostile_records_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "results.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) const {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  // The first record of the fake Pi 4 fixture, as a file of one record.
  static nlohmann::ordered_json FixtureRecord() {
    std::ifstream file(std::string(EDGEBENCH_SOURCE_DIR) + "/tests/data/results/fake_pi4.json");
    return nlohmann::ordered_json::parse(file)["results"][0];
  }

  fs::path dir_;
  std::string db_;
};

void ExpectOneLineError(const Outcome& outcome, const std::string& start) {
  EXPECT_EQ(outcome.exit_code, 1) << outcome.err;  // -1 for a signal
  EXPECT_EQ(outcome.out, "");
  EXPECT_THAT(outcome.err, StartsWith("edgebench: error: " + start)) << outcome.err;
  EXPECT_EQ(std::count(outcome.err.begin(), outcome.err.end(), '\n'), 1) << outcome.err;
}

TEST_F(HostileRecordsTest, DeeplyNestedImportIsOneLineError) {
  // 400 KB of valid JSON: the library's recursive copy overflowed the stack.
  const std::string path = Write(
      "deep.json", "{\"results\":" + std::string(200'000, '[') + std::string(200'000, ']') + "}");
  ExpectOneLineError(RunEdgebench("import --db " + db_ + " " + path),
                     path + ": JSON nested deeper than 64 levels");
}

TEST_F(HostileRecordsTest, NonsenseRecordIsRefusedNamingTheField) {
  auto record = FixtureRecord();
  record["summary"]["mean_ms"] = 1e308;
  const std::string path = Write("huge.json", nlohmann::ordered_json::array({record}).dump());
  ExpectOneLineError(
      RunEdgebench("import --db " + db_ + " " + path),
      path + ": [0].summary.mean_ms: 1e+308 is not a latency below one hour (3600000 ms)");
  EXPECT_THAT(RunEdgebench("history --db " + db_).err, HasSubstr("no results in"));
}

TEST_F(HostileRecordsTest, ControlCharactersAreEscapedInHistoryAndCompare) {
  auto record = FixtureRecord();
  record["label"] = "\x1b[2J\r\n";
  record["context"]["hostname"] = "pi\x1b]0;owned\x07\xe2\x80\xae";
  const std::string path = Write("escape.json", record.dump());
  ASSERT_EQ(RunEdgebench("import --db " + db_ + " " + path).exit_code, 0);
  for (const char* command : {"history", "compare"}) {
    const Outcome outcome = RunEdgebench(std::string(command) + " --db " + db_);
    ASSERT_EQ(outcome.exit_code, 0) << command << ": " << outcome.err;
    EXPECT_EQ(outcome.out.find_first_of("\x1b\r\x07"), std::string::npos) << command;
    EXPECT_EQ(outcome.out.find("\xe2\x80\xae"), std::string::npos) << command;
    EXPECT_EQ(std::count(outcome.out.begin(), outcome.out.end(), '\n'), 2) << outcome.out;
    EXPECT_THAT(outcome.out, HasSubstr("\\x1b[2J\\r\\n")) << command;
    EXPECT_THAT(outcome.out, HasSubstr("pi\\x1b]0;owned\\x07\\u202e")) << command;
  }
}

TEST_F(HostileRecordsTest, BaselineThatMatchesNoRowIsOneLineError) {
  const std::string fixture =
      std::string(EDGEBENCH_SOURCE_DIR) + "/tests/data/results/fake_pi4.json";
  ASSERT_EQ(RunEdgebench("import --db " + db_ + " " + fixture).exit_code, 0);
  const Outcome outcome = RunEdgebench("compare --db " + db_ + " --baseline jetson");
  ExpectOneLineError(outcome, "--baseline \"jetson\" matches no row");
  EXPECT_THAT(outcome.err, HasSubstr("#1 or \"pi4-lab edgebench"));
  EXPECT_EQ(RunEdgebench("compare --db " + db_ + " --baseline pi4-lab").exit_code, 0);
}

// Tensor names come from the model file: a crafted one must not reach the
// terminal raw either.
TEST_F(HostileRecordsTest, InspectEscapesTensorNames) {
  std::ifstream file(std::string(EDGEBENCH_SOURCE_DIR) +
                         "/data/models/ssd_mobilenet_v1_0.75_depth_quant_coco.tflite",
                     std::ios::binary);
  std::string bytes{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  const size_t name = bytes.find("normalized_input_image_tensor");
  ASSERT_NE(name, std::string::npos);
  bytes.replace(name, 10, "\x1b[2J\r\nized");  // same length: the file stays valid
  const std::string path = Write("escape.tflite", bytes);
  const Outcome outcome = RunEdgebench("inspect " + path);
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.out.find_first_of("\x1b\r"), std::string::npos);
  EXPECT_THAT(outcome.out, HasSubstr("\\x1b[2J\\r\\nized_input_image_tensor"));
}

}  // namespace
}  // namespace edgebench::cli
