// Reads a whole file into memory for the decoders.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/status.h"

namespace edgebench::image {

// The file's bytes. Errors name the path: missing file, a directory, a read
// failure. An empty file is returned as an empty vector (callers decide).
Result<std::vector<uint8_t>> ReadFileBytes(const std::string& path);

}  // namespace edgebench::image
