// The checks every graph passes before any backend sees it: each op's output
// shapes inferred from its inputs and options and compared with the shapes
// the file declares, options in sane ranges, and quantization parameters a
// kernel can use. Backends size buffers from the declared shapes and compute
// from the inferred ones (XNNPACK writes what it infers), so a mismatch would
// be a write past the arena; nothing is compiled or allocated before this.
#pragma once

#include <cstdint>
#include <vector>

#include "graph/graph.h"
#include "graph/status.h"

namespace edgebench::graph {

// Runs on a graph that passed Graph::Validate (indices, arity, option types).
// Errors name the node: `node 3 (CONV_2D): output 0 (tensor 7 "x") has shape
// [1,75,75,32], expected [1,150,150,32]`.
Status ValidateOps(const Graph& graph);

// The output shapes `op` computes from its inputs and options, in output
// order. Errors describe the problem without the node (the kernels' form).
Result<std::vector<Shape>> InferOutputShapes(const Graph& graph, const Op& op);

// The shape two inputs broadcast to (NumPy's rule: dimensions aligned from
// the right, each pair equal or one of them 1), or an error naming both.
Result<Shape> BroadcastShape(const Shape& a, const Shape& b);

// InferOutputShapes compared with the declared output shapes.
Status CheckOutputShapes(const Graph& graph, const Op& op);

// TFLite's output size of one spatial dimension of a convolution or pooling
// window, in 64 bits so no option value overflows it (0 or less: the window
// does not fit).
int64_t ConvOutputSize(Padding padding, int64_t input, int64_t filter, int64_t stride,
                       int64_t dilation);

// Bytes of the largest tensor accepted (Graph::Validate, the .tflite
// reader): no tensor of a model the engine runs comes near this; it keeps
// byte counts far from overflow and stops a crafted file from requesting a
// huge buffer.
inline constexpr int64_t kMaxTensorBytes = int64_t{1} << 31;

// Largest stride, dilation, pooling window or dilated filter extent
// accepted: far above any real model, and small enough that window
// arithmetic stays in 32 bits.
inline constexpr int32_t kMaxWindowOption = 1 << 16;

}  // namespace edgebench::graph
