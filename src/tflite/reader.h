// Reads a TensorFlow Lite flatbuffer (.tflite) into the graph IR. The file is
// untrusted: it is verified, every index is checked, and anything the engine
// cannot run is rejected with one line naming the file, the op or tensor, and
// what is supported. A returned Graph has passed Graph::Validate().
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "graph/graph.h"
#include "graph/status.h"

namespace edgebench::tflite {

// Reads `path`, which must be a regular file (a FIFO or device is refused
// without blocking, see fileio::ReadRegularFile), into memory. Constant tensors point into those
// bytes (no further copies, except buffers misaligned for their element type), kept alive through
// the returned Graph's `storage`.
Result<graph::Graph> ReadModelFile(const std::string& path);

// Reads a model from `size` bytes at `data`. `owner` keeps those bytes alive
// and is stored in the Graph; it may be empty only if the caller keeps the
// bytes alive longer than the Graph and every copy of it. Errors start with
// `name_for_errors`.
Result<graph::Graph> ReadModelBuffer(std::shared_ptr<const void> owner, const uint8_t* data,
                                     size_t size, const std::string& name_for_errors);

}  // namespace edgebench::tflite
