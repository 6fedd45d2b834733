// Per-op profile of one model: where an inference spends its time, as
// TensorFlow Lite's op profiler shows it. Each row is one partition of the
// interpreter (one op, or a backend's run of ops), timed over many
// invocations with a monotonic clock around the partition only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/interpreter.h"

namespace edgebench::bench {

struct ProfileRow {
  std::string name;  // op type ("CONV_2D"), or "N ops" for a multi-op run
  int first_op = 0;  // op indices covered, inclusive
  int last_op = 0;
  std::string backend;  // "xnnpack" or "reference"
  double mean_ms = 0;   // per invocation
  double share = 0;     // of the sum of all rows' mean_ms, 0..1
  int64_t macs = 0;     // multiply-accumulates of the covered ops
  double gflops = 0;    // 2 * macs / mean time, in 10^9 per second; 0 without MACs
};

struct OpProfile {
  int64_t runs = 0;                 // profiled invocations (after one untimed warm-up)
  double total_ms = 0;              // sum of the rows' mean_ms
  std::vector<ProfileRow> rows;     // sorted by mean_ms, slowest first
  std::vector<ProfileRow> by_type;  // rows summed per op type, slowest first
};

// Invokes `interpreter` once untimed, then `runs` times timed. Its input
// must have been written. Build it with one_op_per_run to see single ops
// rather than whole delegated runs.
OpProfile ProfileInterpreter(runtime::Interpreter& interpreter, int64_t runs);

}  // namespace edgebench::bench
