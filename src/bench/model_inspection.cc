#include "bench/model_inspection.h"

#include <fmt/format.h>

#include "graph/shape_inference.h"
#include "runtime/edgebench_runtime.h"
#include "runtime/post_processing_split.h"
#include "runtimes/registry.h"

namespace edgebench::bench {

Result<ModelInspection> InspectModel(const std::string& model_name, const std::string& runtime_name,
                                     runtime::RuntimeOptions options) {
  EB_ASSIGN_OR_RETURN(const runtime::RuntimeEntry* entry, runtime::ResolveRuntime(runtime_name));
  EB_ASSIGN_OR_RETURN(const runtime::BackendInfo backend,
                      runtime::ResolveBackend(*entry, options.backend));
  options.backend = backend.name;
  ModelInspection inspection;
  EB_ASSIGN_OR_RETURN(inspection.model, LoadModel(model_name));
  options.network_only = !entry->runs_post_processing;
  EB_ASSIGN_OR_RETURN(const auto opened, entry->open(inspection.model.graph, options));
  const runtime::Runtime& r = *opened;
  inspection.runtime = r.name();
  inspection.runtime_version = r.version();
  inspection.backend = r.backend();
  inspection.backend_version = r.backend_version();
  inspection.threads = r.threads();
  inspection.inputs = r.inputs();
  inspection.outputs = r.outputs();
  inspection.post_processing_by_edgebench =
      options.network_only &&
      runtime::SplitPostProcessing(inspection.model.graph).post_processing.has_value();
  // The engine's own facts, which no other runtime has.
  if (const auto* engine = dynamic_cast<const runtime::EdgebenchRuntime*>(&r)) {
    const runtime::Interpreter& interpreter = engine->interpreter();
    for (size_t op = 0; op < interpreter.graph().ops.size(); ++op) {
      inspection.op_backends.push_back(interpreter.op_backend(op));
    }
    inspection.arena_bytes = interpreter.arena_bytes();
    inspection.unshared_arena_bytes = interpreter.unshared_arena_bytes();
  } else {
    for (const graph::Op& op : inspection.model.graph.ops) {
      const bool post_processing = op.type == graph::OpType::kDetectionPostProcess;
      inspection.op_backends.push_back(
          post_processing && inspection.post_processing_by_edgebench ? "edgebench" : r.name());
    }
  }
  graph::InferMissingShapes(inspection.model.graph);
  return inspection;
}

}  // namespace edgebench::bench
