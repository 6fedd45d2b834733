#include "runtime/memory_plan.h"

#include <algorithm>
#include <numeric>

namespace edgebench::runtime {
namespace {

size_t AlignUp(size_t value) {
  return (value + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment;
}

bool LifetimesOverlap(const graph::Lifetime& a, const graph::Lifetime& b) {
  return a.first_op <= b.last_op && b.first_op <= a.last_op;
}

struct Placed {
  size_t offset;
  size_t size;
  int tensor;
};

}  // namespace

MemoryPlan PlanMemory(const graph::Graph& graph, const graph::TensorLifetimes& lifetimes) {
  MemoryPlan plan;
  plan.offsets.assign(graph.tensors.size(), MemoryPlan::kNotInArena);

  std::vector<int> order;
  for (int t = 0; t < static_cast<int>(graph.tensors.size()); ++t) {
    if (lifetimes.used[t] && !graph.tensors[t].is_constant()) order.push_back(t);
  }
  // Stable, so equal sizes are placed in tensor order and plans repeat exactly.
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return graph.tensors[a].byte_size() > graph.tensors[b].byte_size();
  });

  std::vector<Placed> placed;  // kept sorted by offset
  for (int tensor : order) {
    const size_t size = AlignUp(std::max<size_t>(graph.tensors[tensor].byte_size(), 1));
    plan.unshared_bytes += size;
    size_t candidate = 0;
    for (const Placed& other : placed) {
      if (!LifetimesOverlap(lifetimes.lifetimes[tensor], lifetimes.lifetimes[other.tensor])) {
        continue;
      }
      if (candidate + size <= other.offset) break;  // fits in the gap before `other`
      candidate = std::max(candidate, other.offset + other.size);
    }
    plan.offsets[tensor] = candidate;
    plan.arena_bytes = std::max(plan.arena_bytes, candidate + size);
    const Placed entry{candidate, size, tensor};
    placed.insert(
        std::upper_bound(placed.begin(), placed.end(), entry,
                         [](const Placed& a, const Placed& b) { return a.offset < b.offset; }),
        entry);
  }
  return plan;
}

}  // namespace edgebench::runtime
