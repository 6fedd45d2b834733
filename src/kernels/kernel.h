// The contract between the interpreter and every kernel (reference or
// backend): prepare once per graph, then run once per inference.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "graph/graph.h"
#include "graph/status.h"

namespace edgebench::kernels {

// Where every tensor's bytes live during inference, indexed by tensor id:
// constants point into the model file, activations into the arena.
class TensorBuffers {
 public:
  TensorBuffers() = default;
  explicit TensorBuffers(std::vector<uint8_t*> pointers) : pointers_(std::move(pointers)) {}

  template <typename T>
  T* Mutable(int tensor) const {
    return reinterpret_cast<T*>(pointers_[tensor]);
  }
  template <typename T>
  const T* Get(int tensor) const {
    return reinterpret_cast<const T*>(pointers_[tensor]);
  }
  uint8_t* Raw(int tensor) const { return pointers_[tensor]; }
  size_t size() const { return pointers_.size(); }

 private:
  std::vector<uint8_t*> pointers_;
};

// A kernel bound to one op of one graph. Prepare validated the op's tensors
// and computed everything that does not depend on activation values (output
// sizes, padding, requantization multipliers, scratch space); Run must not
// allocate, fail, or read anything but the op's own tensors.
class PreparedKernel {
 public:
  virtual ~PreparedKernel() = default;
  virtual void Run(const TensorBuffers& buffers) = 0;
};

// Prepares op `graph.ops[op_index]` of a graph that passed Graph::Validate.
// Errors describe the problem without the op's name; the caller prefixes
// "node N (OP): ".
using PrepareFunction = Result<std::unique_ptr<PreparedKernel>> (*)(const graph::Graph& graph,
                                                                    const graph::Op& op);

}  // namespace edgebench::kernels
