// The corruption campaign through the real binary, on a small subset (the
// in-process campaign, tests/runtime, covers hundreds of mutants): mutants
// of the two real files through `inspect`, `detect` and `run` on both
// backends must exit 0 or 1, and on failure print one line.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "support/edgebench_process.h"
#include "support/mutations.h"
#include "support/real_models.h"

namespace edgebench::cli {
namespace {

constexpr int kMutantsPerModel = 10;

void Campaign(const std::filesystem::path& model) {
  const uint32_t seed = testing::CampaignSeed();
  std::printf("%s: %d mutants, seed %u (EDGEBENCH_CAMPAIGN_SEED)\n", model.filename().c_str(),
              kMutantsPerModel, seed);
  testing::Mutator mutator(testing::ReadBytes(model), seed);
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("edgebench_mutant_" + std::to_string(getpid()) + ".tflite");
  const std::string file = path.string();
  for (int i = 0; i < kMutantsPerModel; ++i) {
    const auto [mutant, description] = mutator.Next();
    testing::WriteBytes(path, mutant);
    // Every command on both backends, but the costly ones (a reference
    // inference takes seconds in the sanitizer build, detect draws a PNG)
    // on some mutants only, to keep the test near half a minute per model.
    std::vector<std::string> commands;
    for (const std::string backend : {"xnnpack", "reference"}) {
      const bool costly_ones = backend == "xnnpack" || i == 0;
      commands.push_back("inspect " + file + " --backend " + backend);
      if (costly_ones && i % 2 == 0) {
        commands.push_back("detect " + file + " --backend " + backend + " -o " + file + ".png");
      }
      if (costly_ones) {
        commands.push_back("run --model " + file + " --backend " + backend +
                           " --runs 2 --warmup 0 --no-save --quiet");
      }
    }
    for (const std::string& command : commands) {
      const testing::Outcome outcome = testing::RunEdgebench(command);
      const std::string context = description + "| " + command + "\n" + outcome.err;
      ASSERT_TRUE(outcome.exit_code == 0 || outcome.exit_code == 1) << context;
      if (outcome.exit_code == 1) {
        EXPECT_EQ(outcome.err.rfind("edgebench: error: ", 0), 0u) << context;
        EXPECT_EQ(outcome.err.find('\n'), outcome.err.size() - 1) << context;
      }
    }
  }
  std::filesystem::remove(path);
  std::filesystem::remove(file + ".png");
}

TEST(CorruptionCampaignCliTest, MutantsOfV1ExitZeroOrOneWithOneLine) {
  Campaign(testing::RealV1Model());
}

TEST(CorruptionCampaignCliTest, MutantsOfV2ExitZeroOrOneWithOneLine) {
  if (!std::filesystem::exists(testing::RealV2Model())) {
    GTEST_SKIP() << testing::RealV2Model() << " is absent (edgebench setup downloads it)";
  }
  Campaign(testing::RealV2Model());
}

}  // namespace
}  // namespace edgebench::cli
