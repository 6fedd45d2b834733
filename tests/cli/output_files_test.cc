// What edgebench reads and writes besides its database, through the real
// binary: files that are not regular files, outputs that are links,
// devices or FIFOs, standard output on a full disk, an installed copy.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <string>

#include "support/edgebench_process.h"
#include "support/temp_folder.h"

namespace edgebench::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

using edgebench::testing::Outcome;
using edgebench::testing::ReadText;
using edgebench::testing::RunEdgebench;

constexpr char kFixture[] = EDGEBENCH_SOURCE_DIR "/tests/data/results/fake_pi4.json";
constexpr char kV1[] = "ssd_mobilenet_v1_0.75_uint8";

// A shell command's exit code and its stdout and stderr together.
Outcome Shell(const std::string& command) {
  return edgebench::testing::RunShellCommand(command + " 2>&1");
}

class OutputFilesTest : public edgebench::testing::TempFolderTest {
 protected:
  void SetUp() override {
    TempFolderTest::SetUp();
    db_ = Path("results.db");
  }
  void ImportFixture() {
    const Outcome imported = RunEdgebench("import --db " + db_ + " " + kFixture);
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }
  std::string db_;
};

void ExpectOneLineError(const Outcome& outcome, const std::string& line) {
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.err, "edgebench: error: " + line + "\n");
}

// Before: exit 0, the output lost without a word.
TEST_F(OutputFilesTest, FullStandardOutputIsAnErrorForEveryCommand) {
  ImportFixture();
  for (const std::string& command :
       {"history --db " + db_, "export --db " + db_, "export --format json --db " + db_,
        "compare --db " + db_, std::string("sysinfo --json"),
        std::string("run --no-save --quiet --model ") + kV1 + " --runs 1 --warmup 0"}) {
    SCOPED_TRACE(command);
    const Outcome outcome = RunEdgebench(command + " >/dev/full");
    EXPECT_EQ(outcome.exit_code, 1);
    EXPECT_THAT(outcome.err,
                ::testing::EndsWith("edgebench: error: writing to standard output: No space left "
                                    "on device\n"));
  }
}

// Before: the JSON went to a temporary file in /dev renamed over
// /dev/stdout (as root, replacing that link); it never reached standard
// output.
TEST_F(OutputFilesTest, RunJsonToDevStdoutFollowsTheTable) {
  const Outcome outcome = RunEdgebench(std::string("run --no-save --quiet --model ") + kV1 +
                                       " --runs 1 --warmup 0 --json /dev/stdout");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const size_t json = outcome.out.find("\"schema_version\": ");
  ASSERT_NE(json, std::string::npos) << outcome.out;
  EXPECT_NE(outcome.out.find(kV1), std::string::npos);
  EXPECT_LT(outcome.out.find(kV1), json) << "the table first, then the JSON";
}

// Standard output redirected to a file: the JSON is appended through the
// stream, not written over the table from the file's start or renamed over
// the file the shell opened.
TEST_F(OutputFilesTest, RunJsonToDevStdoutRedirectedToAFileKeepsTheTable) {
  const std::string out = Path("out.txt");
  const Outcome outcome = RunEdgebench(std::string("run --no-save --quiet --model ") + kV1 +
                                       " --runs 1 --warmup 0 --json /dev/stdout >" + out);
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const std::string text = ReadText(out);
  const size_t json = text.find("\"schema_version\": ");
  ASSERT_NE(json, std::string::npos) << text;
  EXPECT_LT(text.find(kV1), json) << text;
}

// Before: the link was replaced by a regular file.
TEST_F(OutputFilesTest, ExportThroughASymlinkKeepsTheLink) {
  ImportFixture();
  fs::create_directories(dir_ / "backups");
  fs::create_symlink("backups/latest.json", dir_ / "latest.json");
  const Outcome outcome =
      RunEdgebench("export --format json --db " + db_ + " -o " + Path("latest.json"));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_TRUE(fs::is_symlink(dir_ / "latest.json"));
  EXPECT_THAT(ReadText(Path("backups/latest.json")), HasSubstr("\"results\""));
}

TEST_F(OutputFilesTest, ExportIntoAFifoWritesInPlace) {
  ImportFixture();
  const std::string fifo = Path("pipe");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto reader = std::async(std::launch::async, [&] { return ReadText(fifo); });
  const Outcome outcome = RunEdgebench("export --db " + db_ + " -o " + fifo);
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(reader.get(), StartsWith("id,source,"));
  EXPECT_EQ(fs::status(fifo).type(), fs::file_type::fifo);
}

