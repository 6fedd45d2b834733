#include "backends/optimized/optimized_kernels.h"

namespace edgebench::backends::optimized {

Result<std::unique_ptr<kernels::PreparedKernel>> PrepareOptimized(const graph::Graph& graph,
                                                                  int op_index) {
  const graph::Op& op = graph.ops[op_index];
  switch (op.type) {
    case graph::OpType::kConcatenation: return PrepareConcatenation(graph, op);
    case graph::OpType::kDetectionPostProcess: return PrepareDetectionPostProcess(graph, op);
    default: return std::unique_ptr<kernels::PreparedKernel>();
  }
}

}  // namespace edgebench::backends::optimized
