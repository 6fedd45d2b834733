#include "store/results_db.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "bench/result_record.h"
#include "store/exchange.h"
#include "support/temp_folder.h"

namespace edgebench::store {
namespace {

using edgebench::testing::ReadText;

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;
using ::testing::HasSubstr;

class ResultsDbTest : public edgebench::testing::TempFolderTest {};

// The smallest record ReadIndexedFields accepts, with hand-picked values.
json Record(const std::string& model, const std::string& machine, std::vector<double> samples,
            double mean, const std::string& label = "") {
  return {{"schema_version", 1},
          {"timestamp_utc", "2026-11-24T10:00:00Z"},
          {"label", label},
          {"context", {{"cpu_model", "Test CPU"}, {"hostname", machine}}},
          {"backend", {{"name", "xnnpack"}}},
          {"threads", 4},
          {"model", {{"name", model}}},
          {"summary",
           {{"count", samples.size()},
            {"mean_ms", mean},
            {"median_ms", mean},
            {"p90_ms", mean + 1},
            {"p99_ms", mean + 2},
            {"per_second", 1000 / mean}}},
          {"samples", {{"kind", "raw"}, {"values_ms", samples}}}};
}

TEST_F(ResultsDbTest, AddsSelectsAndFilters) {
  auto db = ResultsDb::Open(Path("sub/dir/r.db"), ResultsDb::Mode::kCreate);
  ASSERT_TRUE(db.ok()) << db.status().message();
  const std::vector<json> records = {
      Record("ssd_mobilenet_v1_0.75_uint8", "pi4", {5, 1, 4, 2, 3, 9, 8, 7, 6, 10, 11}, 6),
      Record("zoo:ssd_mobilenet_v2_float32", "pi4", {20}, 20, "fan on"),
      Record("ssd_mobilenet_v2_uint8", "nuc", {30, 31}, 30.5)};
  auto added = (*db)->Add(records, "run", "test");
  ASSERT_TRUE(added.ok()) << added.status().message();
  EXPECT_EQ(*added, 3);

  auto all = (*db)->Select({});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  const IndexedFields& first = (*all)[0].fields;
  EXPECT_EQ(first.model, "ssd_mobilenet_v1_0.75_uint8");
  EXPECT_EQ(first.machine, "pi4");
  EXPECT_EQ(first.cpu_model, "Test CPU");
  EXPECT_EQ(first.threads, 4);
  EXPECT_EQ(first.count, 11);
  EXPECT_DOUBLE_EQ(first.mean_ms, 6);
  EXPECT_DOUBLE_EQ(first.p99_ms, 8);
  // 11 samples: nearest rank ceil(1.1) = 2, the second smallest.
  ASSERT_TRUE(first.p10_ms.has_value());
  EXPECT_DOUBLE_EQ(*first.p10_ms, 2);
  EXPECT_FALSE(first.price_usd.has_value());
  EXPECT_LT((*all)[0].id, (*all)[1].id);

  ResultFilter v2;
  v2.model = "V2";  // case-insensitive substring
  EXPECT_EQ((*db)->Select(v2)->size(), 2u);
  ResultFilter pi4_v2 = v2;
  pi4_v2.machine = "pi4";
  ASSERT_EQ((*db)->Select(pi4_v2)->size(), 1u);
  EXPECT_EQ((*db)->Select(pi4_v2)->front().fields.label, "fan on");
  ResultFilter unlabelled;
  unlabelled.label = "";
  EXPECT_EQ((*db)->Select(unlabelled)->size(), 2u);
  ResultFilter last2;
  last2.last = 2;
  auto recent = (*db)->Select(last2);
  ASSERT_EQ(recent->size(), 2u);  // the two newest, oldest first
  EXPECT_EQ((*recent)[0].fields.model, "zoo:ssd_mobilenet_v2_float32");
  EXPECT_EQ((*recent)[1].fields.model, "ssd_mobilenet_v2_uint8");

  auto stored = (*db)->Record((*all)[2].id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(*stored, records[2]);
}

TEST_F(ResultsDbTest, SkipsIdenticalRecordsAndKeepsPriceAndSource) {
  json priced = Record("m", "pi4", {1, 2}, 1.5);
  priced["settings"] = {{"price_usd", 55.0}};
  auto db = ResultsDb::Open(Path("r.db"), ResultsDb::Mode::kCreate);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(*(*db)->Add(std::vector{priced}, "import a.json", "a.json"), 1);
  EXPECT_EQ(*(*db)->Add(std::vector{priced, Record("m", "pi4", {3}, 3)}, "run", "x"), 1);
  auto all = (*db)->Select({});
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].source, "import a.json");
  EXPECT_EQ((*all)[0].fields.price_usd, 55.0);
  EXPECT_EQ((*all)[1].source, "run");
}

TEST_F(ResultsDbTest, ABatchWithOneBadRecordAddsNothing) {
  auto db = ResultsDb::Open(Path("r.db"), ResultsDb::Mode::kCreate);
  ASSERT_TRUE(db.ok());
  json bad = Record("m", "pi4", {1}, 1);
  bad["summary"].erase("mean_ms");
  auto added = (*db)->Add(std::vector{Record("m", "pi4", {2}, 2), bad}, "import f.json", "f.json");
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.status().message(),
            "f.json: results[1]: field summary.mean_ms missing or not a number");
  EXPECT_TRUE((*db)->Select({})->empty());

