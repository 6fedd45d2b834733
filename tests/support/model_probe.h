// What `inspect`, `detect` and `run` do with a model file, in process: read
// and validate it, create an interpreter on a backend, run one inference on
// zeroed inputs. The corruption campaign, the fuzz corpus replay and the
// libFuzzer target share it, so all three exercise the same path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "graph/status.h"

namespace edgebench::testing {

struct ProbeOptions {
  std::string backend = "reference";
  // Invoke only models whose arena and multiply-accumulates stay below
  // these (a fuzzer or campaign must stay fast); 0 MACs: never invoke.
  size_t max_invoke_arena_bytes = static_cast<size_t>(-1);
  int64_t max_invoke_macs = INT64_MAX;
};

// Ok, or the first error: read, validation, interpreter creation.
Status ProbeModel(std::span<const uint8_t> bytes, const std::string& name,
                  const ProbeOptions& options);

}  // namespace edgebench::testing
