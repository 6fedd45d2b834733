// The kernel behind RELU and RELU6 (one file each): a clamp to the
// activation's range, with requantization from the input's scale and zero
// point to the output's for UINT8 and INT8.
#pragma once

#include <memory>

#include "graph/graph.h"
#include "kernels/kernel.h"

namespace edgebench::kernels {

// `activation` is kRelu or kRelu6.
Result<std::unique_ptr<PreparedKernel>> PrepareClampActivation(const graph::Graph& graph,
                                                               const graph::Op& op,
                                                               graph::Activation activation);

}  // namespace edgebench::kernels
