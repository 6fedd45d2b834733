// The corruption campaign, in process: the two real detector files mutated
// with seeded random byte flips, each mutant read, validated, given an
// interpreter and run once, as inspect, detect and run do, on both
// backends. Every mutant must fail with one non-empty line or run; the
// sanitizer build turns any memory error into a failure.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "support/model_probe.h"
#include "support/mutations.h"
#include "support/real_models.h"

namespace edgebench::runtime {
namespace {

constexpr int kMutantsPerModel = 200;
// The reference kernels take about half a second per inference of a real
// detector in the sanitizer build: they run every twentieth mutant.
constexpr int kReferenceEvery = 20;

void Campaign(const std::filesystem::path& path) {
  const uint32_t seed = testing::CampaignSeed();
  std::printf("%s: %d mutants, seed %u (EDGEBENCH_CAMPAIGN_SEED)\n", path.filename().c_str(),
              kMutantsPerModel, seed);
  testing::Mutator mutator(testing::ReadBytes(path), seed);
  testing::ProbeOptions options;
  // A mutant may ask for much more work than the model; creating its
  // interpreter is the check, running it would only cost time.
  options.max_invoke_arena_bytes = 64u << 20;
  options.max_invoke_macs = int64_t{4} << 30;
  int failed = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kMutantsPerModel; ++i) {
    const auto [mutant, description] = mutator.Next();
    for (const char* backend : {"xnnpack", "reference"}) {
      if (std::string(backend) == "reference" && i % kReferenceEvery != 0) continue;
      options.backend = backend;
      const Status status = testing::ProbeModel(mutant, "mutant.tflite", options);
      if (status.ok()) continue;
      ++failed;
      EXPECT_FALSE(status.message().empty()) << description << backend;
      EXPECT_EQ(status.message().find('\n'), std::string::npos)
          << description << backend << ": " << status.message();
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%s: %d probes failed cleanly, the rest ran; %.1f s\n", path.filename().c_str(),
              failed, seconds);
}

TEST(CorruptionCampaignTest, MutantsOfTheBundledV1FailInOneLineOrRun) {
  Campaign(testing::RealV1Model());
}

TEST(CorruptionCampaignTest, MutantsOfTheCachedV2FailInOneLineOrRun) {
  if (!std::filesystem::exists(testing::RealV2Model())) {
    GTEST_SKIP() << testing::RealV2Model() << " is absent (edgebench setup downloads it)";
  }
  Campaign(testing::RealV2Model());
}

}  // namespace
}  // namespace edgebench::runtime
