#include "bench/context.h"

#include <gtest/gtest.h>
#include <sys/utsname.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace edgebench::bench {
namespace {

namespace fs = std::filesystem;

// A fake machine root written by the test: only the files it is given.
class FakeRoot {
 public:
  explicit FakeRoot(const std::string& name)
      : root_(fs::temp_directory_path() / ("edgebench_context_" + name)) {
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  ~FakeRoot() { fs::remove_all(root_); }

  void Write(const std::string& relative, const std::string& text) const {
    const fs::path path = root_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }
  std::string path() const { return root_.string(); }

 private:
  fs::path root_;
};

constexpr char kGovernorPath[] = "sys/devices/system/cpu/cpu0/cpufreq/scaling_governor";

// Shortened from a real x86 /proc/cpuinfo: note the numeric "model" key that
// must not be taken for "model name".
constexpr char kX86Cpuinfo[] =
    "processor\t: 0\n"
    "vendor_id\t: GenuineIntel\n"
    "cpu family\t: 6\n"
    "model\t\t: 85\n"
    "model name\t: Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz\n"
    "stepping\t: 7\n"
    "\n"
    "processor\t: 1\n"
    "model\t\t: 85\n"
    "model name\t: Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz\n";

// Raspberry Pi 4 on a 64-bit kernel: no "model name", the board in "Model".
constexpr char kPi4Cpuinfo[] =
    "processor\t: 0\n"
    "BogoMIPS\t: 108.00\n"
    "Features\t: fp asimd evtstrm crc32 cpuid\n"
    "CPU implementer\t: 0x41\n"
    "CPU part\t: 0xd08\n"
    "\n"
    "Hardware\t: BCM2835\n"
    "Revision\t: d03114\n"
    "Serial\t\t: 10000000abcdef01\n"
    "Model\t\t: Raspberry Pi 4 Model B Rev 1.4\n";

TEST(ContextTest, X86BoxWithGovernor) {
  FakeRoot root("x86");
  root.Write("proc/cpuinfo", kX86Cpuinfo);
  root.Write(kGovernorPath, "performance\n");
  root.Write("etc/os-release",
             "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n");
  const MachineInfo info = ReadMachineInfo(root.path());
  EXPECT_EQ(info.cpu_model, "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz");
  EXPECT_EQ(info.frequency_governor, "performance");
  EXPECT_EQ(info.os, "Debian GNU/Linux 12 (bookworm)");
}

TEST(ContextTest, RaspberryPi4TakesTheBoardModel) {
  FakeRoot root("pi4");
  root.Write("proc/cpuinfo", kPi4Cpuinfo);
  root.Write(kGovernorPath, "ondemand\n");
  root.Write("etc/os-release", "NAME=Debian\nPRETTY_NAME=Debian GNU/Linux 12 (bookworm)\n");
  const MachineInfo info = ReadMachineInfo(root.path());
  EXPECT_EQ(info.cpu_model, "Raspberry Pi 4 Model B Rev 1.4");
  EXPECT_EQ(info.frequency_governor, "ondemand");
  EXPECT_EQ(info.os, "Debian GNU/Linux 12 (bookworm)");  // unquoted value
}

TEST(ContextTest, HardwareIsTheLastResort) {
  FakeRoot root("hardware");
  root.Write("proc/cpuinfo", "processor\t: 0\nHardware\t: BCM2835\n");
  EXPECT_EQ(ReadMachineInfo(root.path()).cpu_model, "BCM2835");
}

TEST(ContextTest, MachineWithoutCpufreqOrOsRelease) {
  FakeRoot root("bare");
  root.Write("proc/cpuinfo", "processor\t: 0\nvendor_id\t: AuthenticAMD\n");
  const MachineInfo info = ReadMachineInfo(root.path());
  EXPECT_EQ(info.cpu_model, "unknown");
  EXPECT_EQ(info.frequency_governor, "not available");
  EXPECT_EQ(info.os, "unknown");
}

TEST(ContextTest, EmptyRootGivesPlaceholdersNotErrors) {
  FakeRoot root("empty");
  const MachineInfo info = ReadMachineInfo(root.path());
  EXPECT_EQ(info.cpu_model, "unknown");
  EXPECT_EQ(info.frequency_governor, "not available");
}

TEST(ContextTest, KernelAndArchitectureComeFromUname) {
  FakeRoot root("uname");
  const MachineInfo info = ReadMachineInfo(root.path());
  utsname names{};
  ASSERT_EQ(uname(&names), 0);
  EXPECT_EQ(info.kernel, std::string(names.sysname) + " " + names.release);
  EXPECT_EQ(info.architecture, names.machine);
  EXPECT_GT(info.logical_cores, 0);
}

// qemu-aarch64 on an x86 host: /proc/cpuinfo is the host's, and must not be
// taken for the device's CPU.
TEST(ContextTest, UnderEmulationTheHostCpuIsNamedAsTheHost) {
  FakeRoot root("emulated");
  root.Write("proc/cpuinfo", kX86Cpuinfo);
  root.Write("proc/sys/kernel/arch", "x86_64\n");
  const MachineInfo info = ReadMachineInfo(root.path(), "aarch64");
  EXPECT_EQ(info.cpu_model, "emulated aarch64 (host: Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz)");
  ASSERT_TRUE(info.platform.emulation.has_value());
  EXPECT_EQ(EmulationWarning(info),
            "emulated: aarch64 on x86_64 host, timings meaningless: latency under an emulator "
            "says nothing about any device");
  const MachineInfo native = ReadMachineInfo(root.path(), "x86_64");
  EXPECT_EQ(native.cpu_model, "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz");
  EXPECT_EQ(EmulationWarning(native), std::nullopt);
}

TEST(ContextTest, APiTreeReadsAsANativePi) {
  FakeRoot root("pi_platform");
  root.Write("proc/cpuinfo", kPi4Cpuinfo);
  root.Write("proc/device-tree/model", std::string("Raspberry Pi 4 Model B Rev 1.4\0", 31));
  const MachineInfo info = ReadMachineInfo(root.path());
  EXPECT_EQ(info.platform.board, "Raspberry Pi 4 Model B Rev 1.4");
  EXPECT_EQ(info.platform.cpu_core, "Cortex-A72");
  EXPECT_FALSE(info.platform.emulation.has_value());
}

// The version in the top-level CMakeLists.txt's project() line.
std::string ProjectVersion() {
  std::ifstream file(std::string(EDGEBENCH_SOURCE_DIR) + "/CMakeLists.txt");
  std::string line;
  const std::string key = "project(edgebench VERSION ";
  while (std::getline(file, line)) {
    if (line.starts_with(key))
      return line.substr(key.size(), line.find(' ', key.size()) - key.size());
  }
  return "";
}

TEST(ContextTest, BuildInfoDescribesThisCompiler) {
  const BuildInfo build = ThisBuild();
  EXPECT_EQ(build.version, ProjectVersion());
#if defined(__clang__)
  EXPECT_EQ(build.compiler_id, "Clang");
  EXPECT_TRUE(build.compiler_version.starts_with(std::to_string(__clang_major__) + "."));
#elif defined(__GNUC__)
  EXPECT_EQ(build.compiler_id, "GNU");
  EXPECT_TRUE(build.compiler_version.starts_with(std::to_string(__GNUC__) + "." +
                                                 std::to_string(__GNUC_MINOR__)));
#endif
#if defined(NDEBUG)
  EXPECT_NE(build.cxx_flags.find("-DNDEBUG"), std::string::npos) << build.cxx_flags;
#else
  EXPECT_EQ(build.build_type, "Debug");
  EXPECT_NE(build.cxx_flags.find("-g"), std::string::npos) << build.cxx_flags;
#endif
  // A short hash (hex) or "unknown" outside a git checkout.
  EXPECT_TRUE(build.git_revision == "unknown" ||
              (build.git_revision.size() >= 7 &&
               build.git_revision.find_first_not_of("0123456789abcdef") == std::string::npos))
      << build.git_revision;
}

}  // namespace
}  // namespace edgebench::bench
