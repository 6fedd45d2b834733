// Facts about the machine that `edgebench sysinfo` shows beside the
// sensors: the CPU's vector extensions, memory and the board, read from
// files under a root ("/" normally, a fake tree in tests).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace edgebench::sysmon {

// The vector/ML extensions the kernel reports in /proc/cpuinfo's first
// "flags" (x86) or "Features" (Arm) line, by their common names, e.g.
// {"SSE4.2", "AVX2", "FMA", "AVX-512F", "AVX-512 VNNI"} or {"NEON",
// "dot-product"}. XNNPACK picks its kernels from the same CPU features.
// On a live Arm system (root "/") they come from the kernel's
// AT_HWCAP instead, which stays right under user-mode emulation.
std::vector<std::string> IsaExtensions(const std::string& root);

// /proc/cpuinfo under `root`, whole; "" when absent.
std::string ReadCpuinfo(const std::string& root);

// The first "key : value" line of cpuinfo text whose key is exactly `key`
// ("model name", "CPU part"), trimmed; nullopt when absent or empty.
std::optional<std::string> CpuinfoValue(const std::string& cpuinfo, const std::string& key);

// The CPU's feature words in the kernel's order: /proc/cpuinfo's first
// "flags" (x86) or "Features" (Arm) line, e.g. {"fp", "asimd", "evtstrm",
// ...}; on a live Arm system (root "/") the same words from AT_HWCAP, which
// stay the emulated CPU's under user-mode emulation.
std::vector<std::string> CpuFeatureWords(const std::string& root);

struct MemoryInfo {
  std::optional<int64_t> total_bytes;      // /proc/meminfo MemTotal
  std::optional<int64_t> available_bytes;  // MemAvailable
};
MemoryInfo ReadMemoryInfo(const std::string& root);

// /proc/device-tree/model without its trailing NUL, e.g. "Raspberry Pi 4
// Model B Rev 1.4"; nullopt where there is no device tree (x86, most VMs).
std::optional<std::string> BoardModel(const std::string& root);

}  // namespace edgebench::sysmon
