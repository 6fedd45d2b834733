// What a `run` of the benchmark library shares, for tests that call it
// in-process: the bundled photo, this machine's context and the COCO labels.
#pragma once

#include <string>

#include "bench/benchmark_model.h"
#include "bench/context.h"

namespace edgebench::testing {

inline bench::BenchmarkEnvironment BundledBenchmarkEnvironment() {
  const std::string source = EDGEBENCH_SOURCE_DIR;
  bench::BenchmarkEnvironment environment;
  environment.image = bench::ReadImageFacts(source + "/data/images/fruit.jpg").value();
  environment.context = bench::CollectContext();
  environment.labels = detect::LabelMap::ReadFile(source + "/data/models/coco_labels.txt").value();
  return environment;
}

}  // namespace edgebench::testing