// Before: /dev/zero was read until memory ran out; a FIFO blocked forever.
TEST_F(OutputFilesTest, ImportAndImagesRefuseWhatIsNotARegularFile) {
  ASSERT_EQ(::mkfifo(Path("fifo").c_str(), 0600), 0);
  ExpectOneLineError(RunEdgebench("import --db " + db_ + " /dev/zero"),
                     "/dev/zero: cannot open: is a character device, not a regular file");
  ExpectOneLineError(RunEdgebench("import --db " + db_ + " " + Path("fifo")),
                     Path("fifo") + ": cannot open: is a FIFO (named pipe), not a regular file");
  ExpectOneLineError(
      RunEdgebench(std::string("run --no-save --model ") + kV1 + " --image /dev/zero"),
      "/dev/zero: cannot open: is a character device, not a regular file");
  ExpectOneLineError(RunEdgebench(std::string("detect ") + kV1 + " " + Path("fifo")),
                     Path("fifo") + ": cannot open: is a FIFO (named pipe), not a regular file");
}

// Before: the model was built (seconds), then the error named a temporary
// file.
TEST_F(OutputFilesTest, ZooBuildChecksTheOutputFolderFirst) {
  const std::string path = Path("missing/dir/x.tflite");
  ExpectOneLineError(RunEdgebench("zoo build ssd_mobilenet_v1_0.75 -o " + path),
                     path + ": cannot write: no folder " + Path("missing/dir"));
}

// Before: an edgebench in a read-only folder was "not a results database
// (left untouched)" even for history. Run as an unprivileged user: root
// writes anywhere.
TEST_F(OutputFilesTest, ADatabaseInAReadOnlyFolderCanStillBeRead) {
  ImportFixture();
  std::string as_user;
  if (::geteuid() == 0) {
    if (Shell("command -v setpriv").exit_code != 0) GTEST_SKIP() << "root without setpriv";
    as_user = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
    fs::permissions(dir_, fs::perms(0755));  // nobody may enter, not write
  } else {
    fs::permissions(dir_, fs::perms(0555));
  }
  const std::string binary = edgebench::testing::EdgebenchCommand();
  if (Shell(as_user + binary + " --version").exit_code != 0) {
    GTEST_SKIP() << "user 65534 cannot run " << binary << " (a folder above it is private)";
  }
  const Outcome history = Shell(as_user + binary + " history --db " + db_);
  EXPECT_EQ(history.exit_code, 0) << history.out;
  EXPECT_THAT(history.out, HasSubstr("no fan"));
  const Outcome exported = Shell(as_user + binary + " export --format json --db " + db_);
  EXPECT_EQ(exported.exit_code, 0) << exported.out;
  const Outcome imported = Shell(as_user + binary + " import --db " + db_ + " " + kFixture);
  EXPECT_EQ(imported.exit_code, 1);
  EXPECT_THAT(imported.out, HasSubstr(db_ + ": cannot save results: "));
  EXPECT_THAT(imported.out, HasSubstr("can still read it"));
}

// `cmake --install` into a fresh prefix, then the installed binary finds
// its data there (not in this source folder: the installed label file is
// changed to tell them apart). Before: nothing was installed.
TEST_F(OutputFilesTest, AnInstalledEdgebenchFindsItsData) {
  const std::string build = fs::path(EDGEBENCH_BINARY).parent_path().string();
  const std::string prefix = Path("prefix");
  const Outcome install = Shell("cmake --install " + build + " --prefix " + prefix);
  ASSERT_EQ(install.exit_code, 0) << install.out;
  const std::string labels = prefix + "/share/edgebench/data/models/coco_labels.txt";
  std::string text = ReadText(labels);
  const size_t apple = text.find("apple");
  ASSERT_NE(apple, std::string::npos);
  text.replace(apple, 5, "installed-apple");
  std::ofstream(labels, std::ios::binary) << text;

  const std::string binary = edgebench::testing::EdgebenchCommand(prefix + "/bin/edgebench");
  const Outcome detect = Shell("env -u EDGEBENCH_HOME " + binary + " detect " + kV1);
  EXPECT_EQ(detect.exit_code, 0) << detect.out;
  EXPECT_THAT(detect.out, HasSubstr("installed-apple"));
  const Outcome help = Shell("env -u EDGEBENCH_HOME " + binary + " detect --help");
  EXPECT_THAT(help.out, HasSubstr(prefix + "/share/edgebench"));
  EXPECT_THAT(help.out, HasSubstr("$EDGEBENCH_HOME"));
}

}  // namespace
}  // namespace edgebench::cli
