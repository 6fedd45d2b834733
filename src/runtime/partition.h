// Splits a graph's ops into the pieces the interpreter prepares: maximal
// runs of consecutive ops a backend claims (compiled together), and single
// ops for the reference kernels.
#pragma once

#include <vector>

#include "backends/backend.h"
#include "graph/graph.h"
#include "graph/liveness.h"

namespace edgebench::runtime {

struct Partition {
  bool delegated = false;  // true: a run for the backend; false: one reference op
  std::vector<int> ops;    // op indices, consecutive, in execution order
};

// In execution order. With no backend every op is its own reference
// partition; with `one_op_per_run` so is every claimed op (delegated).
std::vector<Partition> PartitionOps(const graph::Graph& graph, const backends::Backend* backend,
                                    bool one_op_per_run = false);

// A delegated run is one kernel: it may read its inputs after it has begun
// writing its outputs (and on other threads), so every tensor it touches
// must stay alive from the run's first op to its last. Widens such
// lifetimes so the memory planner never lets them share bytes.
void ExtendLifetimesOverRuns(const std::vector<Partition>& partitions,
                             graph::TensorLifetimes& lifetimes);

}  // namespace edgebench::runtime
