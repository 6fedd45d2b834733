#include "sysmon/throttle.h"

#include <unistd.h>

#include <charconv>
#include <cstdio>

#include "sysmon/sysfs_file.h"

namespace edgebench::sysmon {
namespace {

constexpr const char* kBitNames[4] = {"under-voltage", "ARM frequency capped", "throttled",
                                      "soft temperature limit"};

bool IsExecutable(const std::string& path) { return access(path.c_str(), X_OK) == 0; }

std::optional<std::string> RunVcgencmd(const std::string& binary) {
  // The path is quoted for the shell; a path holding a quote is refused
  // rather than escaped (no real install has one).
  if (binary.find('\'') != std::string::npos) return std::nullopt;
  const std::string command = "'" + binary + "' get_throttled 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  char buffer[128];
  std::string out;
  size_t got;
  while ((got = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) out.append(buffer, got);
  const int status = pclose(pipe);
  if (status != 0) return std::nullopt;
  return out;
}

}  // namespace

std::optional<ThrottleSource> FindThrottleSource(const std::string& root) {
  const std::string sysfs = JoinPath(root, "sys/devices/platform/soc/soc:firmware/get_throttled");
  if (ReadSmallFile(sysfs)) return ThrottleSource{ThrottleSource::Kind::kSysfs, sysfs};
  for (const char* dir : {"usr/bin", "opt/vc/bin", "bin"}) {
    const std::string tool = JoinPath(root, std::string(dir) + "/vcgencmd");
    if (IsExecutable(tool) && ReadThrottleFlags({ThrottleSource::Kind::kVcgencmd, tool})) {
      return ThrottleSource{ThrottleSource::Kind::kVcgencmd, tool};
    }
  }
  return std::nullopt;
}

std::optional<uint32_t> ReadThrottleFlags(const ThrottleSource& source) {
  const auto text = source.kind == ThrottleSource::Kind::kSysfs ? ReadSmallFile(source.path)
                                                                : RunVcgencmd(source.path);
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
