// The graph IR: what the .tflite reader produces, what the zoo builds and the
// writer serializes, and what the interpreter runs. Knows nothing of
// flatbuffers or kernels.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "graph/op.h"
#include "graph/status.h"
#include "graph/tensor.h"

namespace edgebench::graph {

struct Graph {
  std::vector<Tensor> tensors;
  std::vector<Op> ops;  // in execution order
  std::vector<int> inputs;
  std::vector<int> outputs;
  // Keeps the bytes that constant tensors point at alive: the model file
  // read into memory, or buffers owned by a builder. Shared so copies of a
  // Graph stay valid.
  std::vector<std::shared_ptr<const void>> storage;

  // Checks that every index is in range, every op has the right number of
  // inputs and outputs for its type and options of its type, and constant
  // tensors hold exactly their shape's bytes. Kernels may rely on this.
  Status Validate() const;
};

// `tensor 37 "weights"` for error messages.
std::string DescribeTensor(const Graph& graph, int tensor_index);
// `node 12 (CONV_2D)` for error messages.
std::string DescribeOp(const Graph& graph, int op_index);

// A graph of `ops` (indices into `graph`, in order) with the given inputs and
// outputs, keeping only the tensors they name, renumbered in first-use order
// (an absent optional input stays kNoTensor). The constants' storage is
// shared, not copied.
Graph ExtractSubgraph(const Graph& graph, const std::vector<int>& ops,
                      const std::vector<int>& inputs, const std::vector<int>& outputs);

}  // namespace edgebench::graph
