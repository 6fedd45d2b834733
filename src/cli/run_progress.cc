#include "cli/run_progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "bench/machine_watch.h"

namespace edgebench::cli {
namespace {

constexpr int kBarWidth = 24;

}  // namespace

RunProgress::Style RunProgress::ChooseStyle(bool quiet) {
  if (quiet) return Style::kQuiet;
  return isatty(fileno(stderr)) ? Style::kBar : Style::kLog;
}

void RunProgress::OnModelStart(const std::string& model) {
  model_ = model;
  ready_runtimes_.clear();
  plans_ = 0;
  last_decile_ = 0;
  ++index_;
}

void RunProgress::OnModelReady(const bench::BenchmarkRecord& r) {
  if (style_ == Style::kQuiet) return;
  model_ = r.model.name;
  const int64_t runs = r.settings.runs;
  runs_ = runs;
  ready_runtimes_.push_back(r.runtime.name);
  fmt::print(stderr,
             "[{}/{}] {}{}: load {:.1f} ms, image {:.1f} ms; {} warm-up and {} timed run{}\n",
             index_, models_, model_, side_by_side_ ? " on " + r.runtime.name : "", r.load_ms,
             r.image_preparation_ms, r.settings.warmup_runs, runs, runs == 1 ? "" : "s");
}

void RunProgress::OnRuntimeLeftOut(const std::string& runtime, const Status& why) {
  fmt::print(stderr, "edgebench: note: {} on {} left out: {}\n", model_, runtime, why.message());
}

void RunProgress::OnPlan(const bench::RunPlan& plan) {
  if (style_ == Style::kQuiet) return;
  // Side by side, each runtime's plan comes after its warm-up, in the
  // order the runtimes were made ready.
  const std::string name = side_by_side_ && plans_ < ready_runtimes_.size()
                               ? model_ + " on " + ready_runtimes_[plans_]
                               : model_;
  ++plans_;
  fmt::print(stderr, "  {}: {}\n", name, bench::DescribePlan(runs_, plan));
}

void RunProgress::OnProgress(int64_t done, int64_t planned, double elapsed_seconds,
                             double mean_ms) {
  if (style_ == Style::kQuiet || planned <= 0) return;
  // The runs left at the running mean; before the first run nothing is known.
  const double eta_seconds = done > 0 ? (planned - done) * mean_ms / 1000 : 0;
  if (style_ == Style::kBar) {
    const auto filled = static_cast<int>(kBarWidth * done / planned);
    const std::string bar = std::string(filled, '#') + std::string(kBarWidth - filled, '.');
    // \r returns to the line start; \x1b[K clears what a longer line left.
    fmt::print(stderr, "\r{} [{}] {}/{} {} ETA {} mean {:.2f} ms\x1b[K", model_, bar, done, planned,
               bench::FormatDuration(elapsed_seconds),
               done > 0 ? bench::FormatDuration(eta_seconds) : "?", mean_ms);
    std::fflush(stderr);
    drew_bar_ = true;
    return;
  }
  const auto decile = static_cast<int>(10 * done / planned);
  if (decile <= last_decile_) return;
  last_decile_ = decile;
  fmt::print(stderr, "  {}: {}/{} runs ({}%), {} elapsed, ETA {}, mean {:.2f} ms\n", model_, done,
             planned, 100 * done / planned, bench::FormatDuration(elapsed_seconds),
             bench::FormatDuration(eta_seconds), mean_ms);
}

void RunProgress::OnTimedRunsEnd(std::span<const double>, bench::BenchmarkRecord&) {
  if (drew_bar_) fmt::print(stderr, "\n");
  drew_bar_ = false;
}

}  // namespace edgebench::cli
