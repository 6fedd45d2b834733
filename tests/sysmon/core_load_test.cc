// Busy cores from /proc/stat's per-CPU counters, checked against shares
// worked out by hand.
#include "sysmon/core_load.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace edgebench::sysmon {
namespace {

using ::testing::HasSubstr;

// Two CPUs, as Linux 6.1 writes them: user nice system idle iowait irq
// softirq steal guest guest_nice.
constexpr char kBefore[] =
    "cpu  300 0 100 1000 0 0 0 0 0 0\n"
    "cpu0 100 0 50 500 0 0 0 0 0 0\n"
    "cpu1 200 0 50 500 0 0 0 0 0 0\n"
    "intr 12345 0 0\n"
    "ctxt 999\n";
// cpu0: 80 user + 10 system + 5 irq + 5 steal busy, 100 idle -> 0.5 busy;
// cpu1: 10 user, 80 idle, 10 iowait -> 0.1 busy.
constexpr char kAfter[] =
    "cpu  390 0 110 1190 10 5 0 5 0 0\n"
    "cpu0 180 0 60 600 0 5 0 5 0 0\n"
    "cpu1 210 0 50 580 10 0 0 0 0 0\n";

TEST(CoreLoadTest, ParsesEveryCpuLineButTheSummary) {
  auto cpus = ParseProcStat(kBefore);
  ASSERT_TRUE(cpus.ok()) << cpus.status().message();
  ASSERT_EQ(cpus->size(), 2u);
  EXPECT_EQ((*cpus)[0].busy, 150u);
  EXPECT_EQ((*cpus)[0].total, 650u);
  EXPECT_EQ((*cpus)[1].busy, 250u);
}

TEST(CoreLoadTest, BusyCoresIsTheSumOfEachCpusBusyShare) {
  const auto before = ParseProcStat(kBefore).value();
  const auto after = ParseProcStat(kAfter).value();
  EXPECT_NEAR(BusyCores(before, after), 0.5 + 0.1, 1e-12);
}

TEST(CoreLoadTest, CpuWithoutTicksOrWithCountersGoingBackCountsAsIdle) {
  const auto before = ParseProcStat(kBefore).value();
  EXPECT_EQ(BusyCores(before, before), 0.0);
  EXPECT_EQ(BusyCores(ParseProcStat(kAfter).value(), before), 0.0);
}

TEST(CoreLoadTest, MalformedOrMissingInputIsAnError) {
  EXPECT_THAT(ParseProcStat("cpu0 1 2\n").status().message(),
              HasSubstr("/proc/stat: malformed line 'cpu0 1 2'"));
  EXPECT_EQ(ParseProcStat("cpu  1 2 3 4\nintr 1\n").status().message(),
            "/proc/stat: no per-CPU lines");
  EXPECT_EQ(MeasureCoreLoad("/nonexistent/stat", std::chrono::milliseconds(0)).status().message(),
            "cannot read /nonexistent/stat");
}

TEST(CoreLoadTest, MeasuresAFileReadTwice) {
  const std::string path = ::testing::TempDir() + "/core_load_stat";
  std::ofstream(path) << kBefore;
  auto load = MeasureCoreLoad(path, std::chrono::milliseconds(1));
  ASSERT_TRUE(load.ok()) << load.status().message();
  EXPECT_EQ(load->cores, 2);
  EXPECT_EQ(load->busy_cores, 0.0);  // the same counters twice: nothing ran
  std::filesystem::remove(path);
}

TEST(CoreLoadTest, ThisMachinesProcStatParses) {
  auto load = MeasureCoreLoad("/proc/stat", std::chrono::milliseconds(20));
  ASSERT_TRUE(load.ok()) << load.status().message();
  EXPECT_GE(load->cores, 1);
  EXPECT_GE(load->busy_cores, 0.0);
  EXPECT_LE(load->busy_cores, load->cores + 1e-9);
}

}  // namespace
}  // namespace edgebench::sysmon
