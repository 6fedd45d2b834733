#include "backends/xnnpack/xnnpack_backend.h"

#include <fmt/format.h>
#include <pthreadpool.h>
#include <xnnpack.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "backends/xnnpack/xnnpack_ops.h"
#include "graph/op_validation.h"

namespace edgebench::backends::xnnpack {
namespace {

using graph::OpType;

struct PoolDelete {
  void operator()(pthreadpool_t pool) const { pthreadpool_destroy(pool); }
};
using PoolPtr = std::unique_ptr<std::remove_pointer_t<pthreadpool_t>, PoolDelete>;

// The tensors an op's lowering defines as values from its inputs: data
// inputs, not weights, biases or shape operands.
std::vector<int> DataInputs(const graph::Graph& graph, const graph::Op& op) {
  std::vector<int> inputs{op.inputs[0]};
  if (op.type == OpType::kAdd || op.type == OpType::kMul) inputs.push_back(op.inputs[1]);
  std::erase_if(inputs, [&](int t) { return graph.tensors[t].is_constant(); });
  return inputs;
}

// A run's external values: the tensors it reads but does not produce, then
// the tensors it produces that later ops or the graph's outputs read, or
// that nothing reads.
struct RunBoundary {
  std::vector<int> tensors;
  std::vector<bool> is_output;
};

RunBoundary FindBoundary(const graph::Graph& graph, std::span<const int> run) {
  std::vector<bool> in_run(graph.ops.size(), false);
  std::vector<bool> produced(graph.tensors.size(), false);
  for (int i : run) in_run[i] = true;
  RunBoundary boundary;
  auto add = [&](int tensor, bool output) {
    if (std::find(boundary.tensors.begin(), boundary.tensors.end(), tensor) !=
        boundary.tensors.end()) {
      return;
    }
    boundary.tensors.push_back(tensor);
    boundary.is_output.push_back(output);
  };
  for (int i : run) {
    for (int t : DataInputs(graph, graph.ops[i])) {
      if (!produced[t]) add(t, false);
    }
    for (int t : graph.ops[i].outputs) produced[t] = true;
  }
  // Read by a later partition or the caller, or read by nothing: XNNPACK
  // allocates no memory for an internal value no node consumes, so a dead
  // output is external too (the interpreter gives it arena bytes).
  std::vector<bool> read_outside(graph.tensors.size(), false);
  std::vector<bool> read(graph.tensors.size(), false);
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    for (int t : graph.ops[i].inputs) {
      if (t == graph::kNoTensor) continue;
      read[t] = true;
      if (!in_run[i]) read_outside[t] = true;
    }
  }
  for (int t : graph.outputs) read_outside[t] = true;
  for (size_t t = 0; t < read.size(); ++t) {
    if (!read[t]) read_outside[t] = true;
  }
  for (int i : run) {
    for (int t : graph.ops[i].outputs) {
      if (read_outside[t]) add(t, true);
    }
  }
  return boundary;
}

// XNNPACK computes every output's size from its inputs' shapes and the node
// parameters and writes that many bytes into buffers the interpreter sized
// from the declared shapes. The interpreter validated the whole graph
// (graph::ValidateOps) before compiling; this repeats the per-op part for the
// run, so no caller can hand XNNPACK a graph whose buffers are smaller than
// what it will read or write: declared outputs equal inferred ones,
// constants hold their shape's bytes, every boundary tensor has a buffer.
Status CheckRunTensors(const graph::Graph& graph, std::span<const int> run,
                       const RunBoundary& boundary, const kernels::TensorBuffers& buffers) {
  for (int op : run) {
    const graph::Op& node = graph.ops[op];
    EB_RETURN_IF_ERROR(graph::CheckOutputShapes(graph, node)
                           .WithPrefix(graph::DescribeOp(graph, op) + ": XNNPACK: "));
    for (int t : node.inputs) {
      if (t == graph::kNoTensor || !graph.tensors[t].is_constant()) continue;
      const graph::Tensor& tensor = graph.tensors[t];
      if (tensor.data_bytes != tensor.byte_size()) {
        return Status::Error(fmt::format("{}: XNNPACK: {} holds {} bytes, its shape {} needs {}",
                                         graph::DescribeOp(graph, op),
                                         graph::DescribeTensor(graph, t), tensor.data_bytes,
                                         graph::ShapeToString(tensor.shape), tensor.byte_size()));
      }
    }
  }
  for (int t : boundary.tensors) {
    if (buffers.Raw(t) == nullptr) {
      return Status::Error(fmt::format("{}: XNNPACK: {} has no buffer",
                                       graph::DescribeOp(graph, run.front()),
                                       graph::DescribeTensor(graph, t)));
    }
  }
  return Status::Ok();
}

class XnnpackKernel final : public kernels::PreparedKernel {
 public:
  XnnpackKernel(xnn_runtime_t runtime, std::vector<int> tensors,
                std::vector<std::vector<uint8_t>> owned)
      : runtime_(runtime), tensors_(std::move(tensors)), owned_(std::move(owned)) {
    for (size_t i = 0; i < tensors_.size(); ++i) {
      values_.push_back({static_cast<uint32_t>(i), nullptr});
    }
  }
  ~XnnpackKernel() override { xnn_delete_runtime(runtime_); }

