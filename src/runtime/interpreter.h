// Runs a Graph: owns it, one activation arena laid out by the memory plan,
// an optional fast backend, and one prepared kernel per partition (a run of
// ops the backend claimed, or one op on the reference kernels). Constants
// are used in place (they point into the model bytes the Graph keeps), so
// preparing copies no weights.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "backends/backend.h"
#include "graph/graph.h"
#include "graph/status.h"
#include "kernels/kernel.h"
#include "runtime/memory_plan.h"
#include "runtime/partition.h"

namespace edgebench::runtime {

// 1 GiB: the SSD detectors need a few MB; a small board has 1 to 8 GB.
inline constexpr size_t kDefaultMaxArenaBytes = size_t{1} << 30;

struct InterpreterOptions {
  // One of runtime/engine_backends.h: "reference" (every op on the
  // reference kernels) or "xnnpack" (claimed ops on XNNPACK, CONCATENATION
  // and the SSD post-processing on exact optimized kernels where they
  // apply, the rest on the reference kernels).
  std::string backend = "reference";
  // Threads of the backend's pool; the reference kernels use one.
  int threads = 1;
  // Hand the backend one op at a time instead of maximal runs, so a profile
  // can time every op. Costs a little speed (no work shared across ops).
  bool one_op_per_run = false;
  // Largest activation arena Create() allocates; a model that needs more is
  // refused before anything is allocated, naming its largest tensors.
  size_t max_arena_bytes = kDefaultMaxArenaBytes;
};

class Interpreter {
 public:
  // Validates the graph (Graph::Validate, then graph::ValidateOps: every
  // op's output shapes, options and quantization) before any backend sees
  // it, plans memory, refuses an arena over options.max_arena_bytes,
  // partitions the ops between the backend and the reference kernels and
  // prepares every partition: the reference ones before the arena is
  // allocated. The only place that allocates; Invoke() never does. Running
  // out of memory (std::bad_alloc) is an error, not an exception.
  static Result<std::unique_ptr<Interpreter>> Create(graph::Graph graph);
  static Result<std::unique_ptr<Interpreter>> Create(graph::Graph graph,
                                                     const InterpreterOptions& options);

  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  // Runs every op in order. Inputs must have been written first.
  void Invoke();
  // Invoke() that also adds each partition's wall time, in seconds, to
  // `partition_seconds` (one entry per partitions() element).
  void InvokeProfiled(std::span<double> partition_seconds);

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

  // Bytes of any tensor that has a buffer (empty when it has none: unused
  // tensors). Activations hold the last Invoke's values only while no later
  // tensor shared their arena bytes; a graph output's and the last op's
  // inputs always do.
  std::span<const uint8_t> tensor_bytes(int tensor) const {
    const uint8_t* data = buffers_.Raw(tensor);
    return data == nullptr ? std::span<const uint8_t>()
                           : std::span<const uint8_t>(data, graph_.tensors[tensor].byte_size());
  }

  // Bytes of the activation arena, and what it would take without sharing.
  size_t arena_bytes() const { return plan_.arena_bytes; }
  size_t unshared_arena_bytes() const { return plan_.unshared_bytes; }
  // Bytes of constant data (weights, biases, anchors) used in place.
  size_t constant_bytes() const;
  // Name of the implementation that runs op `op_index`: "reference", the
  // backend's name ("xnnpack"), "int8" (backends/int8) or "optimized"
  // (backends/optimized).
  const char* op_backend(size_t op_index) const;
  // How the ops were split, in execution order.
  const std::vector<Partition>& partitions() const { return partitions_; }
  const InterpreterOptions& options() const { return options_; }

 private:
  struct AlignedDelete {
    void operator()(uint8_t* p) const { ::operator delete[](p, std::align_val_t(kArenaAlignment)); }
  };

  Interpreter(graph::Graph graph, InterpreterOptions options)
      : graph_(std::move(graph)), options_(std::move(options)) {}
  Status Prepare();
  Status CreateBackend();
  Status CheckArenaLimit() const;
  Status AllocateArena();
  // Kernels for the partitions outside the backend's runs (no buffers
  // needed), then for the backend's runs (bound to the arena).
  Status PrepareReferencePartitions();
  Status CompileDelegatedPartitions();
  // Per op: whether it runs on the 8-bit kernels (backends/int8) instead of
  // the backend; all false without a backend or with more than one thread.
  std::vector<bool> OpsOnInt8() const;
  // An op outside the backend's runs: the reference kernel, or with a
  // backend chosen, an 8-bit or optimized kernel where one exists.
  Result<std::unique_ptr<kernels::PreparedKernel>> PrepareOutsideRuns(int op);

  graph::Graph graph_;
  InterpreterOptions options_;
  MemoryPlan plan_;
  std::unique_ptr<uint8_t[], AlignedDelete> arena_;
  kernels::TensorBuffers buffers_;
  // Declared before the kernels: compiled runs use its thread pool, so it
  // must be destroyed after them.
  std::unique_ptr<backends::Backend> backend_;
  std::vector<Partition> partitions_;
  std::vector<bool> int8_ops_;                                     // per op, from OpsOnInt8
  std::vector<const char*> op_backends_;                           // per op
  std::vector<std::unique_ptr<kernels::PreparedKernel>> kernels_;  // per partition
};

}  // namespace edgebench::runtime
