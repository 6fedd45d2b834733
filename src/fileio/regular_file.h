// Reading a file the user named, safely: only regular files, and only up to
// a size the caller bounds. A FIFO would block forever, /dev/zero would never
// end, a huge file would be read into memory whole; each is refused with a
// one-line error naming the path instead.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/status.h"

namespace edgebench::fileio {

// The whole file. Opens without blocking (O_NONBLOCK, so a FIFO cannot hang
// the open) and checks the opened descriptor (fstat, so nothing can swap the
// file between the check and the read): a folder, a FIFO, a device or a
// socket is refused, and so is a file of more than `max_bytes` (the message
// names its size and the bound). Errors name the path.
Result<std::vector<uint8_t>> ReadRegularFile(const std::string& path, uint64_t max_bytes);

// The same, as text (for JSON and other text formats).
Result<std::string> ReadRegularTextFile(const std::string& path, uint64_t max_bytes);

}  // namespace edgebench::fileio
