#include "sysmon/machine.h"

#if defined(__aarch64__) || defined(__arm__)
#include <sys/auxv.h>
#endif

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "sysmon/sysfs_file.h"

namespace edgebench::sysmon {
namespace {

struct Extension {
  const char* flag;  // as /proc/cpuinfo spells it
  const char* name;  // as people say it
};

// In the order shown. x86 "flags", then Arm "Features" (64-bit "asimd",
// 32-bit "neon").
constexpr Extension kExtensions[] = {
    {"sse4_2", "SSE4.2"},
    {"avx", "AVX"},
    {"avx2", "AVX2"},
    {"fma", "FMA"},
    {"f16c", "F16C"},
    {"avx512f", "AVX-512F"},
    {"avx512bw", "AVX-512BW"},
    {"avx512_vnni", "AVX-512 VNNI"},
    {"avx_vnni", "AVX-VNNI"},
    {"amx_int8", "AMX-INT8"},
    {"asimd", "NEON"},
    {"neon", "NEON"},
    {"asimddp", "dot-product"},
    {"asimdhp", "FP16 arithmetic"},
    {"i8mm", "int8 matrix multiply"},
    {"sve", "SVE"},
};

// The whole file through a stream: /proc/cpuinfo is longer than the 4 KiB
// ReadSmallFile keeps.
std::string ReadWhole(const std::string& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::set<std::string> CpuFlags(const std::string& cpuinfo) {
  std::istringstream lines(cpuinfo);
  std::string line;
  while (std::getline(lines, line)) {
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::istringstream key_text(line.substr(0, colon));
    std::string key;
    key_text >> key;
    if (key != "flags" && key != "Features") continue;
    std::istringstream words(line.substr(colon + 1));
    std::set<std::string> flags;
    std::string word;
    while (words >> word) flags.insert(word);
    return flags;
  }
  return {};
}

#if defined(__aarch64__) || defined(__arm__)
// This process's CPU features as the kernel hands them to it (AT_HWCAP),
// spelled as /proc/cpuinfo's "Features" line spells them. Under user-mode
// emulation (qemu-aarch64 running the arm64 build on x86) /proc/cpuinfo is
// the host's, while these bits are the emulated CPU's, the ones XNNPACK
// sees.
std::set<std::string> HwcapFlags() {
  const unsigned long hwcap = getauxval(AT_HWCAP);
  std::set<std::string> flags;
#if defined(__aarch64__)
  const unsigned long hwcap2 = getauxval(AT_HWCAP2);
  if (hwcap & HWCAP_ASIMD) flags.insert("asimd");
  if (hwcap & HWCAP_ASIMDDP) flags.insert("asimddp");
  if (hwcap & HWCAP_ASIMDHP) flags.insert("asimdhp");
  if (hwcap & HWCAP_SVE) flags.insert("sve");
  if (hwcap2 & HWCAP2_I8MM) flags.insert("i8mm");
#else
  // Of the vector features, glibc's 32-bit Arm headers name only NEON.
  if (hwcap & HWCAP_ARM_NEON) flags.insert("neon");
#endif
  return flags;
}
#endif

// The live machine's flags, or a fake tree's from its proc/cpuinfo.
std::set<std::string> MachineFlags(const std::string& root) {
#if defined(__aarch64__) || defined(__arm__)
  if (root == "/") return HwcapFlags();
#endif
  return CpuFlags(ReadWhole(JoinPath(root, "proc/cpuinfo")));
}

std::optional<int64_t> MeminfoBytes(const std::string& meminfo, const std::string& key) {
  std::istringstream lines(meminfo);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.starts_with(key + ":")) continue;
    std::istringstream fields(line.substr(key.size() + 1));
    int64_t kib = 0;
    if (fields >> kib) return kib * 1024;
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> IsaExtensions(const std::string& root) {
  const std::set<std::string> flags = MachineFlags(root);
  std::vector<std::string> names;
  for (const Extension& e : kExtensions) {
    if (!flags.contains(e.flag)) continue;
    if (std::find(names.begin(), names.end(), e.name) == names.end()) names.push_back(e.name);
  }
  return names;
}

MemoryInfo ReadMemoryInfo(const std::string& root) {
  const std::string meminfo = ReadWhole(JoinPath(root, "proc/meminfo"));
  return {MeminfoBytes(meminfo, "MemTotal"), MeminfoBytes(meminfo, "MemAvailable")};
}

std::optional<std::string> BoardModel(const std::string& root) {
  auto model = ReadSmallFile(JoinPath(root, "proc/device-tree/model"));
  if (!model) return std::nullopt;
  while (!model->empty() && model->back() == '\0') model->pop_back();
  if (model->empty()) return std::nullopt;
  return model;
}

}  // namespace edgebench::sysmon
