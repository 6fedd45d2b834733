// Builds a Graph in code: used by the model zoo and by tests. Constant data
// is copied into buffers the resulting Graph owns.
#pragma once

#include <cstring>
#include <string>
#include <vector>

#include "graph/graph.h"

namespace edgebench::graph {

class GraphBuilder {
 public:
  // An activation tensor (no data); returns its index.
  int AddTensor(std::string name, DataType type, Shape shape, Quantization quantization = {});

  // A constant tensor holding a copy of `bytes`; returns its index.
  int AddConstantBytes(std::string name, DataType type, Shape shape, const void* bytes,
                       size_t byte_count, Quantization quantization = {});

  template <typename T>
  int AddConstant(std::string name, DataType type, Shape shape, const std::vector<T>& values,
                  Quantization quantization = {}) {
    return AddConstantBytes(std::move(name), type, std::move(shape), values.data(),
                            values.size() * sizeof(T), std::move(quantization));
  }

  // Returns the op's index.
  int AddOp(OpType type, std::vector<int> inputs, std::vector<int> outputs, OpOptions options = {});

  void SetInputs(std::vector<int> inputs) { graph_.inputs = std::move(inputs); }
  void SetOutputs(std::vector<int> outputs) { graph_.outputs = std::move(outputs); }

  const Graph& graph() const { return graph_; }
  Graph Build() && { return std::move(graph_); }

 private:
  Graph graph_;
};

}  // namespace edgebench::graph
