// run (twice, at once) -> import -> history, export, compare, report, all
// through the real binary, checked against the database read with SQL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "support/edgebench_process.h"
#include "support/temp_folder.h"

namespace edgebench::cli {
namespace {

using edgebench::testing::ReadText;

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

using edgebench::testing::Outcome;

class ResultsCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("edgebench_results_cli_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "results.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // `edgebench ARGS` (a shell command line), stdout and stderr apart.
  static Outcome Edgebench(const std::string& args) {
    return edgebench::testing::RunEdgebench(args);
  }

  fs::path dir_;
  std::string db_;
};

struct DbRow {
  int64_t id;
  std::string machine, label, model;
  double mean_ms;
  bool has_price;
  double price;
};

// The database's content, read with SQL, independently of edgebench's code.
std::vector<DbRow> ReadDatabase(const std::string& path) {
  std::vector<DbRow> rows;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return rows;
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(
      db, "SELECT id, machine, label, model, mean_ms, price_usd FROM results ORDER BY id", -1, &s,
      nullptr);
  while (s != nullptr && sqlite3_step(s) == SQLITE_ROW) {
    auto text = [&](int c) {
      return std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, c)));
    };
    rows.push_back({sqlite3_column_int64(s, 0), text(1), text(2), text(3),
                    sqlite3_column_double(s, 4), sqlite3_column_type(s, 5) != SQLITE_NULL,
                    sqlite3_column_double(s, 5)});
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return rows;
}

