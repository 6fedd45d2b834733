// What `edgebench inspect` shows: a model opened on a runtime of the
// registry (runtimes/registry.h), with its inputs and outputs as that
// runtime reports them, and the engine's own facts (arena, which backend
// runs each op) when the runtime is edgebench's.
#pragma once

#include <string>
#include <vector>

#include "bench/model_catalog.h"
#include "graph/status.h"
#include "runtime/runtime.h"

namespace edgebench::bench {

struct ModelInspection {
  // The model as loaded, its missing shapes inferred (for MACs and the
  // per-op table).
  LoadedModel model;
  std::string runtime;  // "onnxruntime"
  std::string runtime_version;
  std::string backend;  // "cpu"
  std::string backend_version;
  int threads = 1;  // the runtime uses
  // As the runtime reports them: for a runtime that runs only the network,
  // its outputs are the post-processing's inputs.
  std::vector<runtime::TensorInfo> inputs;
  std::vector<runtime::TensorInfo> outputs;
  // True when edgebench's kernel runs the model's post-processing
  // (TFLite_Detection_PostProcess) on the runtime's outputs.
  bool post_processing_by_edgebench = false;
  // What runs each op of the model: on edgebench's engine the backend it
  // chose ("xnnpack", "reference"); on another runtime that runtime's name,
  // and "edgebench" for the post-processing when edgebench's kernel runs it.
  std::vector<std::string> op_backends;
  // Only on edgebench's engine (0 elsewhere): its activation arena, with
  // and without sharing.
  size_t arena_bytes = 0;
  size_t unshared_arena_bytes = 0;
};

// Loads `model` (a catalog name or a .tflite path) and opens it on
// `runtime_name` with `options` (backend empty: the runtime's default);
// network-only when the runtime cannot run the post-processing. Errors
// name the runtime and its backends, the model or the file.
Result<ModelInspection> InspectModel(const std::string& model, const std::string& runtime_name,
                                     runtime::RuntimeOptions options);

}  // namespace edgebench::bench
