// Per-op profile of one model: where an inference spends its time, as
// TensorFlow Lite's op profiler shows it. Each row is what the runtime timed
// as one (one op, or a backend's run of ops), over many invocations
// (runtime::Runtime::TimeOps).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/runtime.h"

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

// The profile of `timings`, measured over `runs` invocations: shares,
// GFLOP/s, slowest first, and the sums per op type.
OpProfile MakeOpProfile(const std::vector<runtime::OpTiming>& timings, int64_t runs);

}  // namespace edgebench::bench
