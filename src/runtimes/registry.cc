#include "runtimes/registry.h"

#include <fmt/format.h>

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
    // Arm NN 20.08 runs TFLite_Detection_PostProcess, but not as TensorFlow
    // Lite does (tests/runtime/armnn_crosscheck_test.cc): its sorts are not
    // stable, so among the equal scores of a uint8 model it picks other
    // classes and boxes, and in its NMS a suppressed box still suppresses
    // others, so it can keep fewer. Its detections would then be Arm NN's
    // faults, not the model's. So Arm NN runs the network, edgebench's exact
    // kernel the post-processing, as for every runtime without the op: the
    // record says so (post_processing "edgebench"), the detections are the
    // model's, and the network alone is timed as well.
    {"armnn", "Arm NN (TfLite parser; CpuAcc where Arm NN has it, else CpuRef), as a plugin", false,
     [] { return PluginUnavailableReason("armnn"); }, [] { return PluginVersion("armnn"); },
     [] { return PluginBackends("armnn"); },
     [](const graph::Graph& model, const RuntimeOptions& options) {
       return OpenPluginRuntime("armnn", model, options);
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

Result<const RuntimeEntry*> ResolveRuntime(std::string_view name) {
  const RuntimeEntry* entry = FindRuntime(name);
  if (entry == nullptr) {
    return Status::Error(fmt::format("runtime {}: unknown (known: {})", name, RuntimeNames()));
  }
  if (const std::string reason = entry->unavailable_reason(); !reason.empty()) {
    return Status::Error(fmt::format("runtime {}: not available: {}", entry->name, reason));
  }
  return entry;
}

Result<BackendInfo> ResolveBackend(const RuntimeEntry& runtime, std::string_view name) {
  const std::vector<BackendInfo> backends = runtime.backends();
  if (backends.empty()) {
    return Status::Error(fmt::format("runtime {}: no backend on this machine", runtime.name));
  }
  if (name.empty()) return backends.front();
  const BackendInfo* backend = FindBackend(backends, name);
  if (backend == nullptr) {
    return Status::Error(fmt::format("runtime {}: unknown backend {} (available: {})", runtime.name,
                                     name, BackendNames(backends)));
  }
  return *backend;
}

}  // namespace edgebench::runtime
