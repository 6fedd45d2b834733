#include "support/model_probe.h"

#include <cstring>
#include <memory>
#include <vector>

#include "graph/model_stats.h"
#include "runtime/interpreter.h"
#include "tflite/reader.h"

namespace edgebench::testing {

Status ProbeModel(std::span<const uint8_t> bytes, const std::string& name,
                  const ProbeOptions& options) {
  auto copy = std::make_shared<std::vector<uint8_t>>(bytes.begin(), bytes.end());
  EB_ASSIGN_OR_RETURN(graph::Graph graph,
                      tflite::ReadModelBuffer(copy, copy->data(), copy->size(), name));
  EB_ASSIGN_OR_RETURN(auto interpreter,
                      runtime::Interpreter::Create(
                          std::move(graph), runtime::InterpreterOptions{options.backend, 1}));
  if (interpreter->arena_bytes() > options.max_invoke_arena_bytes ||
      graph::TotalMacs(interpreter->graph()) > options.max_invoke_macs) {
    return Status::Ok();
  }
  for (size_t i = 0; i < interpreter->input_count(); ++i) {
    std::memset(interpreter->input_data(i), 0, interpreter->input_tensor(i).byte_size());
  }
  interpreter->Invoke();
  return Status::Ok();
}

}  // namespace edgebench::testing
