// `edgebench sysinfo` on fake machine roots (captured layouts) and on this
// machine.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "runtimes/registry.h"
#include "support/edgebench_process.h"
#include "sysmon/fake_tree.h"

namespace edgebench::cli {
namespace {

using edgebench::testing::RunEdgebench;
using nlohmann::json;
using sysmon::testing::FakeTree;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

std::string Layout(const std::string& name) {
  return (std::filesystem::path(EDGEBENCH_SOURCE_DIR) / "tests/data/sysfs" / name).string();
}

TEST(SysinfoCommandTest, RaspberryPi4AsText) {
  const auto outcome = RunEdgebench("sysinfo --sysfs-root " + Layout("rpi4"));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("cpu       Raspberry Pi 4 Model B Rev 1.4"));
  EXPECT_THAT(outcome.out, HasSubstr("isa       NEON\n"));
  EXPECT_THAT(outcome.out, HasSubstr("memory    3.7 GiB total, 3.3 GiB available"));
  EXPECT_THAT(outcome.out,
              HasSubstr("board     Raspberry Pi 4 Model B Rev 1.4 (BCM2711, Cortex-A72)\n"));
  EXPECT_THAT(outcome.out, HasSubstr("features  fp asimd evtstrm crc32 cpuid\n"));
  EXPECT_THAT(outcome.out, HasSubstr("userland  64-bit on a 64-bit kernel (aarch64)\n"));
  EXPECT_THAT(outcome.out, Not(HasSubstr("emulated")));
  EXPECT_THAT(outcome.out, HasSubstr("governor  ondemand"));
  EXPECT_THAT(outcome.out, HasSubstr("load      0.52"));
  EXPECT_THAT(outcome.out, HasSubstr("sensors   7 found"));
  EXPECT_THAT(outcome.out, HasSubstr("cpu_thermal"));
  EXPECT_THAT(outcome.out, HasSubstr("48.7 C"));
  EXPECT_THAT(outcome.out, HasSubstr("1500 MHz (600-1500 MHz, ondemand)"));
  EXPECT_THAT(outcome.out, HasSubstr("0x0 (none)"));
}

TEST(SysinfoCommandTest, RaspberryPi4AsJson) {
  const auto outcome = RunEdgebench("sysinfo --json --sysfs-root " + Layout("rpi4"));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const json info = json::parse(outcome.out);
  EXPECT_EQ(info["cpu_model"], "Raspberry Pi 4 Model B Rev 1.4");
  EXPECT_EQ(info["isa_extensions"], json({"NEON"}));
  EXPECT_EQ(info["memory"]["total_bytes"], int64_t{3884328} * 1024);
  EXPECT_EQ(info["memory"]["available_bytes"], int64_t{3411232} * 1024);
  EXPECT_EQ(info["board_model"], "Raspberry Pi 4 Model B Rev 1.4");
  EXPECT_EQ(info["os"], "Debian GNU/Linux 12 (bookworm)");
  ASSERT_EQ(info["sensors"].size(), 7u);
  EXPECT_EQ(info["sensors"][0]["kind"], "thermal_zone");
  EXPECT_EQ(info["sensors"][0]["reading"], 48.686);
  EXPECT_EQ(info["sensors"][2]["kind"], "cpufreq");
  EXPECT_EQ(info["sensors"][2]["reading"], 1500);
  EXPECT_EQ(info["sensors"][2]["min_mhz"], 600);
  EXPECT_EQ(info["sensors"][6]["kind"], "throttle");
  EXPECT_EQ(info["sensors"][6]["reading"], 0);
}

TEST(SysinfoCommandTest, RaspberryPi3BPlusOnRaspbian) {
  const auto outcome = RunEdgebench("sysinfo --sysfs-root " + Layout("rpi3bplus"));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("cpu       ARMv7 Processor rev 4 (v7l)"));
  EXPECT_THAT(outcome.out,
              HasSubstr("board     Raspberry Pi 3 Model B Plus Rev 1.3 (BCM2837, Cortex-A53)\n"));
  EXPECT_THAT(outcome.out, HasSubstr("features  half thumb fastmult vfp edsp neon"));
  EXPECT_THAT(outcome.out, HasSubstr("userland  32-bit on a 32-bit kernel (armv7l)\n"));
  EXPECT_THAT(outcome.out, HasSubstr("os        Raspbian GNU/Linux 10 (buster)"));
}

TEST(SysinfoCommandTest, RaspberryPi5AsJson) {
  const auto outcome = RunEdgebench("sysinfo --json --sysfs-root " + Layout("rpi5"));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const json platform = json::parse(outcome.out)["platform"];
  EXPECT_EQ(platform["board"], "Raspberry Pi 5 Model B Rev 1.0");
  EXPECT_EQ(platform["soc"], "BCM2712");
  EXPECT_EQ(platform["cpu_core"], "Cortex-A76");
  EXPECT_THAT(platform["cpu_features"], Contains("asimddp"));
  EXPECT_EQ(platform["userland_bits"], 64);
  EXPECT_EQ(platform["throttle_flags"], 0);
  EXPECT_EQ(platform["emulation"], nullptr);
}

TEST(SysinfoCommandTest, FirmwareVoltsAndClockThroughVcgencmd) {
  FakeTree tree("rpi4", "sysinfo_volts");
  tree.Write("usr/bin/vcgencmd",
             "#!/bin/sh\n"
             "case \"$1\" in\n"
             "  get_throttled) echo throttled=0x0 ;;\n"
             "  measure_volts) echo volt=0.8563V ;;\n"
             "  get_config) echo arm_freq=1800 ;;\n"
             "esac\n");
  chmod((tree.path() + "/usr/bin/vcgencmd").c_str(), 0755);
  const auto outcome = RunEdgebench("sysinfo --sysfs-root " + tree.path());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("firmware  0.8563 V core, arm_freq 1800 MHz\n"));
}

