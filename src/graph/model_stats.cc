#include "graph/model_stats.h"

namespace edgebench::graph {

int64_t OpMacs(const Graph& graph, const Op& op) {
  auto shape = [&](int tensor) -> const Shape& { return graph.tensors[tensor].shape; };
  auto elements = [&](int tensor) { return graph.tensors[tensor].num_elements(); };
  switch (op.type) {
    case OpType::kConv2D: {
      const Shape& w = shape(op.inputs[1]);  // [out, kh, kw, in]
      return w.size() == 4 ? elements(op.outputs[0]) * w[1] * w[2] * w[3] : 0;
    }
    case OpType::kDepthwiseConv2D: {
      const Shape& w = shape(op.inputs[1]);  // [1, kh, kw, channels]
      return w.size() == 4 ? elements(op.outputs[0]) * w[1] * w[2] : 0;
    }
    case OpType::kFullyConnected: {
      const Shape& w = shape(op.inputs[1]);  // [out, in]
      return w.size() == 2 ? elements(op.outputs[0]) * w[1] : 0;
    }
    case OpType::kAdd:
    case OpType::kMul: return elements(op.outputs[0]);
    default: return 0;
  }
}

int64_t TotalMacs(const Graph& graph) {
  int64_t total = 0;
  for (const Op& op : graph.ops) total += OpMacs(graph, op);
  return total;
}

ParameterStats CountParameters(const Graph& graph) {
  ParameterStats stats;
  for (const Tensor& tensor : graph.tensors) {
    if (!tensor.is_constant()) continue;
    stats.count += tensor.num_elements();
    stats.bytes += static_cast<int64_t>(tensor.data_bytes);
  }
  return stats;
}

}  // namespace edgebench::graph
