#include "fileio/regular_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/temp_folder.h"

namespace edgebench::fileio {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class RegularFileTest : public edgebench::testing::TempFolderTest {};

void ExpectOneLine(const Status& status, const std::string& text) {
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr(text));
  EXPECT_EQ(status.message().find('\n'), std::string::npos);
}

TEST_F(RegularFileTest, ReadsAWholeFileAsBytesAndAsText) {
  std::ofstream(Path("a.txt"), std::ios::binary) << "hello\n";
  auto bytes = ReadRegularFile(Path("a.txt"), 100);
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  EXPECT_EQ(std::string(bytes->begin(), bytes->end()), "hello\n");
  auto text = ReadRegularTextFile(Path("a.txt"), 6);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text, "hello\n");
}

TEST_F(RegularFileTest, AFileAboveTheBoundIsRefusedNamingSizeAndBound) {
  std::ofstream(Path("big"), std::ios::binary) << std::string(100, 'x');
  ExpectOneLine(ReadRegularFile(Path("big"), 99).status(),
                Path("big") + ": 100 bytes, more than the limit of 99 bytes");
}

// Before: read until memory ran out.
TEST_F(RegularFileTest, DevZeroIsRefusedNotReadForever) {
  ExpectOneLine(ReadRegularFile("/dev/zero", 1 << 20).status(),
                "/dev/zero: cannot open: is a character device, not a regular file");
}

// Before: the open blocked forever waiting for a writer.
TEST_F(RegularFileTest, FifoIsRefusedWithoutBlocking) {
  ASSERT_EQ(::mkfifo(Path("fifo").c_str(), 0600), 0);
  ExpectOneLine(ReadRegularTextFile(Path("fifo"), 1 << 20).status(),
                Path("fifo") + ": cannot open: is a FIFO (named pipe), not a regular file");
}

TEST_F(RegularFileTest, MissingFileAndFolderAreNamed) {
  ExpectOneLine(ReadRegularFile(Path("none"), 10).status(),
                Path("none") + ": cannot open: no such file");
  ExpectOneLine(ReadRegularFile(dir_.string(), 10).status(),
                dir_.string() + ": cannot open: is a directory");
}

}  // namespace
}  // namespace edgebench::fileio
