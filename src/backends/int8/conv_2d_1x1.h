// uint8 CONV_2D with a 1x1 filter and stride 1, as the packed GEMM of
// packed_gemm.h: an NHWC input is a [pixels][in_c] matrix already, so the
// weights are packed once at preparation and every run is one GEMM with the
// requantization fused into its epilogue. Results equal the reference
// kernel's (src/kernels/conv_2d.cc) exactly.
#pragma once

#include <memory>

#include "backends/int8/packed_gemm.h"
#include "graph/graph.h"
#include "graph/status.h"
#include "kernels/kernel.h"

namespace edgebench::backends::int8 {

// Whether `op` (already accepted by the reference kernel's Prepare) is a
// CONV_2D these kernels run: UINT8 with per-tensor quantization, constant
// 1x1 weights of at most kMaxDepth input channels, stride 1 (a 1x1 window
// never pads, so padding and dilation do not matter), constant INT32 bias or
// none.
bool IsConv2D1x1(const graph::Graph& graph, const graph::Op& op);

// Packs the weights of an op IsConv2D1x1 accepts and binds it to `variant`
// (which must be supported by this CPU when the kernel runs).
Result<std::unique_ptr<kernels::PreparedKernel>> PrepareConv2D1x1(const graph::Graph& graph,
                                                                  const graph::Op& op,
                                                                  const GemmVariant& variant);

}  // namespace edgebench::backends::int8
