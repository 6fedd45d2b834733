#include "sysmon/throttle.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <csignal>

#include "sysmon/sysfs_file.h"

namespace edgebench::sysmon {
namespace {

constexpr const char* kBitNames[4] = {"under-voltage", "ARM frequency capped", "throttled",
                                      "soft temperature limit"};

bool IsExecutable(const std::string& path) { return access(path.c_str(), X_OK) == 0; }

// Reads `fd` until end of file or `deadline`; false at the deadline.
bool ReadUntil(int fd, std::chrono::steady_clock::time_point deadline, std::string& out) {
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    char buffer[256];
    const ssize_t got = read(fd, buffer, sizeof(buffer));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return true;
    out.append(buffer, static_cast<size_t>(got));
  }
}

}  // namespace

std::optional<std::string> FindVcgencmd(const std::string& root) {
  for (const char* dir : {"usr/bin", "opt/vc/bin", "bin"}) {
    const std::string tool = JoinPath(root, std::string(dir) + "/vcgencmd");
    if (IsExecutable(tool)) return tool;
  }
  return std::nullopt;
}

std::optional<std::string> RunVcgencmd(const std::string& binary,
                                       const std::vector<std::string>& arguments) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) return std::nullopt;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::vector<char*> argv{const_cast<char*>(binary.c_str())};
  for (const std::string& a : arguments) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t child = 0;
  const int spawned = posix_spawn(&child, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  std::string out;
  const bool finished = spawned == 0 && ReadUntil(pipe_fds[0],
                                                  std::chrono::steady_clock::now() +
                                                      std::chrono::milliseconds(kVcgencmdTimeoutMs),
                                                  out);
  close(pipe_fds[0]);
  if (spawned != 0) return std::nullopt;
  if (!finished) kill(child, SIGKILL);
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (!finished || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return out;
}

std::optional<ThrottleSource> FindThrottleSource(const std::string& root) {
  const std::string sysfs = JoinPath(root, "sys/devices/platform/soc/soc:firmware/get_throttled");
  if (ReadSmallFile(sysfs)) return ThrottleSource{ThrottleSource::Kind::kSysfs, sysfs};
  const auto tool = FindVcgencmd(root);
  if (tool && ReadThrottleFlags({ThrottleSource::Kind::kVcgencmd, *tool})) {
    return ThrottleSource{ThrottleSource::Kind::kVcgencmd, *tool};
  }
  return std::nullopt;
}

std::optional<uint32_t> ReadThrottleFlags(const ThrottleSource& source) {
  const auto text = source.kind == ThrottleSource::Kind::kSysfs
                        ? ReadSmallFile(source.path)
                        : RunVcgencmd(source.path, {"get_throttled"});
  if (!text) return std::nullopt;
  return ParseThrottleText(*text);
}

std::optional<uint32_t> ParseThrottleText(const std::string& text) {
  std::string_view s = text;
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  constexpr std::string_view kKey = "throttled=";
  if (s.starts_with(kKey)) s.remove_prefix(kKey.size());
  if (s.starts_with("0x") || s.starts_with("0X")) s.remove_prefix(2);
  if (s.empty() || s.size() > 8) return std::nullopt;
  uint32_t value = 0;
  const auto [ptr, error] = std::from_chars(s.data(), s.data() + s.size(), value, 16);
  if (error != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

std::vector<std::string> DescribeThrottleFlags(uint32_t flags) {
  std::vector<std::string> phrases;
  for (int bit = 0; bit < 32; ++bit) {
    if ((flags & (1u << bit)) == 0) continue;
    if (bit < 4) {
      phrases.push_back(std::string(kBitNames[bit]) + " now");
    } else if (bit >= 16 && bit < 20) {
      phrases.push_back(std::string(kBitNames[bit - 16]) + " since boot");
    } else {
      phrases.push_back("bit " + std::to_string(bit));
    }
  }
  return phrases;
}

}  // namespace edgebench::sysmon
