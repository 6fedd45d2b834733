// Built when onnxruntime_c_api.h was not found at configure time: the
// runtime is listed, unavailable, with how to get it.
#include "runtimes/onnxruntime/onnxruntime_runtime.h"

namespace edgebench::runtime {

namespace {
constexpr char kReason[] =
    "onnxruntime: not built: onnxruntime_c_api.h was not in cache/onnxruntime/include when "
    "edgebench was "
    "configured (run scripts/setup.sh, then configure and build again)";
}  // namespace

void UseOnnxruntimeLibrary(const std::string& /*path*/) {}

std::string OnnxruntimeUnavailableReason() { return kReason; }

std::string OnnxruntimeVersion() { return ""; }

std::vector<BackendInfo> OnnxruntimeBackends() {
  return {{"cpu", "ONNX Runtime's CPU execution provider", "", 1}};
}

Result<std::unique_ptr<Runtime>> OpenOnnxruntime(const graph::Graph& /*model*/,
                                                 const RuntimeOptions& /*options*/) {
  return Status::Error(kReason);
}

}  // namespace edgebench::runtime
