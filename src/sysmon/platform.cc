#include "sysmon/platform.h"

#include <fmt/format.h>
#include <sys/utsname.h>

#include <cctype>
#include <charconv>
#include <sstream>

#include "sysmon/machine.h"
#include "sysmon/sysfs_file.h"
#include "sysmon/throttle.h"

namespace edgebench::sysmon {
namespace {

using json = nlohmann::ordered_json;

struct CorePart {
  unsigned implementer;
  unsigned part;
  const char* name;
};

// /proc/cpuinfo's "CPU implementer" and "CPU part" (the MIDR register's
// fields) of the cores on Raspberry Pis and their common neighbours.
constexpr CorePart kCoreParts[] = {
    {0x41, 0xb76, "ARM1176"},    {0x41, 0xc07, "Cortex-A7"},   {0x41, 0xd03, "Cortex-A53"},
    {0x41, 0xd04, "Cortex-A35"}, {0x41, 0xd05, "Cortex-A55"},  {0x41, 0xd07, "Cortex-A57"},
    {0x41, 0xd08, "Cortex-A72"}, {0x41, 0xd09, "Cortex-A73"},  {0x41, 0xd0a, "Cortex-A75"},
    {0x41, 0xd0b, "Cortex-A76"}, {0x41, 0xd0c, "Neoverse-N1"}, {0x41, 0xd0d, "Cortex-A77"},
    {0x41, 0xd41, "Cortex-A78"},
};

// "x86" or "arm" for an architecture name; "" for others.
std::string Family(const std::string& architecture) {
  if (architecture == "x86_64" || architecture == "amd64" ||
      (architecture.size() == 4 && architecture[0] == 'i' && architecture.ends_with("86"))) {
    return "x86";
  }
  if (architecture.starts_with("aarch64") || architecture.starts_with("arm")) return "arm";
  return "";
}

// The family of the CPU /proc/cpuinfo describes: Arm kernels name the
// implementer, x86 ones the vendor.
std::string CpuinfoFamily(const std::string& cpuinfo) {
  if (CpuinfoValue(cpuinfo, "CPU implementer")) return "arm";
  if (CpuinfoValue(cpuinfo, "vendor_id")) return "x86";
  return "";
}

std::optional<unsigned> Hex(const std::string& text) {
  std::string_view digits = text;
  if (digits.starts_with("0x") || digits.starts_with("0X")) digits.remove_prefix(2);
  unsigned value = 0;
  const auto [end, error] =
      std::from_chars(digits.data(), digits.data() + digits.size(), value, 16);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

std::optional<std::string> CpuCore(const std::string& cpuinfo) {
  const auto implementer_text = CpuinfoValue(cpuinfo, "CPU implementer");
  const auto part_text = CpuinfoValue(cpuinfo, "CPU part");
  if (!implementer_text || !part_text) return std::nullopt;
  const auto implementer = Hex(*implementer_text);
  const auto part = Hex(*part_text);
  if (!implementer || !part) return std::nullopt;
  for (const CorePart& p : kCoreParts) {
    if (p.implementer == *implementer && p.part == *part) return p.name;
  }
  return fmt::format("implementer 0x{:02x} part 0x{:03x}", *implementer, *part);
}

// The device tree's "compatible" lists the board first and the SoC last,
// each NUL-terminated: "raspberrypi,4-model-b\0brcm,bcm2711\0" gives
// "BCM2711".
std::optional<std::string> Soc(const std::string& root) {
  const auto compatible = ReadSmallFile(JoinPath(root, "proc/device-tree/compatible"));
  if (!compatible) return std::nullopt;
  std::string last;
  std::istringstream entries(*compatible);
  for (std::string entry; std::getline(entries, entry, '\0');) {
    if (!entry.empty()) last = entry;
  }
  if (last.empty()) return std::nullopt;
  std::string soc = last.substr(last.find(',') + 1);
  for (char& c : soc) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return soc;
}

std::string UnameMachine() {
  utsname names{};
  return uname(&names) == 0 ? names.machine : "unknown";
}

// The kernel's own machine name: proc/sys/kernel/arch is the real kernel's
// even under qemu-user, which fakes uname.
std::optional<std::string> KernelArch(const std::string& root) {
  return ReadSmallFile(JoinPath(root, "proc/sys/kernel/arch"));
}

// vcgencmd's "key=value" answer's value, e.g. "0.8500V" from "volt=0.8500V".
std::optional<std::string> VcgencmdValue(const std::string& tool,
                                         const std::vector<std::string>& arguments) {
  const auto out = RunVcgencmd(tool, arguments);
  if (!out) return std::nullopt;
  const size_t equals = out->find('=');
  if (equals == std::string::npos) return std::nullopt;
  std::string value = out->substr(equals + 1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.pop_back();
  return value;
}

template <typename T>
std::optional<T> Number(std::optional<std::string> text, std::string_view unit = "") {
  if (!text) return std::nullopt;
  if (!unit.empty() && text->ends_with(unit)) text->resize(text->size() - unit.size());
  T value{};
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size()) return std::nullopt;
  return value;
}

template <typename T>
json OrNull(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

}  // namespace

std::string ThisBinaryArchitecture() {
#if defined(__aarch64__)
  return "aarch64";
#elif defined(__arm__)
  return "arm";
#elif defined(__x86_64__)
  return "x86_64";
#elif defined(__i386__)
  return "i686";
#else
  return "unknown";
#endif
}

std::optional<std::string> BinaryArchitectureFor(const std::string& root) {
  if (root == "/") return ThisBinaryArchitecture();
  return std::nullopt;
}

int ArchitectureBits(const std::string& architecture) {
  if (architecture.ends_with("64")) return 64;
  if (!Family(architecture).empty()) return 32;
  return 0;
}

std::optional<Emulation> DetectEmulation(const std::string& root,
                                         const std::optional<std::string>& binary_architecture) {
  if (!binary_architecture) return std::nullopt;
  const std::string guest = Family(*binary_architecture);
  const std::string cpuinfo = ReadCpuinfo(root);
  const auto kernel = KernelArch(root);
  const std::string host = kernel ? Family(*kernel) : CpuinfoFamily(cpuinfo);
  if (guest.empty() || host.empty() || guest == host) return std::nullopt;
  return Emulation{*binary_architecture, kernel ? *kernel : host,
                   CpuinfoValue(cpuinfo, "model name").value_or("unknown")};
}

std::string EmulationNote(const Emulation& emulation) {
  return fmt::format("emulated: {} on {} host, timings meaningless", emulation.guest_architecture,
                     emulation.host_architecture);
}

PlatformFacts ReadPlatformFacts(const std::string& root,
                                const std::optional<std::string>& binary_architecture) {
  const std::string cpuinfo = ReadCpuinfo(root);
  PlatformFacts p;
  p.board = BoardModel(root);
  p.soc = Soc(root);
  p.cpu_core = CpuCore(cpuinfo);
  // Only an Arm CPU's: under emulation /proc/cpuinfo is the x86 host's.
  if (CpuinfoFamily(cpuinfo) == "arm") p.cpu_features = CpuFeatureWords(root);
  p.kernel_architecture = KernelArch(root).value_or(UnameMachine());
  p.kernel_bits = ArchitectureBits(p.kernel_architecture);
  p.userland_bits = binary_architecture ? ArchitectureBits(*binary_architecture) : p.kernel_bits;
  if (const auto source = FindThrottleSource(root)) p.throttle_flags = ReadThrottleFlags(*source);
  if (const auto tool = FindVcgencmd(root)) {
    p.core_volts = Number<double>(VcgencmdValue(*tool, {"measure_volts"}), "V");
    p.arm_freq_mhz = Number<int>(VcgencmdValue(*tool, {"get_config", "arm_freq"}));
  }
  p.emulation = DetectEmulation(root, binary_architecture);
  return p;
}

json PlatformJson(const PlatformFacts& p) {
  json emulation = nullptr;
  if (p.emulation) {
    emulation = {{"guest_architecture", p.emulation->guest_architecture},
                 {"host_architecture", p.emulation->host_architecture},
                 {"host_cpu", p.emulation->host_cpu},
                 {"note", EmulationNote(*p.emulation)}};
  }
  return {{"board", OrNull(p.board)},
          {"soc", OrNull(p.soc)},
          {"cpu_core", OrNull(p.cpu_core)},
          {"cpu_features", p.cpu_features},
          {"userland_bits", p.userland_bits},
          {"kernel_architecture", p.kernel_architecture},
          {"kernel_bits", p.kernel_bits},
          {"throttle_flags", OrNull(p.throttle_flags)},
          {"core_volts", OrNull(p.core_volts)},
          {"arm_freq_mhz", OrNull(p.arm_freq_mhz)},
          {"emulation", emulation}};
}

}  // namespace edgebench::sysmon
