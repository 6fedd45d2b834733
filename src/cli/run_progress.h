// Progress of `edgebench run` on stderr: a bar redrawn in place when stderr
// is a terminal, a plain log line every tenth of the run otherwise (CI logs,
// files), nothing with --quiet. Called between runs, never inside one.
#pragma once

#include <cstdint>
#include <string>

#include "bench/harness.h"

namespace edgebench::cli {

class RunProgress : public bench::ProgressListener {
 public:
  enum class Style { kBar, kLog, kQuiet };

  // kBar when stderr is a terminal, else kLog; kQuiet when `quiet`.
  static Style ChooseStyle(bool quiet);

  RunProgress(std::string model, Style style) : model_(std::move(model)), style_(style) {}

  void OnProgress(int64_t done, int64_t planned, double elapsed_seconds, double mean_ms) override;
  // Ends the bar's line once the harness has returned.
  void Finish();

 private:
  std::string model_;
  Style style_;
  int last_decile_ = 0;  // kLog: the last tenth reported
  bool drew_bar_ = false;
};

// "1:05:03", "4:09", "0:07": minutes and seconds, hours when needed.
std::string FormatDuration(double seconds);

}  // namespace edgebench::cli
