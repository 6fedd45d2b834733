// ONNX Runtime's shared library, opened once with dlopen and kept for the
// life of the process (unloading it at exit races its own thread pools).
#pragma once

#include <onnxruntime_c_api.h>

#include <string>

#include "graph/status.h"

namespace edgebench::runtime {

struct OnnxruntimeLibrary {
  std::string path;
  std::string version;          // GetVersionString()
  const OrtApi* api = nullptr;  // ORT_API_VERSION of the header built with
  OrtEnv* env = nullptr;        // one per process, as ONNX Runtime asks
};

// The library chosen as onnxruntime_runtime.h describes, loaded on first use
// (again only when the choice changes); an error naming the path and why.
Result<const OnnxruntimeLibrary*> LoadOnnxruntime();

// The message of `status` (null: success), which is released.
Status OrtCheck(const OrtApi& api, OrtStatus* status, const std::string& what);

}  // namespace edgebench::runtime
