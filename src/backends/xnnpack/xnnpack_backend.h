// The fast CPU path: runs of claimed ops are lowered to one XNNPACK subgraph
// each and executed by an XNNPACK runtime on a thread pool the backend owns.
//
// Float32 ops: CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, ADD, MUL,
// LOGISTIC, RELU, RELU6, RESHAPE, SQUEEZE, AVERAGE_POOL_2D, MAX_POOL_2D,
// MEAN over H and W, SOFTMAX (beta 1).
// UINT8 (XNNPACK quint8, per-tensor quantization): the same list except
// AVERAGE_POOL_2D and SOFTMAX, which the subgraph API of the packaged
// XNNPACK (git 2022-02-16) rejects for quint8 (xnn_define_average_pooling_2d
// and xnn_define_softmax accept fp32 only), so they stay on the reference
// kernels.
//
// XNNPACK rescales quantized results with float arithmetic where TFLite (and
// the reference kernels) use fixed-point multipliers, so a uint8 op may
// differ from the reference by one unit.
#pragma once

#include <memory>

#include "backends/backend.h"
#include "graph/status.h"

namespace edgebench::backends::xnnpack {

// Initializes XNNPACK (once per process) and creates a backend whose kernels
// share one pool of `threads` threads (1: run on the calling thread).
Result<std::unique_ptr<Backend>> CreateXnnpackBackend(int threads);

}  // namespace edgebench::backends::xnnpack
