// The machine and build a result was measured on: what a reader needs to
// reproduce it or to know why it differs from another.
#pragma once

#include <optional>
#include <string>

#include "sysmon/platform.h"

namespace edgebench::bench {

// Fixed when edgebench was compiled (CMake passes them in).
struct BuildInfo {
  std::string version;           // EDGEBENCH_VERSION, e.g. "0.1.0"
  std::string git_revision;      // `git rev-parse --short HEAD` at configure time, or "unknown"
  std::string compiler_id;       // CMAKE_CXX_COMPILER_ID, e.g. "GNU"
  std::string compiler_version;  // e.g. "12.2.0"
  std::string build_type;        // e.g. "Release"
  std::string cxx_flags;         // CMAKE_CXX_FLAGS plus the build type's flags
};

// Read from the running machine.
struct MachineInfo {
  std::string cpu_model;           // see ReadMachineInfo
  int logical_cores = 0;           // std::thread::hardware_concurrency(), 0 if unknown
  std::string frequency_governor;  // cpu0's cpufreq governor, or "not available"
  std::string kernel;              // uname: sysname and release, e.g. "Linux 6.1.0-13-amd64"
  std::string os;                  // /etc/os-release PRETTY_NAME, or "unknown"
  std::string architecture;        // uname machine, e.g. "x86_64", "aarch64"
  std::string hostname;            // gethostname(), or "unknown"; `run --machine` overrides it
  sysmon::PlatformFacts platform;  // the board, SoC, CPU core, ... and emulation
};

struct Context {
  BuildInfo build;
  MachineInfo machine;
};

// The value of every file-based field when the file or the entry is absent.
inline constexpr char kNotAvailable[] = "not available";
inline constexpr char kUnknown[] = "unknown";

BuildInfo ThisBuild();

// Reads the machine's files under `root` ("/" normally; a test passes a fake
// tree holding proc/cpuinfo, sys/devices/system/cpu/cpu0/cpufreq/
// scaling_governor and etc/os-release). cpu_model is /proc/cpuinfo's first
// "model name" (x86, 32-bit arm), else "Model" (the board, e.g. a Raspberry
// Pi on a 64-bit kernel), else "Hardware", else "unknown". The kernel,
// architecture and core count come from the running system, not from root.
// Under emulation (sysmon::DetectEmulation) cpu_model names the host's CPU
// as the host's: "emulated aarch64 (host: AMD EPYC 7B13)".
MachineInfo ReadMachineInfo(const std::string& root = "/");
// As above, for a binary of `binary_architecture` running on the machine
// under `root` (ReadMachineInfo(root) takes sysmon::BinaryArchitectureFor).
MachineInfo ReadMachineInfo(const std::string& root,
                            const std::optional<std::string>& binary_architecture);

// The warning a record measured under emulation carries, e.g. "emulated:
// aarch64 on x86_64 host, timings meaningless: ..."; nullopt natively.
std::optional<std::string> EmulationWarning(const MachineInfo& machine);

Context CollectContext(const std::string& root = "/");

}  // namespace edgebench::bench
