// Feeds every file of the fuzzer's seed corpus (and prefixes of each) through
// the fuzzer's path (read, validate, create an interpreter, run once; see
// support/model_probe.h) on both backends in the normal test build, so the
// sanitizer build checks them too. Crashing inputs the fuzzer found are kept
// in the corpus.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "support/model_probe.h"
#include "tflite/reader.h"

namespace edgebench::tflite {
namespace {

const std::filesystem::path kCorpus =
    std::filesystem::path(EDGEBENCH_SOURCE_DIR) / "fuzz/corpus/tflite_model";

std::vector<uint8_t> Load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

void ExpectOneLineOrRun(const std::vector<uint8_t>& bytes, size_t length, const std::string& name) {
  testing::ProbeOptions options;
  options.max_invoke_arena_bytes = size_t{1} << 20;  // as the fuzzer
  options.max_invoke_macs = 1 << 20;
  for (const char* backend : {"reference", "xnnpack"}) {
    options.backend = backend;
    const Status status =
        testing::ProbeModel(std::span<const uint8_t>(bytes.data(), length), name, options);
    if (status.ok()) continue;
    EXPECT_FALSE(status.message().empty()) << name;
    EXPECT_EQ(status.message().find('\n'), std::string::npos) << status.message();
  }
}

TEST(FuzzCorpusTest, EveryFileAndPrefixReadsOrFailsCleanly) {
  ASSERT_TRUE(std::filesystem::is_directory(kCorpus)) << kCorpus;
  int files = 0;
  int valid = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kCorpus)) {
    if (!entry.is_regular_file()) continue;
    ++files;
    const std::vector<uint8_t> bytes = Load(entry.path());
    const std::string name = entry.path().filename().string();
    auto copy = std::make_shared<std::vector<uint8_t>>(bytes);
    if (ReadModelBuffer(copy, copy->data(), copy->size(), name).ok()) ++valid;
    // Every prefix for small files, a sample of lengths for larger ones.
    const size_t step = bytes.size() <= 4096 ? 1 : bytes.size() / 1024;
    for (size_t length = 0; length <= bytes.size(); length += step) {
      ExpectOneLineOrRun(bytes, length, name);
    }
  }
  std::printf("%d corpus files, %d valid models\n", files, valid);
  EXPECT_GE(files, 4);
  EXPECT_GE(valid, 4);  // the seeds must include real, readable models
}

}  // namespace
}  // namespace edgebench::tflite
