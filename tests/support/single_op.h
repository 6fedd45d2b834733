// Runs a one-op graph through a kernel's Prepare and Run without the
// interpreter, so kernel tests exercise exactly one kernel.
#pragma once

#include <algorithm>
#include <cstring>
#include <vector>

#include "graph/graph.h"
#include "kernels/kernel.h"

namespace edgebench::testing {

class SingleOpRunner {
 public:
  // `graph` must hold exactly one op; every non-constant tensor gets its own
  // zeroed buffer.
  SingleOpRunner(graph::Graph graph, kernels::PrepareFunction prepare);

  // Prepares the kernel; returns its error (without a node prefix).
  Status Prepare();

  template <typename T>
  void SetInput(int tensor, const std::vector<T>& values) {
    std::memcpy(buffers_[tensor].data(), values.data(),
                std::min(buffers_[tensor].size(), values.size() * sizeof(T)));
  }

  void Run();

  template <typename T>
  std::vector<T> Output(int tensor) const {
    std::vector<T> values(buffers_[tensor].size() / sizeof(T));
    std::memcpy(values.data(), buffers_[tensor].data(), values.size() * sizeof(T));
    return values;
  }

  const graph::Graph& graph() const { return graph_; }

 private:
  graph::Graph graph_;
  kernels::PrepareFunction prepare_;
  std::vector<std::vector<uint8_t>> buffers_;
  std::unique_ptr<kernels::PreparedKernel> kernel_;
};

}  // namespace edgebench::testing
