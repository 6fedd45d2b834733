// Faster kernels for the ops the fast backend leaves out (this XNNPACK has
// no CONCATENATION and no TFLite_Detection_PostProcess), giving exactly the
// reference kernels' results. The interpreter uses them outside delegated
// runs whenever a backend other than "reference" is chosen.
#pragma once

#include <memory>

#include "graph/graph.h"
#include "graph/status.h"
#include "kernels/kernel.h"

namespace edgebench::backends::optimized {

// Name reported per op for these kernels.
inline constexpr char kName[] = "optimized";

// A faster kernel for op `op_index`, or nullptr when there is none for its
// type and options (the reference kernel then runs). The op must already
// have been prepared by the reference kernels, which validate it.
Result<std::unique_ptr<kernels::PreparedKernel>> PrepareOptimized(const graph::Graph& graph,
                                                                  int op_index);

// One per op file; same contract as PrepareOptimized.
std::unique_ptr<kernels::PreparedKernel> PrepareConcatenation(const graph::Graph& graph,
                                                              const graph::Op& op);
Result<std::unique_ptr<kernels::PreparedKernel>> PrepareDetectionPostProcess(
    const graph::Graph& graph, const graph::Op& op);

}  // namespace edgebench::backends::optimized
