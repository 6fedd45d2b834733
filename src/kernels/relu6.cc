// RELU6: min(max(0, x), 6); shares RELU's kernel with a different range.
#include "kernels/reference_kernels.h"
#include "kernels/relu.h"

namespace edgebench::kernels {

Result<std::unique_ptr<PreparedKernel>> PrepareRelu6(const graph::Graph& graph,
                                                     const graph::Op& op) {
  return PrepareClampActivation(graph, op, graph::Activation::kRelu6);
}

}  // namespace edgebench::kernels
