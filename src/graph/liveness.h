// When each activation tensor is alive, in op indices. The memory planner
// lets tensors whose lifetimes do not overlap share arena bytes.
#pragma once

#include <vector>

#include "graph/graph.h"

namespace edgebench::graph {

struct Lifetime {
  int first_op;  // op that writes it; -1 for graph inputs (alive from start)
  int last_op;   // last op that reads it; ops.size() for graph inputs and outputs
};

// One entry per tensor; constants and tensors no op touches have no
// lifetime (`used` false). Fails when an op reads a tensor that is neither a
// graph input nor written by an earlier op, or a tensor is written twice.
struct TensorLifetimes {
  std::vector<Lifetime> lifetimes;
  std::vector<bool> used;
};
Result<TensorLifetimes> ComputeLifetimes(const Graph& graph);

}  // namespace edgebench::graph
