#include "sysmon/sensors.h"

#include <gtest/gtest.h>

#include <vector>

#include "sysmon/fake_tree.h"

namespace edgebench::sysmon {
namespace {

using testing::FakeTree;

std::vector<std::string> Names(const Sensors& s) {
  std::vector<std::string> names;
  for (const auto& t : s.temperatures) names.push_back(t.name);
  return names;
}

TEST(SensorsTest, RaspberryPi4) {
  FakeTree tree("rpi4", "sensors_pi");
  const Sensors s = DiscoverSensors(tree.path());
  // The zone and its hwmon twin; rpi_volt has no temperature.
  EXPECT_EQ(Names(s), (std::vector<std::string>{"cpu_thermal", "cpu_thermal temp1"}));
  EXPECT_EQ(s.temperatures[0].kind, SensorKind::kThermalZone);
  EXPECT_EQ(s.temperatures[1].kind, SensorKind::kHwmon);
  EXPECT_DOUBLE_EQ(*ReadCelsius(s.temperatures[0]), 48.686);
  ASSERT_EQ(s.cpus.size(), 4u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(s.cpus[i].cpu, i);
    EXPECT_EQ(*s.cpus[i].min_mhz, 600);
    EXPECT_EQ(*s.cpus[i].max_mhz, 1500);
    EXPECT_EQ(*s.cpus[i].policy_max_mhz, 1500);
    EXPECT_EQ(s.cpus[i].governor, "ondemand");
    EXPECT_EQ(s.cpus[i].driver, "cpufreq-dt");
    EXPECT_EQ(*ReadCurrentMhz(s.cpus[i]), 1500);
  }
  ASSERT_TRUE(s.throttle.has_value());
  EXPECT_EQ(s.throttle->kind, ThrottleSource::Kind::kSysfs);
  EXPECT_EQ(*ReadThrottleFlags(*s.throttle), 0u);
  EXPECT_DOUBLE_EQ(*ReadLoad1(s), 0.52);

  const Reading r = ReadAll(s);
  EXPECT_DOUBLE_EQ(*r.temperature_c, 48.686);
  EXPECT_DOUBLE_EQ(*r.cpu_mhz, 1500);
  EXPECT_DOUBLE_EQ(*r.cpu_mhz_max, 1500);
  EXPECT_EQ(*r.throttle_flags, 0u);
  EXPECT_DOUBLE_EQ(*r.load1, 0.52);
}

TEST(SensorsTest, RaspberryPi4ThrottledAndSlowedDown) {
  FakeTree tree("rpi4", "sensors_pi_hot");
  testing::SetPiClock(tree, 600000);
  testing::SetPiTemperature(tree, 82000);
  tree.Write(testing::kPiThrottlePath, "50005\n");
  const Reading r = ReadAll(DiscoverSensors(tree.path()));
  EXPECT_DOUBLE_EQ(*r.temperature_c, 82);
  EXPECT_DOUBLE_EQ(*r.cpu_mhz, 600);
  EXPECT_EQ(*r.throttle_flags, 0x50005u);
}

TEST(SensorsTest, IntelDesktopWithCoretemp) {
  FakeTree tree("x86_desktop", "sensors_intel");
  const Sensors s = DiscoverSensors(tree.path());
  // The iwlwifi zone has no readable temperature and is left out; hwmon
  // inputs come in numeric order (temp10 after temp3).
  EXPECT_EQ(Names(s),
            (std::vector<std::string>{"acpitz", "x86_pkg_temp", "acpitz temp1", "nvme Composite",
                                      "coretemp Package id 0", "coretemp Core 0", "coretemp Core 1",
                                      "coretemp Core 8"}));
  ASSERT_EQ(s.cpus.size(), 4u);
  EXPECT_EQ(s.cpus[0].governor, "powersave");
  EXPECT_EQ(s.cpus[0].driver, "intel_pstate");
  EXPECT_FALSE(s.throttle.has_value());
  const Reading r = ReadAll(s);
  EXPECT_DOUBLE_EQ(*r.temperature_c, 45.0);                       // the package, hottest
  EXPECT_DOUBLE_EQ(*r.cpu_mhz, (4500 + 800 + 4400 + 800) / 4.0);  // 2625
  EXPECT_DOUBLE_EQ(*r.cpu_mhz_max, 4500);
  EXPECT_FALSE(r.throttle_flags.has_value());
}

TEST(SensorsTest, AmdDesktopWithK10temp) {
  FakeTree tree("x86_amd", "sensors_amd");
  const Sensors s = DiscoverSensors(tree.path());
  EXPECT_EQ(Names(s), (std::vector<std::string>{"k10temp Tctl", "k10temp Tccd1"}));
  const Reading r = ReadAll(s);
  EXPECT_DOUBLE_EQ(*r.temperature_c, 52.125);
  EXPECT_DOUBLE_EQ(*r.cpu_mhz, 3600);
  EXPECT_EQ(s.cpus[1].governor, "schedutil");
}

TEST(SensorsTest, BareMachineHasNoSensorsAndNoErrors) {
  FakeTree tree("bare", "sensors_bare");
  const Sensors s = DiscoverSensors(tree.path());
  EXPECT_TRUE(s.temperatures.empty());
  EXPECT_TRUE(s.cpus.empty());
  EXPECT_FALSE(s.throttle.has_value());
  const Reading r = ReadAll(s);
  EXPECT_FALSE(r.temperature_c.has_value());
  EXPECT_FALSE(r.cpu_mhz.has_value());
  EXPECT_FALSE(r.throttle_flags.has_value());
  EXPECT_DOUBLE_EQ(*r.load1, 1.12);
}

TEST(SensorsTest, EmptyAndMissingRootsGiveNothing) {
  FakeTree tree("", "sensors_empty");
  for (const std::string& root : {tree.path(), tree.path() + "/does/not/exist"}) {
    const Reading r = ReadAll(DiscoverSensors(root));
    EXPECT_FALSE(r.temperature_c || r.cpu_mhz || r.throttle_flags || r.load1) << root;
  }
}

TEST(SensorsTest, GarbageInSensorFilesIsNotAReading) {
  FakeTree tree("rpi4", "sensors_garbage");
  tree.Write("sys/class/thermal/thermal_zone0/temp", "hot\n");
  tree.Write("sys/class/hwmon/hwmon0/temp1_input", "\n");
  tree.Write("sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq", "-5\n");
  tree.Write("proc/loadavg", "x y z\n");
  const Sensors s = DiscoverSensors(tree.path());
  EXPECT_TRUE(s.temperatures.empty());
  EXPECT_EQ(s.cpus.size(), 4u);  // cpu0's folder exists; its clock reads as nothing
  EXPECT_FALSE(ReadCurrentMhz(s.cpus[0]).has_value());
  EXPECT_FALSE(ReadLoad1(s).has_value());
}

// This machine, whatever it has: discovery and a reading must not fail, and
// the process's own memory is always there on Linux.
TEST(SensorsTest, ThisMachine) {
  const Reading r = ReadAll(DiscoverSensors("/"));
  ASSERT_TRUE(r.rss_bytes.has_value());
  EXPECT_GT(*r.rss_bytes, 0);
}

TEST(SensorsTest, ResidentMemoryFollowsAnAllocation) {
  const ProcessMemory before = ReadProcessMemory();
  constexpr size_t kBytes = 64 << 20;
  std::vector<char> block(kBytes, 1);  // touched: every page resident
  const ProcessMemory after = ReadProcessMemory();
  ASSERT_TRUE(before.rss_bytes && after.rss_bytes && after.peak_rss_bytes);
  EXPECT_GE(*after.rss_bytes - *before.rss_bytes, static_cast<int64_t>(kBytes * 9 / 10));
  EXPECT_GE(*after.peak_rss_bytes, *after.rss_bytes);
  EXPECT_EQ(block[kBytes - 1], 1);
}

}  // namespace
}  // namespace edgebench::sysmon
