#include "image/file_bytes.h"

#include "fileio/regular_file.h"

namespace edgebench::image {

Result<std::vector<uint8_t>> ReadFileBytes(const std::string& path) {
  return fileio::ReadRegularFile(path, kMaxImageFileBytes);
}

}  // namespace edgebench::image
