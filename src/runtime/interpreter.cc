#include "runtime/interpreter.h"

#include <cstring>
#include <new>

#include "graph/liveness.h"
#include "graph/shape_inference.h"
#include "kernels/reference_kernels.h"

namespace edgebench::runtime {

Result<std::unique_ptr<Interpreter>> Interpreter::Create(graph::Graph graph) {
  std::unique_ptr<Interpreter> interpreter(new Interpreter(std::move(graph)));
  EB_RETURN_IF_ERROR(interpreter->Prepare());
  return interpreter;
}

Status Interpreter::Prepare() {
  graph::InferMissingShapes(graph_);
  EB_RETURN_IF_ERROR(graph_.Validate());
  EB_ASSIGN_OR_RETURN(graph::TensorLifetimes lifetimes, graph::ComputeLifetimes(graph_));
  plan_ = PlanMemory(graph_, lifetimes);
  arena_.reset(new (std::align_val_t(kArenaAlignment))
                   uint8_t[std::max<size_t>(plan_.arena_bytes, 1)]);
  std::memset(arena_.get(), 0, plan_.arena_bytes);

  std::vector<uint8_t*> pointers(graph_.tensors.size(), nullptr);
  for (size_t t = 0; t < graph_.tensors.size(); ++t) {
    const graph::Tensor& tensor = graph_.tensors[t];
    if (tensor.is_constant()) {
      // Kernels only read constants; the pointer type is shared with outputs.
      pointers[t] = const_cast<uint8_t*>(tensor.data);
    } else if (plan_.offsets[t] != MemoryPlan::kNotInArena) {
      pointers[t] = arena_.get() + plan_.offsets[t];
    }
  }
  buffers_ = kernels::TensorBuffers(std::move(pointers));

  kernels_.reserve(graph_.ops.size());
  for (size_t i = 0; i < graph_.ops.size(); ++i) {
    EB_ASSIGN_OR_RETURN(auto kernel, kernels::PrepareReference(graph_, static_cast<int>(i)));
    kernels_.push_back(std::move(kernel));
  }
  return Status::Ok();
}

void Interpreter::Invoke() {
  for (auto& kernel : kernels_) kernel->Run(buffers_);
}

size_t Interpreter::constant_bytes() const {
  size_t total = 0;
  for (const graph::Tensor& tensor : graph_.tensors) total += tensor.data_bytes;
  return total;
}

const char* Interpreter::op_backend(size_t /*op_index*/) const { return "reference"; }

}  // namespace edgebench::runtime
