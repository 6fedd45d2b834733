// edgebench's own engine behind the Runtime seam: an Interpreter on one of
// the engine's backends (runtime/engine_backends.h).
#pragma once

#include <memory>

#include "runtime/interpreter.h"
#include "runtime/runtime.h"

namespace edgebench::runtime {

// The engine is this program: its version is the build's.
std::string EdgebenchVersion();

class EdgebenchRuntime : public Runtime {
 public:
  // Prepares `model` (or, with options.network_only, the network before its
  // post-processing) on options.backend ("" for the default).
  static Result<std::unique_ptr<EdgebenchRuntime>> Open(const graph::Graph& model,
                                                        const RuntimeOptions& options);

  std::string name() const override { return "edgebench"; }
  std::string version() const override;
  std::string backend() const override { return interpreter_->options().backend; }
  std::string backend_version() const override;
  int threads() const override { return interpreter_->options().threads; }
  bool runs_post_processing() const override { return runs_post_processing_; }
  const std::vector<TensorInfo>& inputs() const override { return inputs_; }
  const std::vector<TensorInfo>& outputs() const override { return outputs_; }
  std::span<uint8_t> input_bytes(size_t i) override;
  std::span<const uint8_t> output_bytes(size_t i) const override;
  Status Invoke() override;
  // Each op alone on a second interpreter (same backend and threads, one op
  // per backend run), so a delegated run of ops does not hide them.
  Result<std::vector<OpTiming>> TimeOps(int64_t runs) override;

  const Interpreter& interpreter() const { return *interpreter_; }

 private:
  EdgebenchRuntime(std::unique_ptr<Interpreter> interpreter, bool runs_post_processing);

  std::unique_ptr<Interpreter> interpreter_;
  bool runs_post_processing_;
  std::vector<TensorInfo> inputs_, outputs_;
};

// Times every partition of `interpreter` over `runs` invocations after one
// untimed one; its inputs must have been written.
std::vector<OpTiming> TimePartitions(Interpreter& interpreter, int64_t runs);

}  // namespace edgebench::runtime
