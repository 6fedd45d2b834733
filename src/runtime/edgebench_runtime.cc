#include "runtime/edgebench_runtime.h"

#include <algorithm>
#include <cstring>

#include "graph/model_stats.h"
#include "runtime/engine_backends.h"
#include "runtime/post_processing_split.h"

namespace edgebench::runtime {

TensorInfo DescribeTensorInfo(const graph::Tensor& t) {
  return {t.name, t.type, t.shape, t.quantization, t.byte_size()};
}

Result<std::unique_ptr<EdgebenchRuntime>> EdgebenchRuntime::Open(const graph::Graph& model,
                                                                 const RuntimeOptions& options) {
  const std::string backend =
      options.backend.empty() ? EngineBackends().front().name : options.backend;
  const EngineBackend* entry = FindEngineBackend(backend);
  // Threads above what the backend uses change nothing, so they are not
  // asked for (the reference kernels run on one).
  const int threads =
      entry != nullptr ? std::min(options.threads, entry->max_threads) : options.threads;
  SplitModel split;
  if (options.network_only) split = SplitPostProcessing(model);
  const bool has_post_processing = options.network_only && split.post_processing.has_value();
  EB_ASSIGN_OR_RETURN(auto interpreter,
                      Interpreter::Create(options.network_only ? std::move(split.network) : model,
                                          {backend, threads, false, options.max_arena_bytes}));
  const bool runs_post_processing =
      !has_post_processing && std::any_of(model.ops.begin(), model.ops.end(), [](const auto& op) {
        return op.type == graph::OpType::kDetectionPostProcess;
      });
  return std::unique_ptr<EdgebenchRuntime>(
      new EdgebenchRuntime(std::move(interpreter), runs_post_processing));
}

EdgebenchRuntime::EdgebenchRuntime(std::unique_ptr<Interpreter> interpreter,
                                   bool runs_post_processing)
    : interpreter_(std::move(interpreter)), runs_post_processing_(runs_post_processing) {
  for (size_t i = 0; i < interpreter_->input_count(); ++i) {
    inputs_.push_back(DescribeTensorInfo(interpreter_->input_tensor(i)));
  }
  for (size_t i = 0; i < interpreter_->output_count(); ++i) {
    outputs_.push_back(DescribeTensorInfo(interpreter_->output_tensor(i)));
  }
}

std::string EdgebenchVersion() { return EDGEBENCH_VERSION; }

std::string EdgebenchRuntime::version() const { return EdgebenchVersion(); }

std::string EdgebenchRuntime::backend_version() const {
  return FindEngineBackend(backend())->version;
}

std::span<uint8_t> EdgebenchRuntime::input_bytes(size_t i) {
  return {interpreter_->input_data(i), inputs_[i].byte_size};
}

std::span<const uint8_t> EdgebenchRuntime::output_bytes(size_t i) const {
  return {interpreter_->output_data(i), outputs_[i].byte_size};
}

Status EdgebenchRuntime::Invoke() {
  interpreter_->Invoke();
  return Status::Ok();
}

Result<std::vector<OpTiming>> EdgebenchRuntime::TimeOps(int64_t runs) {
  InterpreterOptions options = interpreter_->options();
  options.one_op_per_run = true;
  EB_ASSIGN_OR_RETURN(auto profiled, Interpreter::Create(interpreter_->graph(), options));
  for (size_t i = 0; i < inputs_.size(); ++i) {
    std::memcpy(profiled->input_data(i), interpreter_->input_data(i), inputs_[i].byte_size);
  }
  return TimePartitions(*profiled, runs);
}

std::vector<OpTiming> TimePartitions(Interpreter& interpreter, int64_t runs) {
  const graph::Graph& graph = interpreter.graph();
  const auto& partitions = interpreter.partitions();
  std::vector<double> seconds(partitions.size(), 0.0);
  interpreter.Invoke();
  for (int64_t i = 0; i < runs; ++i) interpreter.InvokeProfiled(seconds);
  std::vector<OpTiming> timings;
  for (size_t p = 0; p < partitions.size(); ++p) {
    const std::vector<int>& ops = partitions[p].ops;
    OpTiming t;
    t.first_op = ops.front();
    t.last_op = ops.back();
    t.name = ops.size() == 1 ? graph::OpTypeName(graph.ops[t.first_op].type)
                             : std::to_string(ops.size()) + " ops";
    t.backend = interpreter.op_backend(t.first_op);
    t.mean_ms = runs > 0 ? seconds[p] * 1e3 / static_cast<double>(runs) : 0.0;
    for (int op : ops) t.macs += graph::OpMacs(graph, graph.ops[op]);
    timings.push_back(std::move(t));
  }
  return timings;
}

}  // namespace edgebench::runtime
