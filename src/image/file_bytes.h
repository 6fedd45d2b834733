// Reads a whole file into memory for the decoders.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/status.h"

namespace edgebench::image {

// Far above any photo a model is run on (the benchmark's 12-megapixel JPEG
// is 3 MB), far below what would exhaust a small computer's memory.
inline constexpr uint64_t kMaxImageFileBytes = uint64_t{256} << 20;

// The file's bytes. Errors name the path: missing file, a directory, a FIFO
// or device (/dev/zero), a file above kMaxImageFileBytes, a read failure. An
// empty file is returned as an empty vector (callers decide).
Result<std::vector<uint8_t>> ReadFileBytes(const std::string& path);

}  // namespace edgebench::image
