// The console view of `edgebench run`, derived from the result records (the
// JSON record is the truth; this only formats it).
#pragma once

#include <cstdio>
#include <span>

#include "bench/result_record.h"

namespace edgebench::cli {

// One line: version, build, CPU, cores, governor, OS, backend and threads.
void PrintRunContext(std::FILE* out, const bench::BenchmarkRecord& record);

// One row per model: load ms, first-run ms, mean, median, p99, std, min,
// max (ms) and inferences per second; synthetic-weight rows marked "*";
// then the network's own time where the post-processing ran apart.
void PrintResultTable(std::FILE* out, std::span<const bench::BenchmarkRecord> records);

// Each record's warnings; a warning every model has is printed once.
void PrintWarnings(std::FILE* out, std::span<const bench::BenchmarkRecord> records);

// Up to `max_per_model` detections scoring at least `min_score` per model.
void PrintDetections(std::FILE* out, std::span<const bench::BenchmarkRecord> records,
                     float min_score, int max_per_model);

}  // namespace edgebench::cli
