// `edgebench run` and its outputs, on the real binary: every output checked
// before the first model runs, each model saved as soon as it is measured,
// and Ctrl-C keeping what was measured (exit 130).
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pty.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "support/edgebench_process.h"
#include "support/temp_folder.h"

namespace edgebench::cli {
namespace {

using edgebench::testing::ReadText;

namespace fs = std::filesystem;
using edgebench::testing::Outcome;
using edgebench::testing::RunEdgebench;
using json = nlohmann::json;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class RunOutputsTest : public edgebench::testing::TempFolderTest {};

// The records `export` reads back from the database at `db`.
json Exported(const std::string& db) {
  const Outcome exported = RunEdgebench("export --format json --db " + db);
  EXPECT_EQ(exported.exit_code, 0) << exported.err;
  return json::parse(exported.out)["results"];
}

// One line on stderr, exit 1, nothing on stdout: the error came before any
// model ran (no "[1/1]" progress line).
void ExpectFailsBeforeRunning(const Outcome& outcome, const std::string& expected) {
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.out, "");
  EXPECT_EQ(outcome.err.find('\n'), outcome.err.size() - 1) << outcome.err;
  EXPECT_THAT(outcome.err, HasSubstr(expected));
  EXPECT_THAT(outcome.err, ::testing::Not(HasSubstr("[1/1]")));
}

constexpr char kRunV1[] = "run --model ssd_mobilenet_v1_0.75_uint8 --runs 1 --warmup 0";

TEST_F(RunOutputsTest, JsonThatIsAFolderFailsBeforeAnyModelRuns) {
  const std::string db = Path("results.db");
  ExpectFailsBeforeRunning(
      RunEdgebench(std::string(kRunV1) + " --db " + db + " --json " + dir_.string()),
      "--json " + dir_.string() + ": cannot write: is a folder");
  EXPECT_FALSE(fs::exists(db));  // checked before the database was even created
}

TEST_F(RunOutputsTest, JsonThatIsTheDatabaseIsRefused) {
  // Before: the database replaced by the JSON file, exit 0.
  const std::string db = Path("results.db");
  ASSERT_EQ(RunEdgebench(std::string(kRunV1) + " --quiet --db " + db).exit_code, 0);
  const std::string before = ReadText(db);
  for (const std::string& output : {db, db + "-wal", Path("./results.db")}) {
    ExpectFailsBeforeRunning(
        RunEdgebench(std::string(kRunV1) + " --db " + db + " --json " + output), "that is ");
  }
  EXPECT_EQ(ReadText(db), before);
  EXPECT_EQ(Exported(db).size(), 1u);
  // export -o shares the check.
  const Outcome exported = RunEdgebench("export --format json --db " + db + " -o " + db);
  EXPECT_EQ(exported.exit_code, 1);
  EXPECT_THAT(exported.err, HasSubstr("-o " + db + ": that is the results database"));
  EXPECT_EQ(Exported(db).size(), 1u);
}

TEST_F(RunOutputsTest, ReadOnlyDatabaseFailsBeforeAnyModelRuns) {
  const std::string db = Path("results.db");
  ASSERT_EQ(RunEdgebench(std::string(kRunV1) + " --quiet --db " + db).exit_code, 0);
  fs::permissions(db, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  if (access(db.c_str(), W_OK) == 0) GTEST_SKIP() << "root writes read-only files";
  ExpectFailsBeforeRunning(RunEdgebench(std::string(kRunV1) + " --db " + db),
                           "the file is read-only");
}

TEST_F(RunOutputsTest, DbWithNoSaveIsRefused) {
  ExpectFailsBeforeRunning(RunEdgebench(std::string(kRunV1) + " --no-save --db " + Path("x.db")),
                           "with --no-save: nothing would be saved there");
}

// The child's stderr is a terminal (a pseudo-terminal this test reads), so
// run draws its progress bar with \r as a user sees it.
class TerminalRun {
 public:
  explicit TerminalRun(const std::vector<std::string>& args, const std::string& stdout_path) {
    int terminal = -1;
    termios settings{};
    cfmakeraw(&settings);  // no \n -> \r\n translation: bytes as written
    if (openpty(&master_, &terminal, nullptr, &settings, nullptr) != 0) return;
    // The command line is built before fork: the child only execs.
    std::vector<std::string> words = edgebench::testing::EdgebenchWords();
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);
    pid_ = fork();
    if (pid_ == 0) {
      dup2(terminal, STDERR_FILENO);
      const int out = open(stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(out, STDOUT_FILENO);
      execvp(argv[0], argv.data());
      _exit(127);
    }
    close(terminal);
    reader_ = std::thread([this] {
      char buffer[4096];
      ssize_t got;
      while ((got = read(master_, buffer, sizeof(buffer))) > 0) {
        std::lock_guard lock(mutex_);
        err_.append(buffer, static_cast<size_t>(got));
      }
    });
  }
  ~TerminalRun() {
    if (reader_.joinable()) reader_.join();
    if (master_ >= 0) close(master_);
  }
  bool started() const { return pid_ > 0; }
  bool WaitFor(const std::string& text, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      {
        std::lock_guard lock(mutex_);
        if (err_.find(text) != std::string::npos) return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
  void Signal(int number) { kill(pid_, number); }
  // Waits for the exit; the exit code, or -1 when a signal ended it.
  int Wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    if (reader_.joinable()) reader_.join();
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string err() {
    std::lock_guard lock(mutex_);
    return err_;
  }

 private:
  int master_ = -1;
  pid_t pid_ = -1;
  std::thread reader_;
  std::mutex mutex_;
  std::string err_;
};

TEST_F(RunOutputsTest, CtrlCDuringTheSecondModelKeepsBothAndExits130) {
  const std::string db = Path("results.db"), json_path = Path("out.json");
  // Each model stops after 3 s (--max-seconds) unless interrupted: the first
  // finishes, the second is interrupted as soon as its progress appears.
  TerminalRun run(
      {"run", "--model", "ssd_mobilenet_v1_0.75_uint8", "--model", "ssd_mobilenet_v1_0.75_uint8",
       "--runs", "1000000", "--max-seconds", "3", "--db", db, "--json", json_path},
      Path("stdout.txt"));
  ASSERT_TRUE(run.started());
  ASSERT_TRUE(run.WaitFor("[2/2]", std::chrono::seconds(120))) << run.err();
  run.Signal(SIGINT);
  EXPECT_EQ(run.Wait(), 130) << run.err();

  // The database: the first record whole, the second marked interrupted.
  const json stored = Exported(db);
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_FALSE(stored[0]["interrupted"].get<bool>());
  EXPECT_TRUE(stored[1]["interrupted"].get<bool>());
  EXPECT_GE(stored[1]["summary"]["count"].get<int>(), 1);
  EXPECT_THAT(stored[1]["warnings"].dump(), HasSubstr("interrupted by Ctrl-C after "));
  // The --json file holds both too.
  const json written = json::parse(ReadText(json_path))["results"];
  ASSERT_EQ(written.size(), 2u);
  EXPECT_TRUE(written[1]["interrupted"].get<bool>());
  EXPECT_EQ(written[1]["summary"], stored[1]["summary"]);
  // The table shows both.
  EXPECT_THAT(ReadText(Path("stdout.txt")), HasSubstr("interrupted by Ctrl-C after"));

  // The bar's line was ended: the last line is the summary, whole.
  const std::string err = run.err();
  ASSERT_FALSE(err.empty());
  EXPECT_EQ(err.back(), '\n');
  const size_t last_start = err.rfind('\n', err.size() - 2) + 1;
  const std::string last = err.substr(last_start);
  EXPECT_THAT(last, StartsWith("edgebench: interrupted by Ctrl-C: kept "));
  EXPECT_EQ(last.find('\r'), std::string::npos) << last;
  EXPECT_THAT(last, HasSubstr("marked interrupted) in " + db + " and " + json_path));
}

}  // namespace
}  // namespace edgebench::cli
