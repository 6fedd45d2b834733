// The host side of runtime plugins (runtimes/plugin_abi.h): finds and loads
// lib/edgebench/libedgebench-runtime-NAME.so, hands it the model in the
// format it reads (the ONNX export, or a .tflite written by edgebench), and
// presents the opened model as a Runtime. The registry lists each plugin
// runtime through these functions.
//
// The plugin is looked for, in order, in ../lib/edgebench beside the running
// binary (installed, the .deb) and in the build tree's lib/edgebench; only
// in $EDGEBENCH_PLUGIN_DIR when that is set (fileio::PluginDirs).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "graph/status.h"
#include "runtime/runtime.h"

namespace edgebench::runtime {

// Empty when the plugin of runtime `name` loads; else one line saying what
// was looked for and why it failed (the runtime's library missing, usually).
std::string PluginUnavailableReason(const std::string& name);

// The runtime library's version as the plugin reports it; empty when
// unavailable.
std::string PluginVersion(const std::string& name);

// Empty when unavailable.
std::vector<BackendInfo> PluginBackends(const std::string& name);

// Opens `model` on plugin runtime `name`. A plugin that reads ONNX gets the
// network exported up to the post-processing; one that reads .tflite gets
// the whole model, or with options.network_only the network alone. The
// runtime's tensors must match the model's (count, type and size), else an
// error names the first that does not.
Result<std::unique_ptr<Runtime>> OpenPluginRuntime(const std::string& name,
                                                   const graph::Graph& model,
                                                   const RuntimeOptions& options);

}  // namespace edgebench::runtime