TEST(SysinfoCommandTest, ThrottledPiThroughVcgencmd) {
  FakeTree tree("rpi4", "sysinfo_vcgencmd");
  tree.Remove(sysmon::testing::kPiThrottlePath);
  tree.Write("usr/bin/vcgencmd", "#!/bin/sh\necho throttled=0x50005\n");
  chmod((tree.path() + "/usr/bin/vcgencmd").c_str(), 0755);
  const auto outcome = RunEdgebench("sysinfo --sysfs-root " + tree.path());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("vcgencmd get_throttled"));
  EXPECT_THAT(outcome.out, HasSubstr("0x50005 (under-voltage now, throttled now, under-voltage "
                                     "since boot, throttled since boot)"));
}

TEST(SysinfoCommandTest, IntelDesktop) {
  const auto outcome = RunEdgebench("sysinfo --json --sysfs-root " + Layout("x86_desktop"));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const json info = json::parse(outcome.out);
  EXPECT_EQ(info["cpu_model"], "Intel(R) Core(TM) i7-10700 CPU @ 2.90GHz");
  EXPECT_EQ(info["isa_extensions"], json({"SSE4.2", "AVX", "AVX2", "FMA", "F16C"}));
  EXPECT_EQ(info["board_model"], nullptr);
  EXPECT_EQ(info["platform"]["board"], nullptr);
  EXPECT_EQ(info["platform"]["cpu_features"], json::array());  // x86 flags are isa_extensions'
  EXPECT_EQ(info["sensors"].size(), 12u);                      // 2 zones, 6 hwmon inputs, 4 CPUs
}

TEST(SysinfoCommandTest, BareMachine) {
  const auto outcome = RunEdgebench("sysinfo --sysfs-root " + Layout("bare"));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("sensors   none found"));
  EXPECT_THAT(outcome.out, HasSubstr("board     not available"));
  EXPECT_THAT(outcome.out, HasSubstr("AVX-512F, AVX-512BW, AVX-512 VNNI, AVX-VNNI"));
}

TEST(SysinfoCommandTest, ThisMachine) {
  const auto text = RunEdgebench("sysinfo");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("kernel    Linux "));
  const auto outcome = RunEdgebench("sysinfo --json");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const json info = json::parse(outcome.out);
  EXPECT_GT(info["process_rss_bytes"].get<int64_t>(), 0);
  EXPECT_GT(info["logical_cores"].get<int>(), 0);
}

#if defined(__aarch64__)
// Every 64-bit Arm CPU has NEON. The live machine's features come from the
// kernel (AT_HWCAP), so this holds under qemu-user too, where
// /proc/cpuinfo describes the x86 host.
TEST(SysinfoCommandTest, ThisArm64MachineHasNeon) {
  const auto outcome = RunEdgebench("sysinfo --json");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const json info = json::parse(outcome.out);
  EXPECT_THAT(info["isa_extensions"], Contains("NEON"));
  EXPECT_THAT(info["isa_extensions"], Not(Contains("SSE4.2")));
}
#endif

TEST(SysinfoCommandTest, ListsTheRuntimesWithTheirAvailability) {
  const auto text = RunEdgebench("sysinfo --sysfs-root " + Layout("rpi4"));
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr(std::to_string(runtime::Runtimes().size()) + " known\n"));
  EXPECT_THAT(text.out, HasSubstr("  edgebench    "));
  EXPECT_THAT(text.out, HasSubstr("backends: xnnpack (Debian libxnnpack"));
  const auto outcome = RunEdgebench("sysinfo --json --sysfs-root " + Layout("rpi4"));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const json runtimes = json::parse(outcome.out)["runtimes"];
  ASSERT_EQ(runtimes.size(), runtime::Runtimes().size());
  EXPECT_EQ(runtimes[0]["name"], "edgebench");
  EXPECT_EQ(runtimes[0]["available"], true);
  EXPECT_EQ(runtimes[0]["backends"][1]["name"], "reference");
  EXPECT_EQ(runtimes[0]["backends"][1]["max_threads"], 1);
}

// A wrong --onnxruntime-lib: the runtime is listed unavailable, the reason
// naming the path that was looked for.
TEST(SysinfoCommandTest, WrongOnnxruntimeLibraryIsListedUnavailableNamingIt) {
  const auto outcome =
      RunEdgebench("sysinfo --json --onnxruntime-lib /nonexistent/libonnxruntime.so.1");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const json runtimes = json::parse(outcome.out)["runtimes"];
  const auto ort = std::find_if(runtimes.begin(), runtimes.end(),
                                [](const json& r) { return r["name"] == "onnxruntime"; });
  ASSERT_NE(ort, runtimes.end());
  EXPECT_EQ((*ort)["available"], false);
  const std::string reason = (*ort)["unavailable_reason"];
  if (reason.starts_with("onnxruntime: not built")) GTEST_SKIP() << reason;
  EXPECT_THAT(reason,
              HasSubstr("cannot load /nonexistent/libonnxruntime.so.1 (from --onnxruntime-lib)"));
}

TEST(SysinfoCommandTest, MissingRootIsAOneLineError) {
  const auto outcome = RunEdgebench("sysinfo --sysfs-root /nonexistent/edgebench");
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.out, "");
  EXPECT_THAT(outcome.err, HasSubstr("--sysfs-root /nonexistent/edgebench: not a folder"));
  EXPECT_THAT(outcome.err, Not(HasSubstr("\n\n")));
}

}  // namespace
}  // namespace edgebench::cli
