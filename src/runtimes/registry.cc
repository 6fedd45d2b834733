#include "runtimes/registry.h"

#include <fmt/format.h>

#include "runtime/edgebench_runtime.h"
#include "runtime/engine_backends.h"
#include "runtime/named_list.h"
#include "runtimes/onnxruntime/onnxruntime_runtime.h"

namespace edgebench::runtime {
namespace {

std::string BuiltIn() { return ""; }

std::vector<BackendInfo> EdgebenchBackends() {
  std::vector<BackendInfo> list;
  for (const EngineBackend& b : EngineBackends()) {
    list.push_back({b.name, b.description, b.version, b.max_threads});
  }
  return list;
}

Result<std::unique_ptr<Runtime>> OpenEdgebench(const graph::Graph& model,
                                               const RuntimeOptions& options) {
  EB_ASSIGN_OR_RETURN(auto runtime, EdgebenchRuntime::Open(model, options));
  return std::unique_ptr<Runtime>(std::move(runtime));
}

const RuntimeEntry kRuntimes[] = {
    {"edgebench", "edgebench's own engine (this program)", true, BuiltIn, EdgebenchVersion,
     EdgebenchBackends, OpenEdgebench},
    {"onnxruntime", "ONNX Runtime (C API, loaded at run time) on the model exported to ONNX", false,
     OnnxruntimeUnavailableReason, OnnxruntimeVersion, OnnxruntimeBackends, OpenOnnxruntime},
};

}  // namespace

std::span<const RuntimeEntry> Runtimes() { return kRuntimes; }

const RuntimeEntry* FindRuntime(std::string_view name) { return FindNamed(kRuntimes, name); }

std::string RuntimeNames() { return JoinNames(kRuntimes); }

const BackendInfo* FindBackend(const std::vector<BackendInfo>& backends, std::string_view name) {
  return FindNamed(backends, name);
}

std::string BackendNames(const std::vector<BackendInfo>& backends) { return JoinNames(backends); }

Result<const RuntimeEntry*> ResolveRuntime(std::string_view name) {
  const RuntimeEntry* entry = FindRuntime(name);
  if (entry == nullptr) {
    return Status::Error(fmt::format("runtime {}: unknown (known: {})", name, RuntimeNames()));
  }
  return entry;
}

Result<BackendInfo> ResolveBackend(const RuntimeEntry& runtime, std::string_view name) {
  const std::vector<BackendInfo> backends = runtime.backends();
  if (name.empty()) return backends.front();
  const BackendInfo* backend = FindBackend(backends, name);
  if (backend == nullptr) {
    return Status::Error(fmt::format("runtime {}: unknown backend {} (available: {})", runtime.name,
                                     name, BackendNames(backends)));
  }
  return *backend;
}

}  // namespace edgebench::runtime