  json newer = Record("m", "pi4", {1}, 1);
  newer["schema_version"] = bench::kResultSchemaVersion + 1;
  added = (*db)->Add(std::vector{newer}, "import g.json", "g.json");
  ASSERT_FALSE(added.ok());
  EXPECT_THAT(added.status().message(), HasSubstr("g.json: result schema_version " +
                                                  std::to_string(bench::kResultSchemaVersion + 1)));
}

TEST_F(ResultsDbTest, RecordsWithoutHostnameOrSamplesStillIndex) {
  json old = Record("m", "x", {}, 4);
  old["context"].erase("hostname");
  old.erase("samples");
  auto fields = ReadIndexedFields(old, "old.json");
  ASSERT_TRUE(fields.ok()) << fields.status().message();
  EXPECT_EQ(fields->machine, "unknown");
  EXPECT_FALSE(fields->p10_ms.has_value());
  // A histogram record: counts 3, 5, 2 over bins of 2 ms from 10 ms. Rank
  // ceil(0.1 * 10) = 1 falls in bin 0, whose midpoint is 11 ms.
  json histogram = Record("m", "x", {}, 12);
  histogram["samples"] = {
      {"kind", "histogram"},
      {"histogram", {{"lower_ms", 10.0}, {"bin_width_ms", 2.0}, {"counts", {3, 5, 2}}}}};
  EXPECT_DOUBLE_EQ(*ReadIndexedFields(histogram, "h").value().p10_ms, 11);
}

TEST_F(ResultsDbTest, CorruptFileGivesOneLineErrorAndIsLeftUntouched) {
  const std::string path = Path("corrupt.db");
  std::string garbage = "this is not a database\n";
  while (garbage.size() < 8192) garbage += garbage;
  std::ofstream(path, std::ios::binary) << garbage;
  for (auto mode : {ResultsDb::Mode::kCreate, ResultsDb::Mode::kExisting}) {
    auto db = ResultsDb::Open(path, mode);
    ASSERT_FALSE(db.ok());
    EXPECT_THAT(db.status().message(), HasSubstr(path + ": not a results database"));
    EXPECT_THAT(db.status().message(), HasSubstr("file is not a database"));
    EXPECT_EQ(db.status().message().find('\n'), std::string::npos);
  }
  EXPECT_EQ(ReadText(path), garbage);
  EXPECT_FALSE(fs::exists(path + "-wal"));
}

// A database made with SQLite directly, the way a future edgebench might.
void MakeDatabase(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
}

TEST_F(ResultsDbTest, NewerSchemaVersionIsRefusedAndLeftUntouched) {
  const std::string path = Path("future.db");
  MakeDatabase(path,
               "CREATE TABLE results (id INTEGER PRIMARY KEY, x TEXT);"
               "PRAGMA application_id = 1161978978; /* EBdb */ PRAGMA user_version = 7;");
  const std::string before = ReadText(path);
  auto db = ResultsDb::Open(path, ResultsDb::Mode::kCreate);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().message(),
            path + ": results database schema version 7 is newer than this edgebench knows (" +
                std::to_string(kDbSchemaVersion) + "); left untouched, use a newer edgebench");
  EXPECT_EQ(ReadText(path), before);
}

TEST_F(ResultsDbTest, ForeignSqliteDatabaseIsRefused) {
  const std::string path = Path("other.db");
  MakeDatabase(path, "CREATE TABLE photos (id INTEGER);");
  const std::string before = ReadText(path);
  auto db = ResultsDb::Open(path, ResultsDb::Mode::kCreate);
  ASSERT_FALSE(db.ok());
  EXPECT_THAT(db.status().message(), HasSubstr("not an edgebench results database"));
  EXPECT_EQ(ReadText(path), before);
}

