// The one list of runtimes edgebench can benchmark on, each with its
// backends and whether this machine has it. `run`, `detect`, `inspect`,
// `sysinfo` and the Google Benchmarks all choose and open runtimes here.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.h"
#include "graph/status.h"
#include "runtime/runtime.h"

namespace edgebench::runtime {

struct RuntimeEntry {
  const char* name;         // as --runtime takes it: "edgebench"
  const char* description;  // one line
  // Whether it can run the TFLite_Detection_PostProcess op itself; when it
  // cannot, edgebench's kernel runs the post-processing on its outputs.
  bool runs_post_processing;
  // Empty when this machine has the runtime; else why not and how to get it
  // ("not found, see scripts/setup.sh").
  std::string (*unavailable_reason)();
  // The version of the runtime's library, asked of it at run time (only
  // when available).
  std::string (*version)();
  std::vector<BackendInfo> (*backends)();  // the first is the default
  Result<std::unique_ptr<Runtime>> (*open)(const graph::Graph& model,
                                           const RuntimeOptions& options);
};

// In the order listings show them; the first is the default.
std::span<const RuntimeEntry> Runtimes();

// The runtime called `name`, or null.
const RuntimeEntry* FindRuntime(std::string_view name);

// "edgebench": for messages.
std::string RuntimeNames();

// `backend` of `runtime`, or null.
const BackendInfo* FindBackend(const std::vector<BackendInfo>& backends, std::string_view name);

// "xnnpack, reference": for messages.
std::string BackendNames(const std::vector<BackendInfo>& backends);

// The runtime called `name`, when this machine has it; else an error naming
// the known ones, or why it is not available.
Result<const RuntimeEntry*> ResolveRuntime(std::string_view name);

// Backend `name` of `runtime`, its default (the first) when `name` is
// empty; else an error naming the runtime and its backends.
Result<BackendInfo> ResolveBackend(const RuntimeEntry& runtime, std::string_view name);

}  // namespace edgebench::runtime
