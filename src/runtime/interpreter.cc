#include "runtime/interpreter.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <new>

#include "backends/int8/int8_kernels.h"
#include "backends/optimized/optimized_kernels.h"
#include "graph/liveness.h"
#include "graph/op_validation.h"
#include "graph/shape_inference.h"
#include "kernels/reference_kernels.h"
#include "runtime/engine_backends.h"

namespace edgebench::runtime {
namespace {

// Bytes after the last tensor that fast kernels may read (never write):
// XNNPACK reads up to XNN_EXTRA_BYTES (16) past an input's end.
constexpr size_t kArenaTailBytes = 64;

}  // namespace

Result<std::unique_ptr<Interpreter>> Interpreter::Create(graph::Graph graph) {
  return Create(std::move(graph), InterpreterOptions{});
}

Result<std::unique_ptr<Interpreter>> Interpreter::Create(graph::Graph graph,
                                                         const InterpreterOptions& options) {
  // The arena has its own message; this catches the rest (kernel scratch,
  // XNNPACK's packed weights and copies of constants) where it arises.
  try {
    std::unique_ptr<Interpreter> interpreter(new Interpreter(std::move(graph), options));
    EB_RETURN_IF_ERROR(interpreter->CreateBackend());
    EB_RETURN_IF_ERROR(interpreter->Prepare());
    return interpreter;
  } catch (const std::bad_alloc&) {
    return Status::Error("interpreter: out of memory while preparing the model");
  }
}

Status Interpreter::CreateBackend() {
  if (options_.threads < 1) {
    return Status::Error(
        fmt::format("interpreter: threads is {}, expected 1 or more", options_.threads));
  }
  const EngineBackend* backend = FindEngineBackend(options_.backend);
  if (backend == nullptr) {
    return Status::Error(fmt::format("interpreter: unknown backend \"{}\", expected one of {}",
                                     options_.backend, EngineBackendNames()));
  }
  if (backend->create != nullptr) {
    EB_ASSIGN_OR_RETURN(backend_, backend->create(options_.threads));
  }
  return Status::Ok();
}

Status Interpreter::Prepare() {
  graph::InferMissingShapes(graph_);
  EB_RETURN_IF_ERROR(graph_.Validate());
  EB_RETURN_IF_ERROR(graph::ValidateOps(graph_));
  EB_ASSIGN_OR_RETURN(graph::TensorLifetimes lifetimes, graph::ComputeLifetimes(graph_));
  int8_ops_ = OpsOnInt8();
  partitions_ = PartitionOps(graph_, backend_.get(), options_.one_op_per_run, int8_ops_);
  ExtendLifetimesOverRuns(graph_, partitions_, lifetimes);
  plan_ = PlanMemory(graph_, lifetimes);
  EB_RETURN_IF_ERROR(CheckArenaLimit());
  // Before the arena: a model the kernels refuse costs no allocation.
  EB_RETURN_IF_ERROR(PrepareReferencePartitions());
  EB_RETURN_IF_ERROR(AllocateArena());
  return CompileDelegatedPartitions();
}

Status Interpreter::CheckArenaLimit() const {
  if (plan_.arena_bytes <= options_.max_arena_bytes) return Status::Ok();
  std::vector<int> placed;
  for (size_t t = 0; t < graph_.tensors.size(); ++t) {
    if (plan_.offsets[t] != MemoryPlan::kNotInArena) placed.push_back(static_cast<int>(t));
  }
  const size_t shown = std::min<size_t>(placed.size(), 3);
  std::partial_sort(
      placed.begin(), placed.begin() + static_cast<std::ptrdiff_t>(shown), placed.end(),
      [&](int a, int b) { return graph_.tensors[a].byte_size() > graph_.tensors[b].byte_size(); });
  std::string largest;
  for (size_t i = 0; i < shown; ++i) {
    const graph::Tensor& tensor = graph_.tensors[placed[i]];
    largest += fmt::format(
        "{}{} {} {} ({} bytes)", i == 0 ? "" : ", ", graph::DescribeTensor(graph_, placed[i]),
        graph::ShapeToString(tensor.shape), graph::DataTypeName(tensor.type), tensor.byte_size());
  }
  return Status::Error(fmt::format(
      "interpreter: the activation arena needs {} bytes, more than the limit of {} bytes "
      "(max_arena_bytes; edgebench --max-arena-mb raises it); largest tensors: {}",
      plan_.arena_bytes, options_.max_arena_bytes, largest));
}

Status Interpreter::AllocateArena() {
  const size_t allocated = plan_.arena_bytes + kArenaTailBytes;
  try {
    arena_.reset(new (std::align_val_t(kArenaAlignment)) uint8_t[allocated]);
  } catch (const std::bad_alloc&) {
    return Status::Error(
        fmt::format("interpreter: cannot allocate the {}-byte activation arena", allocated));
  }
  std::memset(arena_.get(), 0, allocated);

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
  return Status::Ok();
}

Status Interpreter::PrepareReferencePartitions() {
  op_backends_.assign(graph_.ops.size(), "reference");
  kernels_.resize(partitions_.size());
  for (size_t i = 0; i < partitions_.size(); ++i) {
    if (partitions_[i].delegated) continue;
    EB_ASSIGN_OR_RETURN(kernels_[i], PrepareOutsideRuns(partitions_[i].ops.front()));
  }
  return Status::Ok();
}

Status Interpreter::CompileDelegatedPartitions() {
  for (size_t i = 0; i < partitions_.size(); ++i) {
    const Partition& partition = partitions_[i];
    if (!partition.delegated) continue;
    EB_ASSIGN_OR_RETURN(kernels_[i], backend_->Compile(graph_, partition.ops, buffers_));
    for (int op : partition.ops) op_backends_[op] = backend_->name();
  }
  return Status::Ok();
}

std::vector<bool> Interpreter::OpsOnInt8() const {
  std::vector<bool> on_int8(graph_.ops.size(), false);
  if (backend_ == nullptr || options_.threads != 1) return on_int8;
  for (size_t op = 0; op < graph_.ops.size(); ++op) {
    on_int8[op] = backends::int8::RunsOnInt8(graph_, static_cast<int>(op));
  }
  return on_int8;
}

Result<std::unique_ptr<kernels::PreparedKernel>> Interpreter::PrepareOutsideRuns(int op) {
  // The reference kernel validates the op and names what is wrong with it.
  EB_ASSIGN_OR_RETURN(auto kernel, kernels::PrepareReference(graph_, op));
  if (backend_ == nullptr) return kernel;
  if (int8_ops_[op]) {
    op_backends_[op] = backends::int8::kName;
    return backends::int8::PrepareInt8(graph_, op);
  }
  EB_ASSIGN_OR_RETURN(auto faster, backends::optimized::PrepareOptimized(graph_, op));
  if (faster == nullptr) return kernel;
  op_backends_[op] = backends::optimized::kName;
  return faster;
}

void Interpreter::Invoke() {
  for (auto& kernel : kernels_) kernel->Run(buffers_);
}

void Interpreter::InvokeProfiled(std::span<double> partition_seconds) {
  using Clock = std::chrono::steady_clock;
  for (size_t i = 0; i < kernels_.size(); ++i) {
    const Clock::time_point start = Clock::now();
    kernels_[i]->Run(buffers_);
    partition_seconds[i] += std::chrono::duration<double>(Clock::now() - start).count();
  }
}

size_t Interpreter::constant_bytes() const {
  size_t total = 0;
  for (const graph::Tensor& tensor : graph_.tensors) total += tensor.data_bytes;
  return total;
}

const char* Interpreter::op_backend(size_t op_index) const {
  return op_index < op_backends_.size() ? op_backends_[op_index] : "reference";
}

}  // namespace edgebench::runtime
