// libFuzzer entry: the .tflite reader must turn any byte string into either
// a validated Graph or one error line, never a crash or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "tflite/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // libFuzzer owns `data` for the duration of the call, and the Graph does
  // not outlive it, so no owner is needed.
  const auto graph =
      edgebench::tflite::ReadModelBuffer(std::shared_ptr<const void>(), data, size, "fuzz");
  (void)graph.ok();
  return 0;
}
