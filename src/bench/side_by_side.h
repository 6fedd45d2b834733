// Runtimes side by side (`run --runtime edgebench,onnxruntime`): the table
// of each model on each runtime with its speed-up against the first
// runtime listed, and the check that the runtimes find the same objects.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bench/benchmark_model.h"
#include "bench/result_record.h"
#include "graph/status.h"

namespace edgebench::bench {

// The runtimes `--runtime` names: one ("edgebench"), a comma list
// ("edgebench,onnxruntime") or "all" (every runtime of the registry this
// machine has, in the registry's order).
struct RuntimeSelection {
  std::vector<RuntimeChoice> runtimes;  // backends empty (each runtime's default)
  // One line per runtime left out because this machine lacks it, with the
  // registry's reason, e.g. "onnxruntime: not found, see scripts/setup.sh".
  // "all" leaves those out; in a list the user named them, so `run`
  // refuses the list with the first line.
  std::vector<std::string> skipped;
};

// Fails (one line, without the flag's name) for an unknown or empty name
// or a name listed twice.
Result<RuntimeSelection> SelectRuntimes(const std::string& list);

// Detections scoring at least this are compared (and shown by `run`).
inline constexpr float kComparedMinScore = 0.5f;
// How far two runtimes' scores of one detection may lie apart and still
// agree. The real models' scores are uint8 with a step of 1/256 (the
// LOGISTIC's output scale): a runtime that rounds a requantization
// differently, or requantizes in float (ONNX Runtime's QDQ), moves a score
// by a step or two; 0.02 allows five steps, ten times what float runtimes
// differ by, yet far below the gaps between the labels on the photo.
inline constexpr float kScoreTolerance = 0.02f;

// Compares `other`'s detections with `reference`'s (the first runtime's on
// the same model): every label scoring kComparedMinScore or more in either
// must be found by both, the n-th detection of a label in one paired with
// the n-th (by score) in the other, with scores within kScoreTolerance.
// nullopt when they agree, else the warning for `other`'s record, e.g.
// "detections differ from edgebench's (scores 0.50 or more, within 0.02):
// apple 0.801 vs 0.760, person 0.531 vs none".
std::optional<std::string> CompareDetections(const BenchmarkRecord& reference,
                                             const BenchmarkRecord& other);

// One model on one runtime in the side-by-side table.
struct SideBySideRow {
  std::string model;
  bool synthetic = false;  // zoo weights
  std::string runtime;     // "onnxruntime"
  std::string version;     // the runtime's, "1.30.0"
  std::string backend;     // "cpu"
  int threads = 0;
  double mean_ms = 0, median_ms = 0;                         // end to end
  std::optional<double> network_mean_ms, network_median_ms;  // where recorded
  // The first runtime's mean on this model divided by this one's: above 1,
  // this runtime is faster (the original's "TensorFlow Lite is 3-4x faster
  // than TensorFlow"). 1 on the first runtime's own row.
  double speedup = 1;
};

// Rows of `records` (a run's, in the order measured: for each model, one
// record per runtime in the order listed), grouped by model in order of
// first appearance; the first record of a model is its baseline.
std::vector<SideBySideRow> SideBySideRows(std::span<const BenchmarkRecord> records);

}  // namespace edgebench::bench
