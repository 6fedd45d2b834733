#include "bench/statistics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace edgebench::bench {
namespace {

constexpr size_t kMinSamplesForWarnings = 20;
constexpr size_t kMinSamplesForSpread = 2;
constexpr double kDriftLimit = 0.05;
constexpr double kVariationLimit = 0.25;
constexpr double kMeanOverMinLimit = 3;
constexpr int kHistogramBins = 40;
constexpr double kPeakShare = 0.05;  // a peak must hold 5% of the samples

double Median(std::span<const double> sorted) {
  const size_t n = sorted.size();
  return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
}

double Mean(std::span<const double> values) {
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

// Counts peaks of a histogram: local maxima holding enough samples, with a
// valley under half the smaller peak between neighbouring peaks.
int CountPeaks(const std::vector<int>& bins, size_t total) {
  const double min_peak = kPeakShare * static_cast<double>(total);
  int peaks = 0;
  int last_peak = -1;
  int valley_since_peak = 0;
  for (size_t i = 0; i < bins.size(); ++i) {
    const int left = i > 0 ? bins[i - 1] : 0;
    const int right = i + 1 < bins.size() ? bins[i + 1] : 0;
    if (last_peak >= 0) valley_since_peak = std::min(valley_since_peak, bins[i]);
    const bool is_peak = bins[i] >= min_peak && bins[i] >= left && bins[i] > right;
    if (!is_peak) continue;
    if (last_peak < 0 || 2 * valley_since_peak < std::min(bins[i], last_peak)) {
      ++peaks;
      last_peak = bins[i];
    } else {
      last_peak = std::max(last_peak, bins[i]);
    }
    valley_since_peak = bins[i];
  }
  return peaks;
}

bool IsMultimodal(std::span<const double> sorted) {
  const double low = NearestRankPercentile(sorted, 1);
  const double high = NearestRankPercentile(sorted, 99);
  if (high <= low) return false;
  std::vector<int> bins(kHistogramBins, 0);
  size_t total = 0;
  for (double value : sorted) {
    if (value < low || value > high) continue;
    const int bin = std::min(kHistogramBins - 1,
                             static_cast<int>((value - low) / (high - low) * kHistogramBins));
    ++bins[bin];
    ++total;
  }
  return CountPeaks(bins, total) >= 2;
}

// The coefficient of variation and mean/min tests: a wide spread means no
// single number describes the runs (another process, a throttled clock, an
// overloaded machine).
void CheckSpread(std::span<const double> samples_ms, SampleWarnings& warnings) {
  if (samples_ms.size() < kMinSamplesForSpread) return;
  const Summary s = Summarize(samples_ms);
  if (s.mean <= 0) return;
  warnings.variation = s.stddev / s.mean;
  if (warnings.variation > kVariationLimit) {
    warnings.widely_spread = true;
    warnings.messages.push_back(fmt::format(
        "latency varies widely: the standard deviation ({:.3f} ms) is {:.0f}% of the mean "
        "({:.3f} ms); another process or a changing clock disturbed the runs, the mean is not "
        "trustworthy",
        s.stddev, warnings.variation * 100, s.mean));
  }
  if (s.min <= 0) return;
  warnings.mean_over_min = s.mean / s.min;
  if (warnings.mean_over_min > kMeanOverMinLimit) {
    warnings.slow_mean = true;
    warnings.messages.push_back(fmt::format(
        "the mean ({:.3f} ms) is {:.1f}x the fastest run ({:.3f} ms): most runs were slowed by "
        "something the fastest did not meet (other load, throttling); the mean is not trustworthy",
        s.mean, warnings.mean_over_min, s.min));
  }
}

}  // namespace

double NearestRankPercentile(std::span<const double> sorted, double percent) {
  if (sorted.empty()) return 0;
  const double rank = std::ceil(percent / 100.0 * static_cast<double>(sorted.size()));
  const size_t index = static_cast<size_t>(std::clamp(rank, 1.0, double(sorted.size()))) - 1;
  return sorted[index];
}

double StudentT975(size_t degrees) {
  static constexpr double kTable[] = {0,     12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365,
                                      2.306, 2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
                                      2.120, 2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069,
                                      2.064, 2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  if (degrees == 0) return 0;
  if (degrees <= 30) return kTable[degrees];
  if (degrees <= 40) return 2.021;
  if (degrees <= 60) return 2.000;
  if (degrees <= 120) return 1.980;
  return 1.960;
}

Summary Summarize(std::span<const double> samples_ms) {
  Summary summary;
  summary.count = samples_ms.size();
  if (samples_ms.empty()) return summary;
  std::vector<double> sorted(samples_ms.begin(), samples_ms.end());
  std::sort(sorted.begin(), sorted.end());
  summary.mean = Mean(sorted);
  double squares = 0;
  for (double value : sorted) squares += (value - summary.mean) * (value - summary.mean);
  const size_t n = sorted.size();
  summary.stddev = n > 1 ? std::sqrt(squares / static_cast<double>(n - 1)) : 0;
  summary.min = sorted.front();
  summary.max = sorted.back();
  summary.median = Median(sorted);
  summary.p90 = NearestRankPercentile(sorted, 90);
  summary.p95 = NearestRankPercentile(sorted, 95);
  summary.p99 = NearestRankPercentile(sorted, 99);
  summary.ci95 = n > 1 ? StudentT975(n - 1) * summary.stddev / std::sqrt(double(n)) : 0;
  summary.per_second = summary.mean > 0 ? 1000.0 / summary.mean : 0;
  return summary;
}

SampleWarnings CheckSamples(std::span<const double> samples_ms) {
  SampleWarnings warnings;
  const size_t n = samples_ms.size();
  CheckSpread(samples_ms, warnings);
  if (n < kMinSamplesForWarnings) return warnings;
  const size_t tenth = n / 10;
  const double first = Mean(samples_ms.first(tenth));
  const double last = Mean(samples_ms.last(tenth));
  warnings.drift = first > 0 ? last / first - 1.0 : 0;
  if (warnings.drift > kDriftLimit) {
    warnings.drifting = true;
    warnings.messages.push_back(fmt::format(
        "latency drifted: the last tenth of the runs is {:.1f}% slower than the first tenth "
        "({:.3f} ms vs {:.3f} ms); the machine may be throttling, add cooling",
        warnings.drift * 100, last, first));
  }
  std::vector<double> sorted(samples_ms.begin(), samples_ms.end());
  std::sort(sorted.begin(), sorted.end());
  if (IsMultimodal(sorted)) {
    warnings.multimodal = true;
    warnings.messages.push_back(
        "latency is multimodal: the samples form two or more separate groups (clock changes, "
        "core migration or another process); the mean hides that");
  }
  return warnings;
}

}  // namespace edgebench::bench
