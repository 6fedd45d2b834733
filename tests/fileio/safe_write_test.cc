#include "fileio/safe_write.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>

#include "fileio/data_places.h"
#include "support/temp_folder.h"

namespace edgebench::fileio {
namespace {

using edgebench::testing::ReadText;

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class SafeWriteTest : public edgebench::testing::TempFolderTest {
 protected:
  std::vector<std::string> Names() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) names.push_back(entry.path().filename());
    std::sort(names.begin(), names.end());
    return names;
  }
};

TEST_F(SafeWriteTest, CreatesAndReplacesAFileKeepingItsModeAndNoTemporaryFile) {
  ASSERT_TRUE(WriteFileSafely(Path("out.json"), "one").ok());
  fs::permissions(Path("out.json"), fs::perms(0640));
  const Status status = WriteFileSafely(Path("out.json"), "two");
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(ReadText(Path("out.json")), "two");
  EXPECT_EQ(fs::status(Path("out.json")).permissions(), fs::perms(0640));
  EXPECT_THAT(Names(), ElementsAre("out.json"));
}

// Before: the link was replaced by a regular file and the target kept its
// old content.
TEST_F(SafeWriteTest, WritesThroughASymlinkAndKeepsTheLink) {
  fs::create_directories(dir_ / "real");
  std::ofstream(Path("real/results.json")) << "old";
  fs::create_symlink("real/results.json", dir_ / "link.json");
  const Status status = WriteFileSafely(Path("link.json"), "new");
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.json"));
  EXPECT_EQ(ReadText(Path("real/results.json")), "new");
  EXPECT_THAT(Names(), ElementsAre("link.json", "real"));
}

TEST_F(SafeWriteTest, ADanglingSymlinkGetsItsTargetCreated) {
  fs::create_symlink("made.json", dir_ / "link.json");
  ASSERT_TRUE(WriteFileSafely(Path("link.json"), "x").ok());
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.json"));
  EXPECT_EQ(ReadText(Path("made.json")), "x");
}

// Before: the FIFO was replaced by a regular file and its reader got
// nothing. (A FIFO rather than /dev/null: a regression must not be able to
// replace a device node of the machine running the tests.)
TEST_F(SafeWriteTest, WritesIntoAFifoInPlace) {
  const std::string fifo = Path("pipe");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto reader = std::async(std::launch::async, [&] { return ReadText(fifo); });
  const Status status = WriteFileSafely(fifo, "through the pipe");
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(reader.get(), "through the pipe");
  EXPECT_EQ(fs::status(fifo).type(), fs::file_type::fifo);
  EXPECT_THAT(Names(), ElementsAre("pipe"));
}

TEST_F(SafeWriteTest, MissingFolderErrorNamesThePathAndTheFolder) {
  const std::string path = Path("no/such/out.json");
  const Status status = WriteFileSafely(path, "x");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), path + ": cannot write: no folder " + Path("no/such"));
  EXPECT_EQ(CheckOutputPath(path).message(), status.message());
}

TEST_F(SafeWriteTest, AFolderIsNeverReplaced) {
  fs::create_directories(dir_ / "taken" / "inside");
  const Status status = WriteFileSafely(Path("taken"), "x");
  EXPECT_EQ(status.message(), Path("taken") + ": cannot write: is a folder");
  EXPECT_EQ(CheckOutputPath(Path("taken")).message(), status.message());
  EXPECT_TRUE(fs::is_directory(dir_ / "taken" / "inside"));
  EXPECT_THAT(Names(), ElementsAre("taken"));
}

TEST_F(SafeWriteTest, CheckOutputPathAcceptsNewFilesAndDevices) {
  EXPECT_TRUE(CheckOutputPath(Path("new.tflite")).ok());
  EXPECT_TRUE(CheckOutputPath("/dev/null").ok());
}

TEST(DataPlacesTest, AMissingFileNamesEveryPlaceTried) {
  const auto found = FindIn({"/nowhere/a", "/nowhere/b"}, "data/x.txt", "x file");
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().message(),
            "cannot find the x file: looked for /nowhere/a/data/x.txt, /nowhere/b/data/x.txt");
}

TEST(DataPlacesTest, HomeComesFirstThenTheInstallThenTheSourceFolder) {
  ::setenv("EDGEBENCH_HOME", "/opt/eb-data", 1);
  const std::vector<std::string> roots = DataRoots();
  ::unsetenv("EDGEBENCH_HOME");
  ASSERT_EQ(roots.size(), 3u);
  EXPECT_EQ(roots[0], "/opt/eb-data");
  EXPECT_THAT(roots[1], ::testing::EndsWith("/share/edgebench"));
  EXPECT_EQ(roots[2], EDGEBENCH_SOURCE_DIR);
}

TEST(DataPlacesTest, TheUserCacheComesBeforeTheCheckoutsCache) {
  ::setenv("XDG_CACHE_HOME", "/home/u/.cache", 1);
  const std::vector<std::string> roots = CacheRoots();
  ::unsetenv("XDG_CACHE_HOME");
  ASSERT_FALSE(roots.empty());
  EXPECT_EQ(roots.front(), "/home/u/.cache/edgebench");
  EXPECT_EQ(roots.back(), std::string(EDGEBENCH_SOURCE_DIR) + "/cache");
}

TEST_F(SafeWriteTest, TheInputIsRefusedUnderAnyNameButAModelNameIsNot) {
  std::ofstream(Path("model.tflite")) << "model";
  fs::create_symlink("model.tflite", dir_ / "link.onnx");
  const Status same = CheckNotInput(Path("link.onnx"), Path("./model.tflite"));
  ASSERT_FALSE(same.ok());
  EXPECT_THAT(same.message(), HasSubstr("link.onnx: cannot write: it is the input"));
  EXPECT_TRUE(CheckNotInput(Path("out.onnx"), Path("model.tflite")).ok());  // does not exist yet
  EXPECT_TRUE(CheckNotInput(Path("model.onnx"), "zoo (seed 1)").ok());
}

}  // namespace
}  // namespace edgebench::fileio
