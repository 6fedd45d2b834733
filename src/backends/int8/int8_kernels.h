// edgebench's own 8-bit kernels (one op per file in this folder), taken by
// the interpreter before the fast backend claims an op: with a backend
// other than "reference" and one thread, every op RunsOnInt8 accepts stays
// outside the backend's runs and is prepared by PrepareInt8.
//
// Today: uint8 CONV_2D 1x1 stride 1 (conv_2d_1x1.h), on CPUs whose best
// variant of the packed GEMM replaces XNNPACK (packed_gemm.h: AVX-512
// VNNI). One thread only: the kernels do not split work over a pool yet,
// XNNPACK does.
#pragma once

#include <memory>

#include "graph/graph.h"
#include "graph/status.h"
#include "kernels/kernel.h"

namespace edgebench::backends::int8 {

// Name reported per op for these kernels.
inline constexpr char kName[] = "int8";

// Whether op `op_index` (of a graph that passed graph::ValidateOps) runs on
// these kernels on this CPU.
bool RunsOnInt8(const graph::Graph& graph, int op_index);

// The kernel for an op RunsOnInt8 accepts, on the best variant this CPU
// executes. The reference kernel must have prepared (validated) it first.
Result<std::unique_ptr<kernels::PreparedKernel>> PrepareInt8(const graph::Graph& graph,
                                                             int op_index);

}  // namespace edgebench::backends::int8
