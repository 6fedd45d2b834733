// The backends of edgebench's own engine: the one list that the
// interpreter creates them from and the runtime registry
// (runtimes/registry.h) shows, with their versions and thread limits.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "backends/backend.h"
#include "graph/status.h"

namespace edgebench::runtime {

struct EngineBackend {
  const char* name;         // as --backend takes it: "xnnpack"
  const char* description;  // one line, for --help and sysinfo
  const char* version;      // of the library doing the work
  int max_threads;          // threads it can use; the reference kernels run on one
  // Creates the backend's object on `threads` threads; null for the
  // reference kernels, which need none (every op runs on them).
  Result<std::unique_ptr<backends::Backend>> (*create)(int threads);
};

// In the order --help and error messages list them; the first is the default.
std::span<const EngineBackend> EngineBackends();

// The backend called `name`, or null.
const EngineBackend* FindEngineBackend(std::string_view name);

// "xnnpack, reference": for messages.
std::string EngineBackendNames();

}  // namespace edgebench::runtime
