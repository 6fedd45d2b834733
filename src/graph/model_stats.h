// Size and cost figures of a graph: what `inspect` prints and what the
// benchmark records (MACs turn latency into effective GFLOP/s).
#pragma once

#include <cstdint>

#include "graph/graph.h"

namespace edgebench::graph {

// Multiply-accumulates of one op: CONV_2D, DEPTHWISE_CONV_2D and
// FULLY_CONNECTED count one per weight use; MUL and ADD one per output
// element; every other op 0 (they move or compare data).
int64_t OpMacs(const Graph& graph, const Op& op);
int64_t TotalMacs(const Graph& graph);

// Elements and bytes of all constant tensors (weights, biases, anchors).
struct ParameterStats {
  int64_t count = 0;
  int64_t bytes = 0;
};
ParameterStats CountParameters(const Graph& graph);

}  // namespace edgebench::graph