TEST_F(ResultsDbTest, MissingFileIsNotCreatedForReading) {
  auto db = ResultsDb::Open(Path("none.db"), ResultsDb::Mode::kExisting);
  ASSERT_FALSE(db.ok());
  EXPECT_THAT(db.status().message(), HasSubstr("none.db: no results database here yet"));
  EXPECT_FALSE(fs::exists(Path("none.db")));
}

TEST_F(ResultsDbTest, ReopeningKeepsResults) {
  {
    auto db = ResultsDb::Open(Path("r.db"), ResultsDb::Mode::kCreate);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Add(std::vector{Record("m", "a", {1}, 1)}, "run", "x").ok());
  }
  auto db = ResultsDb::Open(Path("r.db"), ResultsDb::Mode::kExisting);
  ASSERT_TRUE(db.ok()) << db.status().message();
  EXPECT_EQ((*db)->Select({})->size(), 1u);
}

json PiRecord(const std::string& machine, const json& board) {
  json record = Record("m", machine, {1}, 1);
  record["context"]["platform"] = {{"board", board}};
  return record;
}

TEST_F(ResultsDbTest, IndexesTheBoard) {
  auto db = ResultsDb::Open(Path("r.db"), ResultsDb::Mode::kCreate);
  ASSERT_TRUE(db.ok()) << db.status().message();
  ASSERT_TRUE((*db)
                  ->Add(std::vector{PiRecord("pi", "Raspberry Pi 3 Model B Plus Rev 1.3"),
                                    PiRecord("box", nullptr), Record("old", "o", {2}, 2)},
                        "run", "x")
                  .ok());
  const auto rows = (*db)->Select({}).value();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].fields.board, "Raspberry Pi 3 Model B Plus Rev 1.3");
  EXPECT_EQ(rows[1].fields.board, "");  // x86: null
  EXPECT_EQ(rows[2].fields.board, "");  // a record from before the field
  EXPECT_THAT(ReadIndexedFields(PiRecord("pi", 3), "f.json").status().message(),
              HasSubstr("f.json: field context.platform.board missing or not a string"));
}

// A database of schema 1 (no board column) gets the column, filled from the
// records it already holds.
TEST_F(ResultsDbTest, MigratesSchema1AndTakesTheBoardFromStoredRecords) {
  {
    auto db = ResultsDb::Open(Path("r.db"), ResultsDb::Mode::kCreate);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(
        (*db)->Add(std::vector{PiRecord("pi", "Raspberry Pi 4 Model B Rev 1.4")}, "run", "x").ok());
  }
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(Path("r.db").c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw,
                         "DROP INDEX results_runtime; ALTER TABLE results DROP COLUMN runtime; "
                         "ALTER TABLE results DROP COLUMN runtime_version; "
                         "ALTER TABLE results DROP COLUMN board; PRAGMA user_version = 1;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  auto db = ResultsDb::Open(Path("r.db"), ResultsDb::Mode::kCreate);
  ASSERT_TRUE(db.ok()) << db.status().message();
  const auto rows = (*db)->Select({}).value();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].fields.board, "Raspberry Pi 4 Model B Rev 1.4");
}

json RuntimeRecord(const std::string& model, const std::string& runtime) {
  json record = Record(model, "box", {1}, 1);
  record["runtime"] = {{"name", runtime}, {"version", runtime + " 1.0"}};
  return record;
}

// Each result's runtime is indexed and filters; a record from before the
// field ran on edgebench's engine.
TEST_F(ResultsDbTest, IndexesAndFiltersTheRuntime) {
  auto db = ResultsDb::Open(Path("r.db"), ResultsDb::Mode::kCreate);
  ASSERT_TRUE(db.ok()) << db.status().message();
  ASSERT_TRUE((*db)
                  ->Add(std::vector{RuntimeRecord("a", "edgebench"),
                                    RuntimeRecord("b", "onnxruntime"), Record("c", "box", {2}, 2)},
                        "run", "x")
                  .ok());
  const auto rows = (*db)->Select({}).value();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].fields.runtime, "onnxruntime");
  EXPECT_EQ(rows[1].fields.runtime_version, "onnxruntime 1.0");
  EXPECT_EQ(rows[2].fields.runtime, "edgebench");
  EXPECT_EQ(rows[2].fields.runtime_version, "");
  ResultFilter filter;
  filter.runtime = "onnxruntime";
  const auto onnx = (*db)->Select(filter).value();
  ASSERT_EQ(onnx.size(), 1u);
  EXPECT_EQ(onnx[0].fields.model, "b");
}

