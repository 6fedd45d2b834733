// The console view of `edgebench run`, derived from the result records (the
// JSON record is the truth; this only formats it).
#pragma once

#include <cstdio>
#include <span>
#include <string>

#include "bench/result_record.h"

namespace edgebench::cli {

// The model's name as given on the command line (escaped: a path may hold
// anything); with " on RUNTIME" when `records` (the run's) come from
// several runtimes.
std::string RunName(const bench::BenchmarkRecord& record,
                    std::span<const bench::BenchmarkRecord> records);

// Two lines: version, build, CPU, cores, governor, OS; then each runtime
// with its version, backend and threads, and the image.
void PrintRunContext(std::FILE* out, std::span<const bench::BenchmarkRecord> records);

// One row per model: load ms, first-run ms, mean, median, p99, std, min,
// max (ms) and inferences per second; synthetic-weight rows marked "*";
// then the network's own time where the post-processing ran apart.
void PrintResultTable(std::FILE* out, std::span<const bench::BenchmarkRecord> records);

// Side by side only (records from several runtimes): per model, per
// runtime, the mean and median end to end, the network's own where
// recorded, and the speed-up against the first runtime
// (bench::SideBySideRows).
void PrintSideBySide(std::FILE* out, std::span<const bench::BenchmarkRecord> records);

// Each record's warnings; a warning every model has is printed once.
void PrintWarnings(std::FILE* out, std::span<const bench::BenchmarkRecord> records);

// Up to `max_per_model` detections scoring at least `min_score` per model.
void PrintDetections(std::FILE* out, std::span<const bench::BenchmarkRecord> records,
                     float min_score, int max_per_model);

}  // namespace edgebench::cli
