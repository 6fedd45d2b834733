#include "runtime/partition.h"

#include <algorithm>

namespace edgebench::runtime {

std::vector<Partition> PartitionOps(const graph::Graph& graph, const backends::Backend* backend,
                                    bool one_op_per_run, const std::vector<bool>& kept_outside) {
  std::vector<Partition> partitions;
  for (int i = 0; i < static_cast<int>(graph.ops.size()); ++i) {
    const bool kept = !kept_outside.empty() && kept_outside[i];
    const bool claimed = backend != nullptr && !kept && backend->Claims(graph, i);
    if (claimed && !one_op_per_run && !partitions.empty() && partitions.back().delegated) {
      partitions.back().ops.push_back(i);
    } else {
      partitions.push_back(Partition{claimed, {i}});
    }
  }
  return partitions;
}

namespace {

// Per tensor: whether it leaves the partition that produces it (read by an
// op of another partition, or a graph output). Graph inputs and constants
// have no producer and count as crossing wherever they are read.
std::vector<bool> ReadAcrossPartitions(const graph::Graph& graph,
                                       const std::vector<Partition>& partitions) {
  std::vector<int> partition_of(graph.ops.size(), 0);
  for (size_t p = 0; p < partitions.size(); ++p) {
    for (int op : partitions[p].ops) partition_of[op] = static_cast<int>(p);
  }
  std::vector<int> producer_partition(graph.tensors.size(), -1);
  for (size_t op = 0; op < graph.ops.size(); ++op) {
    for (int t : graph.ops[op].outputs) producer_partition[t] = partition_of[op];
  }
  std::vector<bool> crossing(graph.tensors.size(), false);
  std::vector<bool> read(graph.tensors.size(), false);
  for (int t : graph.outputs) crossing[t] = true;
  for (size_t op = 0; op < graph.ops.size(); ++op) {
    for (int t : graph.ops[op].inputs) {
      if (t == graph::kNoTensor) continue;
      read[t] = true;
      if (producer_partition[t] != partition_of[op]) crossing[t] = true;
    }
  }
  // An output nothing reads still needs bytes to be written to: a backend
  // leaves unread values of its own unallocated (XNNPACK then asserts).
  for (size_t t = 0; t < read.size(); ++t) {
    if (!read[t]) crossing[t] = true;
  }
  return crossing;
}

}  // namespace

void ExtendLifetimesOverRuns(const graph::Graph& graph, const std::vector<Partition>& partitions,
                             graph::TensorLifetimes& lifetimes) {
  const std::vector<bool> crossing = ReadAcrossPartitions(graph, partitions);
  for (const Partition& partition : partitions) {
    if (!partition.delegated) continue;
    for (int op : partition.ops) {
      for (int t : graph.ops[op].outputs) {
        if (!crossing[t]) lifetimes.used[t] = false;
      }
    }
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
