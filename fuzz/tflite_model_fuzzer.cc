// libFuzzer entry: any byte string given as a model must take the path that
// inspect, detect and run take (read, validate, create an interpreter, run
// once) to either one error line or a finished inference, never a crash or a
// sanitizer report, on both backends.
#include <cstddef>
#include <cstdint>
#include <span>

#include "support/model_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  edgebench::testing::ProbeOptions options;
  // Invoke only small graphs, so the fuzzer keeps its pace.
  options.max_invoke_arena_bytes = size_t{1} << 20;
  options.max_invoke_macs = 1 << 20;
  for (const char* backend : {"reference", "xnnpack"}) {
    options.backend = backend;
    (void)edgebench::testing::ProbeModel(std::span<const uint8_t>(data, size), "fuzz", options);
  }
  return 0;
}
