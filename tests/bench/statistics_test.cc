// Every statistic against values worked out by hand from its definition.
#include "bench/statistics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

namespace edgebench::bench {
namespace {

TEST(SummarizeTest, OneToTen) {
  const std::vector<double> samples = {7, 1, 10, 3, 5, 2, 9, 4, 8, 6};
  const Summary s = Summarize(samples);
  EXPECT_EQ(s.count, 10u);
  EXPECT_DOUBLE_EQ(s.mean, 5.5);
  EXPECT_NEAR(s.stddev, std::sqrt(82.5 / 9.0), 1e-12);  // sum of squares 82.5, n-1 = 9
  EXPECT_DOUBLE_EQ(s.min, 1);
  EXPECT_DOUBLE_EQ(s.max, 10);
  EXPECT_DOUBLE_EQ(s.median, 5.5);  // mean of 5 and 6
  EXPECT_DOUBLE_EQ(s.p90, 9);       // rank ceil(9.0) = 9
  EXPECT_DOUBLE_EQ(s.p95, 10);      // rank ceil(9.5) = 10
  EXPECT_DOUBLE_EQ(s.p99, 10);
  EXPECT_NEAR(s.ci95, 2.262 * std::sqrt(82.5 / 9.0) / std::sqrt(10.0), 1e-9);
  EXPECT_NEAR(s.per_second, 1000.0 / 5.5, 1e-9);  // from the mean, not the min
}

TEST(SummarizeTest, OddCountMedianAndSingleSample) {
  const std::vector<double> three = {3, 1, 2};
  EXPECT_DOUBLE_EQ(Summarize(three).median, 2);
  const std::vector<double> one = {4};
  const Summary s = Summarize(one);
  EXPECT_DOUBLE_EQ(s.mean, 4);
  EXPECT_DOUBLE_EQ(s.stddev, 0);
  EXPECT_DOUBLE_EQ(s.ci95, 0);
  EXPECT_DOUBLE_EQ(s.p99, 4);
  EXPECT_DOUBLE_EQ(s.per_second, 250);
}

TEST(SummarizeTest, EmptyIsAllZero) {
  const Summary s = Summarize({});
  EXPECT_EQ(s.count, 0u);
  EXPECT_DOUBLE_EQ(s.mean, 0);
  EXPECT_DOUBLE_EQ(s.per_second, 0);
}

TEST(PercentileTest, NearestRankOnHundredValues) {
  std::vector<double> sorted;
  for (int i = 1; i <= 100; ++i) sorted.push_back(i * 10.0);
  EXPECT_DOUBLE_EQ(NearestRankPercentile(sorted, 1), 10);
  EXPECT_DOUBLE_EQ(NearestRankPercentile(sorted, 50), 500);
  EXPECT_DOUBLE_EQ(NearestRankPercentile(sorted, 99), 990);
  EXPECT_DOUBLE_EQ(NearestRankPercentile(sorted, 99.5), 1000);  // rank ceil(99.5) = 100
  EXPECT_DOUBLE_EQ(NearestRankPercentile(sorted, 100), 1000);
}

TEST(StudentTTest, TableValues) {
  EXPECT_DOUBLE_EQ(StudentT975(1), 12.706);
  EXPECT_DOUBLE_EQ(StudentT975(9), 2.262);
  EXPECT_DOUBLE_EQ(StudentT975(30), 2.042);
  EXPECT_DOUBLE_EQ(StudentT975(10000), 1.960);
}

std::vector<double> Flat(int n, double value) { return std::vector<double>(n, value); }

TEST(CheckSamplesTest, DriftOverFivePercentWarns) {
  std::vector<double> samples = Flat(100, 10.0);
  for (int i = 90; i < 100; ++i) samples[i] = 11.0;  // last tenth 10% slower
  const SampleWarnings w = CheckSamples(samples);
  EXPECT_TRUE(w.drifting);
  EXPECT_NEAR(w.drift, 0.10, 1e-12);
  ASSERT_FALSE(w.messages.empty());
  EXPECT_NE(w.messages[0].find("10.0% slower"), std::string::npos) << w.messages[0];
}

TEST(CheckSamplesTest, DriftUnderFivePercentIsQuiet) {
  std::vector<double> samples = Flat(100, 10.0);
  for (int i = 90; i < 100; ++i) samples[i] = 10.4;
  const SampleWarnings w = CheckSamples(samples);
  EXPECT_FALSE(w.drifting);
  EXPECT_NEAR(w.drift, 0.04, 1e-12);
}

TEST(CheckSamplesTest, TooFewSamplesSayNothing) {
  std::vector<double> samples = Flat(19, 10.0);
  samples.back() = 100.0;
  EXPECT_FALSE(CheckSamples(samples).drifting);
}

// Deterministic noise in [-0.5, 0.5): a 64-bit LCG, top bits.
class Noise {
 public:
  double Next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state_ >> 11) / 9007199254740992.0 - 0.5;
  }

