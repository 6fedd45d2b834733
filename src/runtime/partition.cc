#include "runtime/partition.h"

#include <algorithm>

namespace edgebench::runtime {

std::vector<Partition> PartitionOps(const graph::Graph& graph, const backends::Backend* backend,
                                    bool one_op_per_run) {
  std::vector<Partition> partitions;
  for (int i = 0; i < static_cast<int>(graph.ops.size()); ++i) {
    const bool claimed = backend != nullptr && backend->Claims(graph, i);
    if (claimed && !one_op_per_run && !partitions.empty() && partitions.back().delegated) {
      partitions.back().ops.push_back(i);
    } else {
      partitions.push_back(Partition{claimed, {i}});
    }
  }
  return partitions;
}

void ExtendLifetimesOverRuns(const std::vector<Partition>& partitions,
                             graph::TensorLifetimes& lifetimes) {
  for (const Partition& partition : partitions) {
    if (!partition.delegated) continue;
    const int first = partition.ops.front();
    const int last = partition.ops.back();
    for (size_t t = 0; t < lifetimes.lifetimes.size(); ++t) {
      graph::Lifetime& life = lifetimes.lifetimes[t];
      if (!lifetimes.used[t] || life.last_op < first || life.first_op > last) continue;
      life.first_op = std::min(life.first_op, first);
      life.last_op = std::max(life.last_op, last);
    }
  }
}

}  // namespace edgebench::runtime
