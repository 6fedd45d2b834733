#include "fileio/regular_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace edgebench::fileio {
namespace {

// Closes the descriptor when the read is done, whatever the outcome.
struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

const char* NotRegularKind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

std::string TooBig(const std::string& path, uint64_t size, uint64_t max_bytes) {
  return fmt::format("{}: {} bytes, more than the limit of {} bytes ({:.0f} MiB) for this file",
                     path, size, max_bytes, static_cast<double>(max_bytes) / (1 << 20));
}

template <typename Bytes>
Result<Bytes> ReadInto(const std::string& path, uint64_t max_bytes) {
  Descriptor file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
  if (file.fd < 0) {
    if (errno == ENOENT) return Status::Error(path + ": cannot open: no such file");
    return Status::Error(path + ": cannot open: " + std::strerror(errno));
  }
  struct stat info {};
  if (::fstat(file.fd, &info) != 0) {
    return Status::Error(path + ": cannot open: " + std::strerror(errno));
  }
  if (S_ISDIR(info.st_mode)) return Status::Error(path + ": cannot open: is a directory");
  if (!S_ISREG(info.st_mode)) {
    return Status::Error(fmt::format("{}: cannot open: is {}, not a regular file", path,
                                     NotRegularKind(info.st_mode)));
  }
  const auto size = static_cast<uint64_t>(info.st_size);
  if (size > max_bytes) return Status::Error(TooBig(path, size, max_bytes));

  Bytes bytes;
  bytes.reserve(size);  // the file may still grow or shrink while we read
  char chunk[1 << 16];
  for (;;) {
    const ssize_t got = ::read(file.fd, chunk, sizeof(chunk));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return Status::Error(path + ": read error: " + std::strerror(errno));
    if (got == 0) break;
    if (bytes.size() + static_cast<uint64_t>(got) > max_bytes) {
      return Status::Error(TooBig(path, bytes.size() + static_cast<uint64_t>(got), max_bytes));
    }
    bytes.insert(bytes.end(), chunk, chunk + got);
  }
  return bytes;
}

}  // namespace

Result<std::vector<uint8_t>> ReadRegularFile(const std::string& path, uint64_t max_bytes) {
  return ReadInto<std::vector<uint8_t>>(path, max_bytes);
}

Result<std::string> ReadRegularTextFile(const std::string& path, uint64_t max_bytes) {
  return ReadInto<std::string>(path, max_bytes);
}

}  // namespace edgebench::fileio