 private:
  uint64_t state_ = 42;
};

TEST(CheckSamplesTest, TwoSeparateGroupsAreMultimodal) {
  Noise noise;
  std::vector<double> samples;
  for (int i = 0; i < 1000; ++i) samples.push_back((i % 2 ? 10.0 : 20.0) + noise.Next());
  const SampleWarnings w = CheckSamples(samples);
  EXPECT_TRUE(w.multimodal);
  EXPECT_FALSE(w.drifting);
}

TEST(CheckSamplesTest, OneBellIsNotMultimodal) {
  Noise noise;
  std::vector<double> samples;
  for (int i = 0; i < 1000; ++i) {
    samples.push_back(10.0 + noise.Next() + noise.Next() + noise.Next() + noise.Next());
  }
  EXPECT_FALSE(CheckSamples(samples).multimodal);
}

TEST(CheckSamplesTest, OneModeWithALongTailIsNotMultimodal) {
  Noise noise;
  std::vector<double> samples;
  for (int i = 0; i < 1000; ++i) {
    samples.push_back(10.0 - std::log(noise.Next() + 0.5 + 1e-9));  // exponential tail
  }
  EXPECT_FALSE(CheckSamples(samples).multimodal);
}

// The shape of the run (mean 1782 ms, min 51 ms, std 906 ms), in
// small numbers: mean 325, min 100, std 150 (sum of squares 67500, n-1 = 3).
TEST(CheckSamplesTest, WideSpreadAndSlowMeanWarnEvenWithFewSamples) {
  const std::vector<double> samples = {100, 400, 400, 400};
  const SampleWarnings w = CheckSamples(samples);
  EXPECT_TRUE(w.widely_spread);
  EXPECT_NEAR(w.variation, 150.0 / 325.0, 1e-12);
  EXPECT_TRUE(w.slow_mean);
  EXPECT_NEAR(w.mean_over_min, 3.25, 1e-12);
  ASSERT_EQ(w.messages.size(), 2u);
  EXPECT_NE(w.messages[0].find("46% of the mean"), std::string::npos) << w.messages[0];
  EXPECT_NE(w.messages[1].find("x the fastest run (100.000 ms)"), std::string::npos)
      << w.messages[1];
}

TEST(CheckSamplesTest, ModestSpreadIsQuiet) {
  // mean 12, std 2.83: a variation of 0.24 and a mean 1.2x the fastest.
  const SampleWarnings w = CheckSamples(std::vector<double>{10, 14});
  EXPECT_FALSE(w.widely_spread);
  EXPECT_NEAR(w.variation, std::sqrt(8.0) / 12.0, 1e-12);
  EXPECT_FALSE(w.slow_mean);
  EXPECT_NEAR(w.mean_over_min, 1.2, 1e-12);
  EXPECT_TRUE(w.messages.empty());
}

TEST(CheckSamplesTest, OneSampleHasNoSpread) {
  EXPECT_TRUE(CheckSamples(std::vector<double>{5}).messages.empty());
}

}  // namespace
}  // namespace edgebench::bench
