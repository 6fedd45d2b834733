// The `onnxruntime` runtime: ONNX Runtime's C API on the ONNX model that
// src/onnx exports in memory from the catalog model, up to its
// post-processing (edgebench's kernel runs that on the raw outputs).
//
// The library is loaded with dlopen at run time, so edgebench builds and runs
// without it; the C API's types come from onnxruntime_c_api.h, fetched by
// scripts/setup.sh into cache/onnxruntime/include at BUILD time (without it
// this runtime is built as unavailable, saying why). The library is, in
// order: the path given to UseOnnxruntimeLibrary (--onnxruntime-lib),
// $EDGEBENCH_ONNXRUNTIME_LIB, then cache/onnxruntime/lib/linux-ARCH/
// libonnxruntime.so.1 in the cache folders (fileio/data_places.h). A pip
// wheel's onnxruntime/capi/libonnxruntime.so.* works as well.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "graph/status.h"
#include "runtime/runtime.h"

namespace edgebench::runtime {

// Chooses the library for every later call (empty: the default search).
void UseOnnxruntimeLibrary(const std::string& path);

// Empty when the library loads and serves the C API version edgebench was
// built for; else one line saying what was looked for and why it failed.
std::string OnnxruntimeUnavailableReason();

// The library's GetVersionString() ("1.30.0"); empty when unavailable.
std::string OnnxruntimeVersion();

// "cpu": ONNX Runtime's CPU execution provider.
std::vector<BackendInfo> OnnxruntimeBackends();

// Exports `model`'s network to ONNX and opens it in an ONNX Runtime session
// (options.threads intra-op threads, all graph optimizations). Always
// network-only: runs_post_processing() is false.
Result<std::unique_ptr<Runtime>> OpenOnnxruntime(const graph::Graph& model,
                                                 const RuntimeOptions& options);

}  // namespace edgebench::runtime