  // Points the runtime at `buffers`. Setting up may allocate (XNNPACK's
  // indirection buffers), so Compile does it once and Run only when a
  // caller hands other buffers.
  Status Bind(const kernels::TensorBuffers& buffers) {
    for (size_t i = 0; i < tensors_.size(); ++i) values_[i].data = buffers.Raw(tensors_[i]);
    const xnn_status status = xnn_setup_runtime(runtime_, values_.size(), values_.data());
    if (status != xnn_status_success) {
      return Status::Error(
          fmt::format("XNNPACK runtime setup failed (xnn_status {})", static_cast<int>(status)));
    }
    return Status::Ok();
  }

  void Run(const kernels::TensorBuffers& buffers) override {
    bool same = true;
    for (size_t i = 0; i < tensors_.size(); ++i)
      same &= values_[i].data == buffers.Raw(tensors_[i]);
    if (!same && !Bind(buffers).ok()) return;  // setup only fails on bad pointers
    xnn_invoke_runtime(runtime_);
  }

 private:
  xnn_runtime_t runtime_;
  std::vector<int> tensors_;  // external value i is tensor tensors_[i]
  std::vector<xnn_external_value> values_;
  std::vector<std::vector<uint8_t>> owned_;  // static data the runtime reads
};

class XnnpackBackend final : public Backend {
 public:
  explicit XnnpackBackend(PoolPtr pool) : pool_(std::move(pool)) {}

  const char* name() const override { return "xnnpack"; }

  bool Claims(const graph::Graph& graph, int op_index) const override {
    return ClaimsOp(graph, op_index);
  }

  Result<std::unique_ptr<kernels::PreparedKernel>> Compile(
      const graph::Graph& graph, std::span<const int> op_indices,
      const kernels::TensorBuffers& buffers) override {
    if (op_indices.empty()) return Status::Error("XNNPACK: empty run of ops");
    const RunBoundary boundary = FindBoundary(graph, op_indices);
    EB_RETURN_IF_ERROR(CheckRunTensors(graph, op_indices, boundary, buffers));
    xnn_subgraph_t subgraph = nullptr;
    if (xnn_create_subgraph(static_cast<uint32_t>(boundary.tensors.size()), 0, &subgraph) !=
        xnn_status_success) {
      return Status::Error(graph::DescribeOp(graph, op_indices.front()) +
                           ": XNNPACK subgraph creation failed");
    }
    std::unique_ptr<xnn_subgraph, xnn_status (*)(xnn_subgraph_t)> owner(subgraph,
                                                                        xnn_delete_subgraph);
    SubgraphBuilder builder(graph, subgraph, boundary.tensors, boundary.is_output);
    for (int op : op_indices) EB_RETURN_IF_ERROR(builder.AddOp(op));
    xnn_runtime_t runtime = nullptr;
    const xnn_status status = xnn_create_runtime_v2(subgraph, pool_.get(), 0, &runtime);
    if (status != xnn_status_success) {
      return Status::Error(fmt::format("{} .. {}: XNNPACK runtime creation failed (xnn_status {})",
                                       graph::DescribeOp(graph, op_indices.front()),
                                       graph::DescribeOp(graph, op_indices.back()),
                                       static_cast<int>(status)));
    }
    auto kernel =
        std::make_unique<XnnpackKernel>(runtime, boundary.tensors, std::move(builder.owned()));
    EB_RETURN_IF_ERROR(
        kernel->Bind(buffers).WithPrefix(graph::DescribeOp(graph, op_indices.front()) + ": "));
    return std::unique_ptr<kernels::PreparedKernel>(std::move(kernel));
  }

 private:
  PoolPtr pool_;
};

}  // namespace

Result<std::unique_ptr<Backend>> CreateXnnpackBackend(int threads) {
  if (threads < 1) {
    return Status::Error(
        fmt::format("xnnpack backend: threads is {}, expected 1 or more", threads));
  }
  // Safe to call repeatedly: XNNPACK initializes once per process.
  const xnn_status status = xnn_initialize(nullptr);
  if (status != xnn_status_success) {
    return Status::Error(fmt::format(
        "xnnpack backend: xnn_initialize failed (xnn_status {}; 5 means this CPU is unsupported)",
        static_cast<int>(status)));
  }
  // One thread runs on the caller: no pool at all.
  PoolPtr pool(threads > 1 ? pthreadpool_create(static_cast<size_t>(threads)) : nullptr);
  if (threads > 1 && pool == nullptr) {
    return Status::Error(fmt::format("xnnpack backend: cannot create {} threads", threads));
  }
  return std::unique_ptr<Backend>(new XnnpackBackend(std::move(pool)));
}

}  // namespace edgebench::backends::xnnpack