// A database of schema 2 (no runtime columns) gets them, filled from the
// records it already holds.
TEST_F(ResultsDbTest, MigratesSchema2AndTakesTheRuntimeFromStoredRecords) {
  {
    auto db = ResultsDb::Open(Path("r.db"), ResultsDb::Mode::kCreate);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(
        (*db)
            ->Add(std::vector{RuntimeRecord("a", "onnxruntime"), Record("c", "box", {2}, 2)}, "run",
                  "x")
            .ok());
  }
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(Path("r.db").c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(raw,
                   "DROP INDEX results_runtime; ALTER TABLE results DROP COLUMN runtime; "
                   "ALTER TABLE results DROP COLUMN runtime_version; PRAGMA user_version = 2;",
                   nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(raw);
  auto db = ResultsDb::Open(Path("r.db"), ResultsDb::Mode::kCreate);
  ASSERT_TRUE(db.ok()) << db.status().message();
  const auto rows = (*db)->Select({}).value();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields.runtime, "onnxruntime");
  EXPECT_EQ(rows[0].fields.runtime_version, "onnxruntime 1.0");
  EXPECT_EQ(rows[1].fields.runtime, "edgebench");
}

// Two processes create the same new database and add records one at a time,
// interleaved: every record of both must be there.
TEST_F(ResultsDbTest, TwoWritersAtOnceLoseNothing) {
  const std::string path = Path("shared.db");
  constexpr int kEach = 60;
  std::vector<pid_t> children;
  for (int writer = 0; writer < 2; ++writer) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      auto db = ResultsDb::Open(path, ResultsDb::Mode::kCreate);
      if (!db.ok()) {
        std::fprintf(stderr, "writer %d: %s\n", writer, db.status().message().c_str());
        _exit(2);
      }
      for (int i = 0; i < kEach; ++i) {
        const json r = Record("m", "writer" + std::to_string(writer), {double(i + 1)}, i + 1);
        if (!(*db)->Add(std::vector{r}, "run", "child").ok()) _exit(3);
      }
      _exit(0);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "writer exit " << status;
  }
  auto db = ResultsDb::Open(path, ResultsDb::Mode::kExisting);
  ASSERT_TRUE(db.ok());
  auto all = (*db)->Select({});
  ASSERT_EQ(all->size(), 2u * kEach);
  std::set<std::pair<std::string, double>> seen;
  for (const auto& r : *all) seen.insert({r.fields.machine, r.fields.mean_ms});
  EXPECT_EQ(seen.size(), 2u * kEach);
}

TEST(ExchangeTest, CsvQuotesAndLeavesAbsentValuesEmpty) {
  StoredResult r;
  r.id = 3;
  r.source = "run";
  r.fields = {"2026-11-24T10:00:00Z",
              "pi, \"4\"",
              "cpu",
              "m",
              "xnnpack",
              "",
              4,
              10,
              12.5,
              12,
              13,
              14,
              std::nullopt,
              80,
              std::nullopt,
              "",
              "edgebench",
              ""};
  EXPECT_EQ(
      ResultsCsv({r}),
      "id,source,timestamp_utc,machine,cpu_model,model,backend,label,threads,count,mean_ms,"
      "median_ms,p10_ms,p90_ms,p99_ms,per_second,price_usd\n"
      "3,run,2026-11-24T10:00:00Z,\"pi, \"\"4\"\"\",cpu,m,xnnpack,,4,10,12.5,12,,13,14,80,\n");
}

TEST_F(ResultsDbTest, ReadsTheThreeFileForms) {
  json record = Record("m", "a", {1}, 1);
  // Consistent with its one sample: ReadResultsFile validates records.
  record["summary"]["p90_ms"] = 1;
  record["summary"]["p99_ms"] = 1;
  record["samples"]["count"] = 1;
  std::ofstream(Path("doc.json")) << json{{"schema_version", 1}, {"results", {record, record}}};
  std::ofstream(Path("array.json")) << json::array({record});
  std::ofstream(Path("one.json")) << record;
  std::ofstream(Path("bad.json")) << "{\"results\": [";
  EXPECT_EQ(ReadResultsFile(Path("doc.json"))->size(), 2u);
  EXPECT_EQ(ReadResultsFile(Path("array.json"))->size(), 1u);
  EXPECT_EQ(ReadResultsFile(Path("one.json"))->front(), record);
  EXPECT_EQ(ReadResultsFile(Path("bad.json")).status().message(),
            Path("bad.json") + ": not valid JSON");
}

}  // namespace
}  // namespace edgebench::store
