// The board a result was measured on, beyond "aarch64": which Raspberry Pi
// (or other single-board computer), its SoC and CPU core, the CPU features
// the kernels can use, 32- or 64-bit userland, the firmware's throttle
// flags and clocks, and whether edgebench runs under user-mode emulation
// (then the timings say nothing about any device). Read from files under a
// root ("/" normally, a fake tree in tests).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace edgebench::sysmon {

// Running a binary of one architecture on a kernel of another, which only
// an emulator (qemu-user through binfmt_misc or by hand) does.
struct Emulation {
  std::string guest_architecture;  // the binary's, e.g. "aarch64"
  std::string host_architecture;   // the real kernel's, e.g. "x86_64"
  std::string host_cpu;            // the host's /proc/cpuinfo "model name", or "unknown"
};

struct PlatformFacts {
  std::optional<std::string>
      board;                       // /proc/device-tree/model, e.g. "Raspberry Pi 4 Model B Rev 1.4"
  std::optional<std::string> soc;  // the device tree's SoC, e.g. "BCM2711" from "brcm,bcm2711"
  // /proc/cpuinfo "CPU implementer" and "CPU part" by name, e.g.
  // "Cortex-A72"; "Arm part 0xd4f" for a part not in the table.
  std::optional<std::string> cpu_core;
  std::vector<std::string>
      cpu_features;                 // Arm "Features" words (asimd, asimddp, ...); empty on x86
  int userland_bits = 0;            // the binary's: 32 on Raspbian (armhf), 0 unknown
  std::string kernel_architecture;  // the kernel's machine, e.g. "aarch64", "armv7l"
  int kernel_bits = 0;              // 0 unknown
  std::optional<uint32_t> throttle_flags;  // the firmware's (throttle.h) when the run began
  std::optional<double> core_volts;        // `vcgencmd measure_volts` (core), volts
  std::optional<int> arm_freq_mhz;         // `vcgencmd get_config arm_freq`: the set maximum
  std::optional<Emulation> emulation;      // set: timings meaningless
};

// The architecture this edgebench was built for, as `uname -m` names it:
// "aarch64", "arm" (32-bit), "x86_64", "i686", or "unknown".
std::string ThisBinaryArchitecture();

// What runs on the machine under `root`: this build on the live machine
// ("/"); nullopt for a fake tree (a captured machine in tests), which then
// reads as if a program native to that machine read it.
std::optional<std::string> BinaryArchitectureFor(const std::string& root);

// 64 for "aarch64", "x86_64" and other "...64" names, 32 for "arm...",
// "i386"-"i686"; 0 otherwise.
int ArchitectureBits(const std::string& architecture);

// Emulated when the binary's architecture family (x86 or Arm) differs from
// the kernel's (proc/sys/kernel/arch, which qemu-user does not fake, unlike
// uname) or, without that file, from the CPU /proc/cpuinfo describes.
// nullopt without a binary architecture or when the families agree.
std::optional<Emulation> DetectEmulation(const std::string& root,
                                         const std::optional<std::string>& binary_architecture);

// "emulated: aarch64 on x86_64 host, timings meaningless".
std::string EmulationNote(const Emulation& emulation);

// Everything above. Runs vcgencmd (bounded, see RunVcgencmd) only where
// FindVcgencmd finds it; the kernel's architecture falls back to uname.
PlatformFacts ReadPlatformFacts(const std::string& root,
                                const std::optional<std::string>& binary_architecture);

// The record's context.platform block (docs/result-schema.md); absent
// facts are null.
nlohmann::ordered_json PlatformJson(const PlatformFacts& platform);

}  // namespace edgebench::sysmon
