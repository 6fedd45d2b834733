// Places every activation tensor at an offset in one arena. Tensors whose
// lifetimes do not overlap may share bytes, so the arena is much smaller than
// the sum of all activations.
#pragma once

#include <cstddef>
#include <vector>

#include "graph/graph.h"
#include "graph/liveness.h"

namespace edgebench::runtime {

inline constexpr size_t kArenaAlignment = 64;  // a cache line; enough for SIMD loads

struct MemoryPlan {
  static constexpr size_t kNotInArena = static_cast<size_t>(-1);
  std::vector<size_t> offsets;  // per tensor; kNotInArena for constants and unused
  size_t arena_bytes = 0;
  size_t unshared_bytes = 0;  // what the arena would need without sharing
};

// Greedy by size: largest tensors first, each at the lowest aligned offset
// that does not overlap a placed tensor alive at the same time.
MemoryPlan PlanMemory(const graph::Graph& graph, const graph::TensorLifetimes& lifetimes);

}  // namespace edgebench::runtime
