// The reference kernels: plain loops that follow TensorFlow Lite's published
// semantics and serve as the numerical oracle for every faster backend.
// One op per source file; ReferenceKernels() is the table of all of them.
#pragma once

#include <span>
#include <vector>

#include "kernels/kernel.h"

namespace edgebench::kernels {

#define EB_DECLARE_PREPARE(Name)                                                   \
  Result<std::unique_ptr<PreparedKernel>> Prepare##Name(const graph::Graph& graph, \
                                                        const graph::Op& op)

EB_DECLARE_PREPARE(Add);
EB_DECLARE_PREPARE(AveragePool2D);
EB_DECLARE_PREPARE(Concatenation);
EB_DECLARE_PREPARE(Conv2D);
EB_DECLARE_PREPARE(DepthwiseConv2D);
EB_DECLARE_PREPARE(Dequantize);
EB_DECLARE_PREPARE(DetectionPostProcess);
EB_DECLARE_PREPARE(FullyConnected);
EB_DECLARE_PREPARE(Logistic);
EB_DECLARE_PREPARE(MaxPool2D);
EB_DECLARE_PREPARE(Mean);
EB_DECLARE_PREPARE(Mul);
EB_DECLARE_PREPARE(Pad);
EB_DECLARE_PREPARE(Quantize);
EB_DECLARE_PREPARE(Relu);
EB_DECLARE_PREPARE(Relu6);
EB_DECLARE_PREPARE(Reshape);
EB_DECLARE_PREPARE(Softmax);
EB_DECLARE_PREPARE(Squeeze);

#undef EB_DECLARE_PREPARE

// One row per (op, input element type) the reference kernels run; tests
// iterate over this table.
struct ReferenceKernel {
  graph::OpType op;
  std::vector<graph::DataType> input_types;
  PrepareFunction prepare;
};

std::span<const ReferenceKernel> ReferenceKernels();

// Prepares graph.ops[op_index] with its reference kernel; errors carry the
// "node N (OP): " prefix.
Result<std::unique_ptr<PreparedKernel>> PrepareReference(const graph::Graph& graph, int op_index);

}  // namespace edgebench::kernels
