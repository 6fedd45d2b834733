#include "runtimes/registry.h"

#include "runtime/edgebench_runtime.h"
#include "runtime/engine_backends.h"
#include "runtime/named_list.h"
#include "runtimes/onnxruntime/onnxruntime_runtime.h"
#include "runtimes/plugin_runtime.h"

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
    {"opencv", "OpenCV DNN (plugin, Debian's libopencv-dnn) on the model exported to ONNX", false,
     [] { return PluginUnavailableReason("opencv"); }, [] { return PluginVersion("opencv"); },
     [] { return PluginBackends("opencv"); },
     [](const graph::Graph& model, const RuntimeOptions& options) {
       return OpenPluginRuntime("opencv", model, options);
     }},
};

}  // namespace

std::span<const RuntimeEntry> Runtimes() { return kRuntimes; }

const RuntimeEntry* FindRuntime(std::string_view name) { return FindNamed(kRuntimes, name); }

std::string RuntimeNames() { return JoinNames(kRuntimes); }

const BackendInfo* FindBackend(const std::vector<BackendInfo>& backends, std::string_view name) {
  return FindNamed(backends, name);
}

std::string BackendNames(const std::vector<BackendInfo>& backends) { return JoinNames(backends); }

}  // namespace edgebench::runtime