// Fields between separators; a trailing newline ends the last line, while a
// trailing comma leaves an empty last field.
std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts(1);
  for (char c : text) {
    if (c == separator) {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  if (separator == '\n' && parts.back().empty()) parts.pop_back();
  return parts;
}

constexpr char kLabel[] = "<script>alert(1)</script>";

TEST_F(ResultsCommandsTest, RunImportHistoryExportCompareReport) {
  // Two runs at once into one new database: both must land.
  const std::string run = edgebench::testing::EdgebenchCommand() + " run --db " + db_ +
                          " --model ssd_mobilenet_v1_0.75_uint8 --runs 3 --warmup 0 --quiet "
                          "--machine box-a ";
  const std::string both = "sh -c '" + run + "--label first --price 80 >/dev/null & a=$!; " + run +
                           "--label \"" + kLabel + "\" >/dev/null & b=$!; wait $a && wait $b'";
  ASSERT_EQ(std::system(both.c_str()), 0) << both;

  const std::string fixture =
      std::string(EDGEBENCH_SOURCE_DIR) + "/tests/data/results/fake_pi4.json";
  Outcome imported = Edgebench("import --db " + db_ + " " + fixture);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_THAT(imported.out, HasSubstr("imported 2 of 2 results"));
  imported = Edgebench("import --db " + db_ + " " + fixture);
  EXPECT_THAT(imported.out, HasSubstr("imported 0 of 2 results (2 already in"));

  const std::vector<DbRow> rows = ReadDatabase(db_);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].machine, "box-a");
  EXPECT_EQ(rows[1].machine, "box-a");
  EXPECT_EQ(rows[2].machine, "pi4-lab");
  EXPECT_EQ(rows[3].model, "ssd_mobilenet_v2_uint8");
  EXPECT_DOUBLE_EQ(rows[2].mean_ms, 141.0);  // the fixture's summary
  const DbRow& priced = rows[0].label == "first" ? rows[0] : rows[1];
  const DbRow& unpriced = rows[0].label == "first" ? rows[1] : rows[0];
  EXPECT_TRUE(priced.has_price && priced.price == 80);
  EXPECT_FALSE(unpriced.has_price);
  EXPECT_EQ(unpriced.label, kLabel);

  // history: one line per result, the header first.
  const Outcome history = Edgebench("history --db " + db_);
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_EQ(Split(history.out, '\n').size(), 5u);
  EXPECT_THAT(history.out, HasSubstr("import fake_pi4.json"));

  // export csv: the same rows and means as the database.
  const Outcome csv = Edgebench("export --db " + db_ + " --format csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  const auto lines = Split(csv.out, '\n');
  ASSERT_EQ(lines.size(), 5u);
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto cells = Split(lines[i + 1], ',');
    ASSERT_EQ(cells.size(), 17u) << lines[i + 1];
    EXPECT_EQ(cells[0], std::to_string(rows[i].id));
    EXPECT_EQ(cells[3], rows[i].machine);
    EXPECT_EQ(cells[5], rows[i].model);
    EXPECT_DOUBLE_EQ(std::stod(cells[10]), rows[i].mean_ms);
    EXPECT_EQ(cells[16], rows[i].has_price ? fmt::format("{}", rows[i].price) : "");
  }

  // export json: full records; the imported ones exactly as in the fixture.
  const std::string exported = (dir_ / "export.json").string();
  ASSERT_EQ(Edgebench("export --db " + db_ + " --format json -o " + exported).exit_code, 0);
  const auto document = nlohmann::json::parse(ReadText(exported));
  const auto original = nlohmann::json::parse(ReadText(fixture));
  ASSERT_EQ(document["results"].size(), 4u);
  EXPECT_EQ(document["results"][2], original["results"][0]);
  EXPECT_EQ(document["results"][3], original["results"][1]);
  for (size_t i = 0; i < 2; ++i) {
    const auto& record = document["results"][i];
    EXPECT_DOUBLE_EQ(record["summary"]["mean_ms"].get<double>(), rows[i].mean_ms);
    EXPECT_EQ(record["context"]["hostname"], "box-a");
  }
  // The export imports into another database as the same results.
  const std::string copy = (dir_ / "copy.db").string();
  EXPECT_THAT(Edgebench("import --db " + copy + " " + exported).out,
              HasSubstr("imported 4 of 4 results"));

  // compare: speed-up against the fake Pi's v1 run, price/performance from
  // --price for the run that had none, the catalog price for published rows.
  const Outcome compare =
      Edgebench("compare --db " + db_ + " --model v1 --published --price 40 --baseline pi4-lab");
  ASSERT_EQ(compare.exit_code, 0) << compare.err;
  const double mean = priced.mean_ms;
  int checked = 0;
  for (const std::string& line : Split(compare.out, '\n')) {
    if (line.find("box-a [first]") != std::string::npos) {
      EXPECT_THAT(line, HasSubstr(fmt::format("{:.2f}x", 141.0 / mean)));
      EXPECT_THAT(line, HasSubstr(fmt::format("{:.3f}", 1000 / mean / 80)));  // its own price
      ++checked;
    } else if (line.find("box-a [<script>") != std::string::npos) {
      EXPECT_THAT(line, HasSubstr(fmt::format("{:.3f}", 1000 / unpriced.mean_ms / 40)));
      ++checked;
    } else if (line.find("pi4-lab") != std::string::npos) {
      // 1000 / 141 = 7.09 inferences/s; at $55: 0.129 per dollar, $7.75 per inference/s.
      EXPECT_THAT(line, HasSubstr("1.00x"));
      EXPECT_THAT(line, HasSubstr("7.09"));
      EXPECT_THAT(line, HasSubstr("0.129"));
      EXPECT_THAT(line, HasSubstr("7.75"));
      ++checked;
    } else if (line.find("Raspberry Pi 4 Model B (4GB)") != std::string::npos &&
               line.find("TensorFlow Lite") != std::string::npos) {
      // Published 82.7 ms at $55: 12.09 inf/s, 0.220 per dollar, 141/82.7 = 1.70x.
      EXPECT_THAT(line, HasSubstr("12.09"));
      EXPECT_THAT(line, HasSubstr("0.220"));
      EXPECT_THAT(line, HasSubstr("1.70x"));
      ++checked;
    }
  }
  EXPECT_EQ(checked, 4) << compare.out;
  EXPECT_THAT(compare.out, Not(HasSubstr("ssd_mobilenet_v2")));

  // report: one file, no scripts, every label escaped.
  const std::string html_path = (dir_ / "report.html").string();
  const Outcome report = Edgebench("report --db " + db_ + " --published -o " + html_path);
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const std::string html = ReadText(html_path);
  EXPECT_THAT(html, HasSubstr("<svg"));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("<link")));
  EXPECT_THAT(html, Not(HasSubstr("src=")));
  EXPECT_THAT(html, HasSubstr("CPU clock (MHz)"));  // the fake Pi's timeline
}

