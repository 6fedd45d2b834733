#include "cli/run_progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace edgebench::cli {
namespace {

constexpr int kBarWidth = 24;

}  // namespace

RunProgress::Style RunProgress::ChooseStyle(bool quiet) {
  if (quiet) return Style::kQuiet;
  return isatty(fileno(stderr)) ? Style::kBar : Style::kLog;
}

std::string FormatDuration(double seconds) {
  const auto total = static_cast<int64_t>(std::llround(std::max(seconds, 0.0)));
  const int64_t hours = total / 3600, minutes = total / 60 % 60, secs = total % 60;
  if (hours > 0) return fmt::format("{}:{:02}:{:02}", hours, minutes, secs);
  return fmt::format("{}:{:02}", minutes, secs);
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
               FormatDuration(elapsed_seconds), done > 0 ? FormatDuration(eta_seconds) : "?",
               mean_ms);
    std::fflush(stderr);
    drew_bar_ = true;
    return;
  }
  const auto decile = static_cast<int>(10 * done / planned);
  if (decile <= last_decile_) return;
  last_decile_ = decile;
  fmt::print(stderr, "  {}: {}/{} runs ({}%), {} elapsed, ETA {}, mean {:.2f} ms\n", model_, done,
             planned, 100 * done / planned, FormatDuration(elapsed_seconds),
             FormatDuration(eta_seconds), mean_ms);
}

void RunProgress::Finish() {
  if (drew_bar_) fmt::print(stderr, "\n");
  drew_bar_ = false;
}

}  // namespace edgebench::cli
