// `edgebench run --profile`: after a model's timed runs, time every op of
// the same model on a second interpreter (same backend and threads, one op
// per backend run) and print where the time goes, slowest first.
#pragma once

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>

#include "bench/op_profile.h"
#include "bench/result_record.h"
#include "runtime/interpreter.h"

namespace edgebench::cli {

// Loads `model_name` again, writes `input` (the timed interpreter's input
// bytes) and profiles `runs` invocations.
bench::OpProfile ProfileModel(const std::string& model_name, runtime::InterpreterOptions options,
                              std::span<const uint8_t> input, int64_t runs);

// The `top` slowest ops, then the time per op type, for each record that
// has a profile.
void PrintProfiles(std::FILE* out, std::span<const bench::BenchmarkRecord> records, int top);

}  // namespace edgebench::cli