// Results of two runtimes on this machine (a real run's record, and a copy
// renamed as ONNX Runtime's): compare and report group and colour them by
// runtime, --runtime selects one, and the report draws the runtimes on this
// machine side by side.
TEST_F(ResultsCommandsTest, CompareAndReportByRuntime) {
  const std::string json_path = (dir_ / "run.json").string();
  const Outcome run = Edgebench(
      "run --no-save --quiet --model ssd_mobilenet_v1_0.75_uint8 --runs 2 "
      "--threads 1 --json " +
      json_path);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  nlohmann::json document = nlohmann::json::parse(ReadText(json_path));
  nlohmann::json other = document["results"][0];
  other["runtime"] = {{"name", "onnxruntime"}, {"version", "1.30.0"}};
  other["backend"]["name"] = "cpu";
  document["results"].push_back(other);
  std::ofstream(json_path) << document.dump();
  const Outcome imported = Edgebench("import --db " + db_ + " " + json_path);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;

  const Outcome grouped = Edgebench("compare --db " + db_ + " --group-by runtime");
  ASSERT_EQ(grouped.exit_code, 0) << grouped.err;
  EXPECT_THAT(grouped.out, HasSubstr("edgebench xnnpack (1 thread), uint8"));
  EXPECT_THAT(grouped.out, HasSubstr("onnxruntime cpu (1 thread), uint8"));
  EXPECT_THAT(grouped.out, HasSubstr("\n\n"));  // the runtimes apart
  const Outcome one = Edgebench("compare --db " + db_ + " --runtime onnxruntime");
  EXPECT_THAT(one.out, HasSubstr("onnxruntime cpu"));
  EXPECT_THAT(one.out, Not(HasSubstr("edgebench xnnpack")));
  const Outcome bad = Edgebench("compare --db " + db_ + " --group-by colour");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.err, "edgebench: error: --group-by colour: expected platform or runtime\n");

  const std::string html_path = (dir_ / "report.html").string();
  const Outcome report = Edgebench("report --db " + db_ + " --group-by runtime -o " + html_path);
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const std::string html = ReadText(html_path);
  const size_t chart = html.find("<h2>Runtimes on this machine</h2>");
  ASSERT_NE(chart, std::string::npos);
  EXPECT_NE(html.find("onnxruntime 1.30.0", chart), std::string::npos);
  EXPECT_NE(html.find("<bdi>onnxruntime</bdi>"), std::string::npos);  // the legend by runtime
}

TEST_F(ResultsCommandsTest, CorruptDatabaseIsOneLineErrorAndUntouched) {
  const std::string garbage(4096, 'x');
  std::ofstream(db_, std::ios::binary) << garbage;
  for (const std::string& command :
       {"history --db " + db_, "export --db " + db_, "compare --db " + db_,
        "run --db " + db_ + " --model ssd_mobilenet_v1_0.75_uint8 --runs 1"}) {
    const Outcome outcome = Edgebench(command);
    EXPECT_EQ(outcome.exit_code, 1) << command;
    EXPECT_EQ(outcome.out, "") << command;
    EXPECT_THAT(outcome.err, HasSubstr("edgebench: error: " + db_ + ": not a results database"));
    EXPECT_EQ(std::count(outcome.err.begin(), outcome.err.end(), '\n'), 1) << outcome.err;
  }
  EXPECT_EQ(ReadText(db_), garbage);
}

TEST_F(ResultsCommandsTest, NoDatabaseYetIsNotAnError) {
  const Outcome history = Edgebench("history --db " + db_);
  EXPECT_EQ(history.exit_code, 0);
  EXPECT_THAT(history.err, HasSubstr("no results in " + db_));
  EXPECT_FALSE(fs::exists(db_));
}

}  // namespace
}  // namespace edgebench::cli
