// Runs a Graph: owns it, one activation arena laid out by the memory plan,
// and one prepared kernel per op. Constants are used in place (they point
// into the mapped model file), so loading copies no weights.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "graph/status.h"
#include "kernels/kernel.h"
#include "runtime/memory_plan.h"

namespace edgebench::runtime {

class Interpreter {
 public:
  // Validates the graph, plans memory and prepares every op. The only place
  // that allocates; Invoke() never does.
  static Result<std::unique_ptr<Interpreter>> Create(graph::Graph graph);

  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  // Runs every op in order. Inputs must have been written first.
  void Invoke();

  const graph::Graph& graph() const { return graph_; }

  size_t input_count() const { return graph_.inputs.size(); }
  size_t output_count() const { return graph_.outputs.size(); }
  const graph::Tensor& input_tensor(size_t i) const { return graph_.tensors[graph_.inputs[i]]; }
  const graph::Tensor& output_tensor(size_t i) const { return graph_.tensors[graph_.outputs[i]]; }
  // Bytes of graph input i (input_tensor(i).byte_size() of them), writable
  // until the Interpreter is destroyed.
  uint8_t* input_data(size_t i) { return buffers_.Raw(graph_.inputs[i]); }
  const uint8_t* output_data(size_t i) const { return buffers_.Raw(graph_.outputs[i]); }
  template <typename T>
  std::span<const T> output(size_t i) const {
    return {reinterpret_cast<const T*>(output_data(i)),
            static_cast<size_t>(output_tensor(i).num_elements())};
  }

  // Bytes of the activation arena, and what it would take without sharing.
  size_t arena_bytes() const { return plan_.arena_bytes; }
  size_t unshared_arena_bytes() const { return plan_.unshared_bytes; }
  // Bytes of constant data (weights, biases, anchors) used in place.
  size_t constant_bytes() const;
  // Name of the implementation that runs op `op_index`.
  const char* op_backend(size_t op_index) const;

 private:
  struct AlignedDelete {
    void operator()(uint8_t* p) const { ::operator delete[](p, std::align_val_t(kArenaAlignment)); }
  };

  explicit Interpreter(graph::Graph graph) : graph_(std::move(graph)) {}
  Status Prepare();

  graph::Graph graph_;
  MemoryPlan plan_;
  std::unique_ptr<uint8_t[], AlignedDelete> arena_;
  kernels::TensorBuffers buffers_;
  std::vector<std::unique_ptr<kernels::PreparedKernel>> kernels_;
};

}  // namespace edgebench::runtime
