// Writes a Graph as a TensorFlow Lite flatbuffer that TensorFlow Lite itself
// loads: schema version 3, identifier TFL3, buffer 0 empty, one 16-byte
// aligned buffer per constant tensor, both op-code fields set, and
// TFLite_Detection_PostProcess as a custom op with FlexBuffer options.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "graph/status.h"

namespace edgebench::tflite {

// The serialized model. Fails if the graph does not pass Graph::Validate.
Result<std::vector<uint8_t>> WriteModel(const graph::Graph& graph, const std::string& description);

// Writes the model to `path` with fileio::WriteFileSafely (never half a
// file; a link is followed, a device written in place).
Status WriteModelFile(const graph::Graph& graph, const std::string& path,
                      const std::string& description);

}  // namespace edgebench::tflite
