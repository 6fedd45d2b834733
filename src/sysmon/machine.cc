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

std::string Trim(const std::string& s) {
  const char* kSpace = " \t\r\n";
  const size_t first = s.find_first_not_of(kSpace);
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

std::vector<std::string> Words(const std::string& text) {
  std::istringstream words(text);
  std::vector<std::string> out;
  std::string word;
  while (words >> word) out.push_back(word);
  return out;
}

#if defined(__aarch64__) || defined(__arm__)
struct HwcapBit {
  int word;  // 1: AT_HWCAP, 2: AT_HWCAP2
  unsigned long bit;
  const char* name;  // as /proc/cpuinfo's "Features" spells it
};

// In the kernel's /proc/cpuinfo order, the features Raspberry Pi CPUs and
// XNNPACK's kernel choice care about.
constexpr HwcapBit kHwcapBits[] = {
#if defined(__aarch64__)
    {1, HWCAP_FP, "fp"},
    {1, HWCAP_ASIMD, "asimd"},
    {1, HWCAP_EVTSTRM, "evtstrm"},
    {1, HWCAP_AES, "aes"},
    {1, HWCAP_PMULL, "pmull"},
    {1, HWCAP_SHA1, "sha1"},
    {1, HWCAP_SHA2, "sha2"},
    {1, HWCAP_CRC32, "crc32"},
    {1, HWCAP_ATOMICS, "atomics"},
    {1, HWCAP_FPHP, "fphp"},
    {1, HWCAP_ASIMDHP, "asimdhp"},
    {1, HWCAP_CPUID, "cpuid"},
    {1, HWCAP_ASIMDRDM, "asimdrdm"},
    {1, HWCAP_LRCPC, "lrcpc"},
    {1, HWCAP_DCPOP, "dcpop"},
    {1, HWCAP_ASIMDDP, "asimddp"},
    {1, HWCAP_SVE, "sve"},
    {2, HWCAP2_I8MM, "i8mm"},
#else
    {1, HWCAP_ARM_HALF, "half"},          {1, HWCAP_ARM_THUMB, "thumb"},
    {1, HWCAP_ARM_FAST_MULT, "fastmult"}, {1, HWCAP_ARM_VFP, "vfp"},
    {1, HWCAP_ARM_EDSP, "edsp"},          {1, HWCAP_ARM_NEON, "neon"},
    {1, HWCAP_ARM_VFPv3, "vfpv3"},        {1, HWCAP_ARM_TLS, "tls"},
    {1, HWCAP_ARM_VFPv4, "vfpv4"},        {1, HWCAP_ARM_IDIVA, "idiva"},
    {1, HWCAP_ARM_IDIVT, "idivt"},        {1, HWCAP_ARM_VFPD32, "vfpd32"},
    {1, HWCAP_ARM_LPAE, "lpae"},          {1, HWCAP_ARM_EVTSTRM, "evtstrm"},
#endif
};

// This process's CPU features as the kernel hands them to it (AT_HWCAP).
// Under user-mode emulation (qemu-aarch64 running the arm64 build on x86)
// /proc/cpuinfo is the host's, while these bits are the emulated CPU's, the
// ones XNNPACK sees.
std::vector<std::string> HwcapWords() {
  const unsigned long hwcap[] = {getauxval(AT_HWCAP), getauxval(AT_HWCAP2)};
  std::vector<std::string> words;
  for (const HwcapBit& b : kHwcapBits) {
    if (hwcap[b.word - 1] & b.bit) words.push_back(b.name);
  }
  return words;
}
#endif

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

std::string ReadCpuinfo(const std::string& root) {
  return ReadWhole(JoinPath(root, "proc/cpuinfo"));
}

std::optional<std::string> CpuinfoValue(const std::string& cpuinfo, const std::string& key) {
  std::istringstream lines(cpuinfo);
  std::string line;
  while (std::getline(lines, line)) {
    const size_t colon = line.find(':');
    if (colon == std::string::npos || Trim(line.substr(0, colon)) != key) continue;
    const std::string value = Trim(line.substr(colon + 1));
    if (!value.empty()) return value;
  }
  return std::nullopt;
}

std::vector<std::string> CpuFeatureWords(const std::string& root) {
#if defined(__aarch64__) || defined(__arm__)
  if (root == "/") return HwcapWords();
#endif
  const std::string cpuinfo = ReadCpuinfo(root);
  for (const char* key : {"flags", "Features"}) {
    if (auto line = CpuinfoValue(cpuinfo, key)) return Words(*line);
  }
  return {};
}

std::vector<std::string> IsaExtensions(const std::string& root) {
  const std::vector<std::string> words = CpuFeatureWords(root);
  const std::set<std::string> flags(words.begin(), words.end());
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
