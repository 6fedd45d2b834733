// The contract between the interpreter and a fast backend. A backend claims
// the ops it can run; the interpreter hands it each maximal run of
// consecutive claimed ops (in execution order) once, at preparation time, and
// runs the compiled result like any other prepared kernel. Ops a backend does
// not claim run on the reference kernels.
#pragma once

#include <memory>
#include <span>

#include "graph/graph.h"
#include "graph/status.h"
#include "kernels/kernel.h"

namespace edgebench::backends {

class Backend {
 public:
  virtual ~Backend() = default;

  // Short name reported per op: "xnnpack".
  virtual const char* name() const = 0;

  // Whether op `op_index` of a validated graph (with all shapes known) can
  // run here: its type, element types, quantization and options. Claims
  // must be conservative: Compile of claimed ops should not fail.
  virtual bool Claims(const graph::Graph& graph, int op_index) const = 0;

  // Compiles the claimed ops `op_indices` (consecutive in execution order)
  // into one kernel. `buffers` are the tensor locations the kernel will run
  // with, so the backend may bind to them now and Run need not allocate. The
  // kernel keeps references to `graph` (its constants) and to this backend
  // (its thread pool): both must outlive it. Errors name the first op.
  virtual Result<std::unique_ptr<kernels::PreparedKernel>> Compile(
      const graph::Graph& graph, std::span<const int> op_indices,
      const kernels::TensorBuffers& buffers) = 0;
};

}  // namespace edgebench::backends
