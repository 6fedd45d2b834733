// `edgebench run --profile`: print where the time goes, slowest first (the
// benchmark library times every op after the timed runs).
#pragma once

#include <cstdio>
#include <span>

#include "bench/result_record.h"

namespace edgebench::cli {

// The `top` slowest ops, then the time per op type, for each record that
// has a profile.
void PrintProfiles(std::FILE* out, std::span<const bench::BenchmarkRecord> records, int top);

}  // namespace edgebench::cli
