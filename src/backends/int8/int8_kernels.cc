#include "backends/int8/int8_kernels.h"

#include "backends/int8/conv_2d_1x1.h"

namespace edgebench::backends::int8 {

bool RunsOnInt8(const graph::Graph& graph, int op_index) {
  return BestGemmVariant().replaces_xnnpack && IsConv2D1x1(graph, graph.ops[op_index]);
}

Result<std::unique_ptr<kernels::PreparedKernel>> PrepareInt8(const graph::Graph& graph,
                                                             int op_index) {
  return PrepareConv2D1x1(graph, graph.ops[op_index], BestGemmVariant());
}

}  // namespace edgebench::backends::int8
