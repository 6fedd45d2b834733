#include "bench/context.h"

#include <fmt/format.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "sysmon/machine.h"

namespace edgebench::bench {
namespace {

std::optional<std::string> ReadText(const std::filesystem::path& path) {
  std::ifstream file(path);
  if (!file) return std::nullopt;
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string Trim(const std::string& s) {
  const char* kSpace = " \t\r\n";
  const size_t first = s.find_first_not_of(kSpace);
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

std::string CpuModel(const std::string& cpuinfo) {
  for (const char* key : {"model name", "Model", "Hardware"}) {
    if (auto value = sysmon::CpuinfoValue(cpuinfo, key)) return *value;
  }
  return kUnknown;
}

// PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"; quotes are optional.
std::string OsPrettyName(const std::optional<std::string>& os_release) {
  if (!os_release) return kUnknown;
  std::istringstream lines(*os_release);
  std::string line;
  constexpr std::string_view kKey = "PRETTY_NAME=";
  while (std::getline(lines, line)) {
    if (!line.starts_with(kKey)) continue;
    std::string value = Trim(line.substr(kKey.size()));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    return value.empty() ? kUnknown : value;
  }
  return kUnknown;
}

}  // namespace

BuildInfo ThisBuild() {
  return BuildInfo{EDGEBENCH_VERSION,          EDGEBENCH_GIT_REVISION, EDGEBENCH_COMPILER_ID,
                   EDGEBENCH_COMPILER_VERSION, EDGEBENCH_BUILD_TYPE,   EDGEBENCH_CXX_FLAGS};
}

MachineInfo ReadMachineInfo(const std::string& root) {
  return ReadMachineInfo(root, sysmon::BinaryArchitectureFor(root));
}

MachineInfo ReadMachineInfo(const std::string& root,
                            const std::optional<std::string>& binary_architecture) {
  const std::filesystem::path base(root);
  MachineInfo info;
  info.platform = sysmon::ReadPlatformFacts(root, binary_architecture);
  // /proc/cpuinfo describes the host then, not the device being measured.
  const auto& emulation = info.platform.emulation;
  info.cpu_model = emulation ? fmt::format("emulated {} (host: {})", emulation->guest_architecture,
                                           emulation->host_cpu)
                             : CpuModel(sysmon::ReadCpuinfo(root));
  info.logical_cores = static_cast<int>(std::thread::hardware_concurrency());
  const auto governor = ReadText(base / "sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
  info.frequency_governor = governor && !Trim(*governor).empty() ? Trim(*governor) : kNotAvailable;
  info.os = OsPrettyName(ReadText(base / "etc/os-release"));
  utsname names{};
  if (uname(&names) == 0) {
    info.kernel = std::string(names.sysname) + " " + names.release;
    info.architecture = names.machine;
  } else {
    info.kernel = kUnknown;
    info.architecture = kUnknown;
  }
  char host[256] = {};
  info.hostname = gethostname(host, sizeof(host) - 1) == 0 && host[0] != '\0' ? host : kUnknown;
  return info;
}

std::optional<std::string> EmulationWarning(const MachineInfo& machine) {
  if (!machine.platform.emulation) return std::nullopt;
  return sysmon::EmulationNote(*machine.platform.emulation) +
         ": latency under an emulator says nothing about any device";
}

Context CollectContext(const std::string& root) { return {ThisBuild(), ReadMachineInfo(root)}; }

}  // namespace edgebench::bench
