#include "graph/liveness.h"

#include <fmt/format.h>

#include <algorithm>

namespace edgebench::graph {

Result<TensorLifetimes> ComputeLifetimes(const Graph& graph) {
  const int op_count = static_cast<int>(graph.ops.size());
  TensorLifetimes result;
  result.lifetimes.assign(graph.tensors.size(), Lifetime{0, 0});
  result.used.assign(graph.tensors.size(), false);
  std::vector<bool> written(graph.tensors.size(), false);

  // Graph inputs live through the whole graph: callers write them once and
  // invoke many times, so no activation may take their bytes.
  for (int input : graph.inputs) {
    if (graph.tensors[input].is_constant()) continue;
    result.lifetimes[input] = {-1, op_count};
    result.used[input] = true;
    written[input] = true;
  }
  for (int op_index = 0; op_index < op_count; ++op_index) {
    const Op& op = graph.ops[op_index];
    for (size_t i = 0; i < op.inputs.size(); ++i) {
      const int t = op.inputs[i];
      if (t == kNoTensor || graph.tensors[t].is_constant()) continue;
      if (!written[t]) {
        return Status::Error(fmt::format("{}: input {} ({}) is read before any op writes it",
                                         DescribeOp(graph, op_index), i, DescribeTensor(graph, t)));
      }
      result.lifetimes[t].last_op = std::max(result.lifetimes[t].last_op, op_index);
    }
    for (size_t i = 0; i < op.outputs.size(); ++i) {
      const int t = op.outputs[i];
      if (written[t]) {
        return Status::Error(fmt::format("{}: output {} ({}) was already written",
                                         DescribeOp(graph, op_index), i, DescribeTensor(graph, t)));
      }
      written[t] = true;
      result.used[t] = true;
      result.lifetimes[t] = {op_index, op_index};
    }
  }
  for (int output : graph.outputs) {
    if (graph.tensors[output].is_constant()) continue;
    if (!written[output]) {
      return Status::Error(
          fmt::format("graph output {} is never written", DescribeTensor(graph, output)));
    }
    result.lifetimes[output].last_op = op_count;
  }
  return result;
}

}  // namespace edgebench::graph
