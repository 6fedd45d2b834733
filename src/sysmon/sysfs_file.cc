#include "sysmon/sysfs_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

namespace edgebench::sysmon {
namespace {

std::string Trim(std::string_view s) {
  const char* kSpace = " \t\r\n";
  const size_t first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return "";
  return std::string(s.substr(first, s.find_last_not_of(kSpace) - first + 1));
}

}  // namespace

std::optional<std::string> ReadSmallFile(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  char buffer[4096];
  size_t size = 0;
  for (;;) {
    const ssize_t got = read(fd, buffer + size, sizeof(buffer) - size);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      // Some sensors (a wireless card's zone while it is down) fail the read.
      if (got < 0) size = 0;
      break;
    }
    size += static_cast<size_t>(got);
    if (size == sizeof(buffer)) break;
  }
  close(fd);
  std::string text = Trim(std::string_view(buffer, size));
  if (text.empty()) return std::nullopt;
  return text;
}

std::optional<int64_t> ReadInteger(const std::string& path) {
  const auto text = ReadSmallFile(path);
  if (!text) return std::nullopt;
  int64_t value = 0;
  const char* end = text->data() + text->size();
  const auto [ptr, error] = std::from_chars(text->data(), end, value);
  if (error != std::errc() || (ptr != end && *ptr != ' ' && *ptr != '\n')) return std::nullopt;
  return value;
}

std::string JoinPath(const std::string& root, const std::string& relative) {
  if (root.empty()) return relative;
  if (root.back() == '/') return root + relative;
  return root + "/" + relative;
}

}  // namespace edgebench::sysmon
