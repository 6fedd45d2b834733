// The board's own facts and emulation, read from captured layouts of a
// Raspberry Pi 3B+ (32-bit Raspbian), 4 and 5 and of x86 machines.
#include "sysmon/platform.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "sysmon/fake_tree.h"

namespace edgebench::sysmon {
namespace {

using testing::FakeTree;
using Words = std::vector<std::string>;

TEST(PlatformTest, RaspberryPi3BPlusOnRaspbian32Bit) {
  FakeTree tree("rpi3bplus", "platform_pi3");
  const PlatformFacts p = ReadPlatformFacts(tree.path(), std::nullopt);
  EXPECT_EQ(p.board, "Raspberry Pi 3 Model B Plus Rev 1.3");
  EXPECT_EQ(p.soc, "BCM2837");
  EXPECT_EQ(p.cpu_core, "Cortex-A53");
  EXPECT_EQ(p.cpu_features,
            (Words{"half", "thumb", "fastmult", "vfp", "edsp", "neon", "vfpv3", "tls", "vfpv4",
                   "idiva", "idivt", "vfpd32", "lpae", "evtstrm", "crc32"}));
  EXPECT_EQ(p.kernel_architecture, "armv7l");
  EXPECT_EQ(p.kernel_bits, 32);
  EXPECT_EQ(p.userland_bits, 32);
  EXPECT_EQ(p.throttle_flags, 0u);
  EXPECT_FALSE(p.emulation.has_value());
}

TEST(PlatformTest, RaspberryPi4) {
  FakeTree tree("rpi4", "platform_pi4");
  const PlatformFacts p = ReadPlatformFacts(tree.path(), std::nullopt);
  EXPECT_EQ(p.board, "Raspberry Pi 4 Model B Rev 1.4");
  EXPECT_EQ(p.soc, "BCM2711");
  EXPECT_EQ(p.cpu_core, "Cortex-A72");
  EXPECT_EQ(p.cpu_features, (Words{"fp", "asimd", "evtstrm", "crc32", "cpuid"}));
  EXPECT_EQ(p.kernel_architecture, "aarch64");
  EXPECT_EQ(p.kernel_bits, 64);
  EXPECT_EQ(p.userland_bits, 64);
  EXPECT_FALSE(p.core_volts.has_value());  // no vcgencmd in the tree
  EXPECT_FALSE(p.emulation.has_value());
}

TEST(PlatformTest, RaspberryPi5HasTheDotProduct) {
  FakeTree tree("rpi5", "platform_pi5");
  const PlatformFacts p = ReadPlatformFacts(tree.path(), std::nullopt);
  EXPECT_EQ(p.board, "Raspberry Pi 5 Model B Rev 1.0");
  EXPECT_EQ(p.soc, "BCM2712");
  EXPECT_EQ(p.cpu_core, "Cortex-A76");
  ASSERT_FALSE(p.cpu_features.empty());
  EXPECT_EQ(p.cpu_features.front(), "fp");
  EXPECT_EQ(p.cpu_features.back(), "asimddp");
  EXPECT_EQ(p.userland_bits, 64);
}

// Raspberry Pi OS 32-bit on a Pi 4 boots the 64-bit kernel: the userland is
// the binary's own width, not the kernel's.
TEST(PlatformTest, ArmhfBinaryOnA64BitPiKernel) {
  FakeTree tree("rpi4", "platform_armhf");
  const PlatformFacts p = ReadPlatformFacts(tree.path(), "arm");
  EXPECT_EQ(p.userland_bits, 32);
  EXPECT_EQ(p.kernel_bits, 64);
  EXPECT_FALSE(p.emulation.has_value());
}

TEST(PlatformTest, FirmwareVoltsAndClockFromVcgencmd) {
  FakeTree tree("rpi4", "platform_vcgencmd");
  tree.Write("usr/bin/vcgencmd",
             "#!/bin/sh\n"
             "case \"$1 $2\" in\n"
             "  'get_throttled ') echo throttled=0x50000 ;;\n"
             "  'measure_volts ') echo volt=0.8500V ;;\n"
             "  'get_config arm_freq') echo arm_freq=1800 ;;\n"
             "  *) exit 1 ;;\n"
             "esac\n");
  chmod((tree.path() + "/usr/bin/vcgencmd").c_str(), 0755);
  tree.Remove(testing::kPiThrottlePath);
  const PlatformFacts p = ReadPlatformFacts(tree.path(), std::nullopt);
  EXPECT_EQ(p.core_volts, 0.85);
  EXPECT_EQ(p.arm_freq_mhz, 1800);
  EXPECT_EQ(p.throttle_flags, 0x50000u);
}

TEST(PlatformTest, X86MachineHasNoBoardAndNoArmFeatures) {
  FakeTree tree("x86_desktop", "platform_x86");
  const PlatformFacts p = ReadPlatformFacts(tree.path(), "x86_64");
  EXPECT_FALSE(p.board.has_value());
  EXPECT_FALSE(p.soc.has_value());
  EXPECT_FALSE(p.cpu_core.has_value());
  EXPECT_TRUE(p.cpu_features.empty());
  EXPECT_EQ(p.userland_bits, 64);
  EXPECT_FALSE(p.throttle_flags.has_value());
  EXPECT_FALSE(p.emulation.has_value());
}

// qemu-aarch64 on an x86 host: uname says aarch64, but the kernel's own
// arch file and /proc/cpuinfo are the host's.
TEST(PlatformTest, Arm64BinaryOnX86KernelIsEmulated) {
  FakeTree tree("x86_desktop", "platform_qemu");
  tree.Write("proc/sys/kernel/arch", "x86_64\n");
  const PlatformFacts p = ReadPlatformFacts(tree.path(), "aarch64");
  ASSERT_TRUE(p.emulation.has_value());
  EXPECT_EQ(p.emulation->guest_architecture, "aarch64");
  EXPECT_EQ(p.emulation->host_architecture, "x86_64");
  EXPECT_EQ(p.emulation->host_cpu, "Intel(R) Core(TM) i7-10700 CPU @ 2.90GHz");
  EXPECT_EQ(EmulationNote(*p.emulation), "emulated: aarch64 on x86_64 host, timings meaningless");
  // The host's CPU is not presented as the device's.
  EXPECT_FALSE(p.cpu_core.has_value());
  EXPECT_TRUE(p.cpu_features.empty());
}

// Older kernels have no kernel/arch file: /proc/cpuinfo's CPU tells.
TEST(PlatformTest, EmulationSeenFromCpuinfoAlone) {
  FakeTree x86("x86_desktop", "platform_qemu_cpuinfo");
  const auto on_x86 = DetectEmulation(x86.path(), "arm");
  ASSERT_TRUE(on_x86.has_value());
  EXPECT_EQ(on_x86->host_architecture, "x86");
  FakeTree pi("rpi4", "platform_x86_on_pi");
  pi.Remove("proc/sys/kernel/arch");
  EXPECT_TRUE(DetectEmulation(pi.path(), "x86_64").has_value());
}

TEST(PlatformTest, NativeBinariesAreNotEmulated) {
  FakeTree pi("rpi4", "platform_native");
  EXPECT_FALSE(DetectEmulation(pi.path(), "aarch64").has_value());
  EXPECT_FALSE(DetectEmulation(pi.path(), "arm").has_value());  // armhf on arm64
  EXPECT_FALSE(DetectEmulation(pi.path(), std::nullopt).has_value());
  FakeTree empty("", "platform_empty");
  EXPECT_FALSE(DetectEmulation(empty.path(), "aarch64").has_value());  // nothing to tell
}

TEST(PlatformTest, PartsOutsideTheTableAreNamedByNumber) {
  FakeTree tree("rpi4", "platform_part");
  tree.Write("proc/cpuinfo", "processor\t: 0\nCPU implementer\t: 0x51\nCPU part\t: 0x801\n");
  EXPECT_EQ(ReadPlatformFacts(tree.path(), std::nullopt).cpu_core, "implementer 0x51 part 0x801");
}

TEST(PlatformTest, ArchitectureBits) {
  EXPECT_EQ(ArchitectureBits("aarch64"), 64);
  EXPECT_EQ(ArchitectureBits("x86_64"), 64);
  EXPECT_EQ(ArchitectureBits("armv7l"), 32);
  EXPECT_EQ(ArchitectureBits("arm"), 32);
  EXPECT_EQ(ArchitectureBits("i686"), 32);
  EXPECT_EQ(ArchitectureBits("unknown"), 0);
  EXPECT_EQ(ArchitectureBits(ThisBinaryArchitecture()), static_cast<int>(sizeof(void*)) * 8);
}

TEST(PlatformTest, JsonHasEveryFieldNullWhenAbsent) {
  FakeTree tree("x86_desktop", "platform_json");
  const auto j = PlatformJson(ReadPlatformFacts(tree.path(), "x86_64"));
  EXPECT_EQ(j["board"], nullptr);
  EXPECT_EQ(j["emulation"], nullptr);
  EXPECT_EQ(j["cpu_features"], nlohmann::ordered_json::array());
  FakeTree pi("rpi5", "platform_json_pi");
  const auto k = PlatformJson(ReadPlatformFacts(pi.path(), std::nullopt));
  EXPECT_EQ(k["soc"], "BCM2712");
  EXPECT_EQ(k["cpu_core"], "Cortex-A76");
  EXPECT_EQ(k["throttle_flags"], 0);
}

}  // namespace
}  // namespace edgebench::sysmon
