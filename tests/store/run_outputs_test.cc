// The checks run makes before the first model (db_path.h, run_outputs.h),
// and each record kept as soon as it is measured.
#include "store/run_outputs.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "store/db_path.h"
#include "support/temp_folder.h"

namespace edgebench::store {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class RunOutputsTest : public edgebench::testing::TempFolderTest {};

bench::BenchmarkRecord Record(const std::string& model) {
  bench::BenchmarkRecord r;
  r.timestamp_utc = "2026-11-24T10:00:00Z";
  r.model.name = model;
  r.backend_name = "xnnpack";
  r.threads = 1;
  r.samples_ms = {2, 3};
  r.summary = bench::Summarize(r.samples_ms);
  return r;
}

TEST_F(RunOutputsTest, TheDatabaseAndItsFilesAreNoOutput) {
  const std::string db = Path("results.db");
  std::ofstream(db) << "x";
  fs::create_symlink(db, Path("link.json"));
  fs::create_hard_link(db, Path("hard.json"));
  // Not there yet: the same path, spelled differently.
  for (const std::string& output :
       {db, Path("link.json"), Path("hard.json"), Path("sub/../results.db"), db + "-wal",
        db + "-shm", db + "-journal"}) {
    fs::create_directories(Path("sub"));
    const Status status = CheckNotDatabase("--json", output, db);
    ASSERT_FALSE(status.ok()) << output;
    EXPECT_THAT(status.message(), HasSubstr("--json " + output + ": that is "));
    EXPECT_THAT(status.message(), HasSubstr("would destroy the saved results"));
  }
  EXPECT_THAT(CheckNotDatabase("-o", db + "-wal", db).message(),
              HasSubstr("that is " + db + "-wal, SQLite's file beside the results database"));
  EXPECT_TRUE(CheckNotDatabase("--json", Path("results.json"), db).ok());
  // A database that does not exist yet is protected by its path.
  EXPECT_FALSE(CheckNotDatabase("--json", Path("./new.db"), Path("new.db")).ok());
}

TEST_F(RunOutputsTest, JsonPathsThatCannotBeWrittenFailBeforeAnything) {
  const std::string db = Path("results.db");
  auto folder = RunOutputs::Open({db, true, dir_.string()});
  ASSERT_FALSE(folder.ok());
  EXPECT_THAT(folder.status().message(), HasSubstr(": cannot write: is a folder"));
  auto missing = RunOutputs::Open({db, true, Path("missing/out.json")});
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("cannot write: no folder"));
  auto itself = RunOutputs::Open({db, false, db});
  ASSERT_FALSE(itself.ok());  // even with --no-save
  EXPECT_THAT(itself.status().message(), HasSubstr("that is the results database"));
  EXPECT_FALSE(fs::exists(db));  // nothing created
}

TEST_F(RunOutputsTest, ADatabaseThatIsAFolderIsRefused) {
  fs::create_directories(Path("db"));
  const Status status = CheckDbWritable(Path("db"));
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("a folder, not a results database"));
}

TEST_F(RunOutputsTest, AReadOnlyDatabaseOrFolderIsRefused) {
  const std::string db = Path("results.db");
  std::ofstream(db) << "";
  fs::permissions(db, fs::perms::owner_read);
  if (access(db.c_str(), W_OK) == 0) GTEST_SKIP() << "root writes read-only files";
  EXPECT_THAT(CheckDbWritable(db).message(), HasSubstr("the file is read-only"));
  fs::permissions(db, fs::perms::owner_read | fs::perms::owner_write);
  fs::permissions(dir_, fs::perms::owner_read | fs::perms::owner_exec);
  EXPECT_THAT(CheckDbWritable(db).message(), HasSubstr("is read-only (SQLite keeps its journal"));
  EXPECT_THAT(CheckDbWritable(Path("new/results.db")).message(), HasSubstr("cannot create it"));
}

TEST_F(RunOutputsTest, EachRecordIsKeptAtOnce) {
  const std::string db = Path("results.db"), json = Path("out.json");
  auto outputs = RunOutputs::Open({db, true, json});
  ASSERT_TRUE(outputs.ok()) << outputs.status().message();
  ASSERT_TRUE((*outputs)->Keep(Record("first")).ok());
  // Already in both places before the second model runs.
  auto stored = ResultsDb::Open(db, ResultsDb::Mode::kExisting);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ((*stored)->Select({})->size(), 1u);
  std::ifstream first(json);
  EXPECT_EQ(nlohmann::json::parse(first)["results"].size(), 1u);
  ASSERT_TRUE((*outputs)->Keep(Record("second")).ok());
  EXPECT_EQ((*stored)->Select({})->size(), 2u);
  std::ifstream both(json);
  EXPECT_EQ(nlohmann::json::parse(both)["results"].size(), 2u);
  EXPECT_EQ((*outputs)->Destinations(), db + " and " + json);
}

}  // namespace
}  // namespace edgebench::store
