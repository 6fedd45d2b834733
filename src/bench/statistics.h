// Summary statistics of latency samples, each defined exactly so results
// from different machines and versions compare:
// - mean: arithmetic mean; stddev: sample standard deviation (n - 1).
// - median: the middle sample, or the mean of the two middle samples.
// - pNN: nearest-rank percentile, the sample at rank ceil(NN/100 * n) of the
//   sorted samples (1-based), so it is always a measured value.
// - ci95: half-width of the 95% confidence interval of the mean,
//   t(0.975, n-1) * stddev / sqrt(n).
// - per_second: 1000 / mean (samples in milliseconds).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace edgebench::bench {

struct Summary {
  size_t count = 0;
  double mean = 0, stddev = 0, min = 0, max = 0, median = 0;
  double p90 = 0, p95 = 0, p99 = 0;
  double ci95 = 0;
  double per_second = 0;
};

// Samples in milliseconds; an empty span gives a zero Summary.
Summary Summarize(std::span<const double> samples_ms);

// Nearest-rank percentile of already sorted samples; percent in (0, 100].
double NearestRankPercentile(std::span<const double> sorted, double percent);

// Two-sided 97.5% quantile of Student's t with `degrees` degrees of freedom.
double StudentT975(size_t degrees);

// Why the samples should not be taken at face value; empty when none.
struct SampleWarnings {
  // The last tenth of the run is more than 5% slower than the first tenth:
  // how thermal throttling shows. `drift` is last/first - 1.
  bool drifting = false;
  double drift = 0;
  // The histogram of the central 98% has two or more separated peaks, e.g.
  // a core switching clock or another process taking turns.
  bool multimodal = false;
  // The standard deviation is more than a quarter of the mean (coefficient
  // of variation `variation` > 0.25): runs differ too much for one number.
  bool widely_spread = false;
  double variation = 0;
  // The mean is more than 3x the fastest run (`mean_over_min`): most runs
  // were slowed by something the fastest one did not meet.
  bool slow_mean = false;
  double mean_over_min = 0;
  std::vector<std::string> messages;
};

// Samples in run order (drift needs the order). Drift and modality need at
// least 20 samples to say anything; the spread tests, two.
SampleWarnings CheckSamples(std::span<const double> samples_ms);

}  // namespace edgebench::bench
