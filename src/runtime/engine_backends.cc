#include "runtime/engine_backends.h"

#include <fmt/format.h>

#include "backends/xnnpack/xnnpack_backend.h"
#include "runtime/named_list.h"

namespace edgebench::runtime {
namespace {

// The reference kernels are edgebench's own, so their version is
// edgebench's; XNNPACK is Debian's snapshot of it, with the optimized and
// reference kernels for the ops it does not claim.
constexpr EngineBackend kEngineBackends[] = {
    {"xnnpack", "fast CPU path; ops it lacks run on the reference kernels",
     "Debian libxnnpack 0.0~git20220216", 1024, backends::xnnpack::CreateXnnpackBackend},
    {"reference", "plain loops, the numerical oracle", EDGEBENCH_VERSION, 1, nullptr},
};

}  // namespace

std::span<const EngineBackend> EngineBackends() { return kEngineBackends; }

const EngineBackend* FindEngineBackend(std::string_view name) {
  return FindNamed(kEngineBackends, name);
}

std::string EngineBackendNames() { return JoinNames(kEngineBackends); }

}  // namespace edgebench::runtime
