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
// partition; with `one_op_per_run` so is every claimed op (delegated). Ops
// marked in `kept_outside` (indexed by op; empty: none) are never delegated,
// even when the backend claims them: they have kernels of their own.
std::vector<Partition> PartitionOps(const graph::Graph& graph, const backends::Backend* backend,
                                    bool one_op_per_run = false,
                                    const std::vector<bool>& kept_outside = {});

// Adapts tensor lifetimes to delegated runs. A run is one kernel: it may
// read its inputs after it has begun writing its outputs (and on other
// threads), so every tensor crossing its boundary stays alive from the
// run's first op to its last, and the memory planner never lets those share
// bytes. Tensors produced and consumed inside one run (not graph outputs)
// live in the backend's own workspace: they are marked unused, so the arena
// holds no copy of them. Outputs nothing reads keep their arena bytes.
void ExtendLifetimesOverRuns(const graph::Graph& graph, const std::vector<Partition>& partitions,
                             graph::TensorLifetimes& lifetimes);

}  // namespace edgebench::runtime
