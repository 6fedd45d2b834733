#include "sysmon/verdict.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "sysmon/fake_tree.h"

namespace edgebench::sysmon {
namespace {

using ::testing::HasSubstr;

// A Pi 4's sensors as discovery would find them (ondemand, 600-1500 MHz).
Sensors PiSensors() {
  Sensors s;
  for (int cpu = 0; cpu < 4; ++cpu) {
    CpuClock c;
    c.cpu = cpu;
    c.min_mhz = 600;
    c.max_mhz = 1500;
    c.policy_max_mhz = 1500;
    c.governor = "ondemand";
    c.driver = "cpufreq-dt";
    s.cpus.push_back(c);
  }
  return s;
}

Reading At(double t_s, double temperature_c, double mhz, uint32_t flags) {
  Reading r;
  r.t_s = t_s;
  r.temperature_c = temperature_c;
  r.cpu_mhz = mhz;
  r.cpu_mhz_max = mhz;
  r.throttle_flags = flags;
  r.rss_bytes = 1000;
  return r;
}

// Cool-down until 1 s, load until 2 s, warm-up until 3 s, then measured.
constexpr PhaseStarts kStarts{1.0, 2.0, 3.0};

TEST(VerdictTest, PhasesByTime) {
  EXPECT_EQ(PhaseAt(0.5, kStarts), Phase::kCooldown);
  EXPECT_EQ(PhaseAt(1.0, kStarts), Phase::kLoad);
  EXPECT_EQ(PhaseAt(2.5, kStarts), Phase::kWarmup);
  EXPECT_EQ(PhaseAt(3.0, kStarts), Phase::kMeasure);
  EXPECT_EQ(PhaseAt(99, kStarts), Phase::kMeasure);
  // No cool-down and no warm-up: phases of zero length never match.
  EXPECT_EQ(PhaseAt(0.0, PhaseStarts{0, 1, 1}), Phase::kLoad);
  EXPECT_EQ(PhaseAt(1.0, PhaseStarts{0, 1, 1}), Phase::kMeasure);
  EXPECT_STREQ(PhaseName(Phase::kWarmup), "warmup");
}

TEST(VerdictTest, CalmRunIsNotThrottledAndSummarizesOutsideCooldown) {
  const std::vector<Reading> readings = {At(0.5, 70, 600, 0),  // cool-down: left out
                                         At(1.5, 50, 1500, 0), At(2.5, 52, 1500, 0),
                                         At(3.5, 54, 1500, 0), At(4.5, 56, 1200, 0)};
  const Verdict v = Judge(PiSensors(), readings, kStarts, {}, 4096);
  EXPECT_FALSE(v.throttled);
  EXPECT_TRUE(v.throttle_reasons.empty());
  EXPECT_EQ(ThrottleWarning(v), "");
  ASSERT_TRUE(v.temperature_c && v.cpu_mhz);
  EXPECT_DOUBLE_EQ(v.temperature_c->min, 50);
  EXPECT_DOUBLE_EQ(v.temperature_c->mean, 53);
  EXPECT_DOUBLE_EQ(v.temperature_c->max, 56);
  EXPECT_DOUBLE_EQ(v.cpu_mhz->min, 1200);
  EXPECT_DOUBLE_EQ(v.cpu_mhz->mean, 1425);
  EXPECT_DOUBLE_EQ(*v.max_cpu_mhz, 1500);
  EXPECT_EQ(*v.peak_rss_bytes, 4096);  // VmHWM beats every sampled RSS
}

TEST(VerdictTest, FirmwareFlagsThrottle) {
  const std::vector<Reading> readings = {At(1.5, 50, 1500, 0), At(3.5, 60, 1500, 0x50005)};
  const Verdict v = Judge(PiSensors(), readings, kStarts, {}, std::nullopt);
  EXPECT_TRUE(v.throttled);
  ASSERT_EQ(v.throttle_reasons.size(), 1u);
  EXPECT_EQ(v.throttle_reasons[0],
            "firmware throttle flags 0x50005: under-voltage now, throttled now, under-voltage "
            "since boot, throttled since boot");
  EXPECT_THAT(ThrottleWarning(v), HasSubstr("add cooling"));
}

TEST(VerdictTest, FlagsOnlyDuringCooldownDoNotCount) {
  const std::vector<Reading> readings = {At(0.5, 80, 1500, 0x4), At(3.5, 50, 1500, 0)};
  EXPECT_FALSE(Judge(PiSensors(), readings, kStarts, {}, std::nullopt).throttled);
}

TEST(VerdictTest, ClockBelowMaximumWhileOndemandAsksForMore) {
  const std::vector<Reading> readings = {At(3.1, 60, 1500, 0), At(3.2, 70, 600, 0),
                                         At(3.3, 80, 600, 0), At(3.4, 80, 1500, 0)};
  const Verdict v = Judge(PiSensors(), readings, kStarts, {}, std::nullopt);
  ASSERT_TRUE(v.throttled);
  EXPECT_EQ(v.throttle_reasons[0],
            "CPU clock down to 600 MHz, below its maximum 1500 MHz, in 2 of 4 readings while the "
            "ondemand governor asked for more");
}

TEST(VerdictTest, OneLowReadingAmongManyIsNoise) {
  const std::vector<Reading> readings = {At(3.1, 60, 1500, 0), At(3.2, 60, 600, 0),
                                         At(3.3, 60, 1500, 0)};
  EXPECT_FALSE(Judge(PiSensors(), readings, kStarts, {}, std::nullopt).throttled);
}

TEST(VerdictTest, LowClockUnderUserspaceGovernorIsTheUsersChoice) {
  Sensors s = PiSensors();
  for (CpuClock& c : s.cpus) c.governor = "userspace";
  const std::vector<Reading> readings = {At(3.1, 60, 600, 0), At(3.2, 60, 600, 0)};
  EXPECT_FALSE(Judge(s, readings, kStarts, {}, std::nullopt).throttled);
}

TEST(VerdictTest, GovernorsThatWantTheMaximum) {
  EXPECT_TRUE(GovernorWantsMaximum("performance", "acpi-cpufreq"));
  EXPECT_TRUE(GovernorWantsMaximum("schedutil", "cpufreq-dt"));
  EXPECT_TRUE(GovernorWantsMaximum("powersave", "intel_pstate"));
  EXPECT_TRUE(GovernorWantsMaximum("powersave", "amd-pstate-epp"));
  EXPECT_FALSE(GovernorWantsMaximum("powersave", "acpi-cpufreq"));
  EXPECT_FALSE(GovernorWantsMaximum("userspace", "cpufreq-dt"));
  EXPECT_FALSE(GovernorWantsMaximum("", ""));
}

TEST(VerdictTest, PearsonOnKnownVectors) {
  const std::vector<double> x = {1, 2, 3, 4, 5};
  EXPECT_NEAR(*Pearson(x, std::vector<double>{2, 4, 6, 8, 10}), 1.0, 1e-12);
  EXPECT_NEAR(*Pearson(x, std::vector<double>{5, 4, 3, 2, 1}), -1.0, 1e-12);
  // By hand, y = {1, 3, 2, 5, 4}: both means 3; deviations x -2..2, y -2, 0,
  // -1, 2, 1; sxy = 4+0+0+2+2 = 8, sxx = 10, syy = 4+0+1+4+1 = 10, r = 0.8.
  EXPECT_NEAR(*Pearson(x, std::vector<double>{1, 3, 2, 5, 4}), 0.8, 1e-12);
  EXPECT_FALSE(Pearson(x, std::vector<double>{7, 7, 7, 7, 7}).has_value());
  EXPECT_FALSE(Pearson(std::vector<double>{1}, std::vector<double>{1}).has_value());
}

// 40 runs over 4 s of measuring; the temperature climbs 50 -> 65.6 C.
struct DriftCase {
  std::vector<Reading> readings;
  std::vector<double> start_s, latency_ms;
};

DriftCase MakeDrift(double latency_slope) {
  DriftCase c;
  for (int i = 0; i < 40; ++i) {
    const double t = 3.0 + 0.1 * i;
    c.readings.push_back(At(t, 50 + 0.4 * i, 1500, 0));
    c.start_s.push_back(t + 0.01);
    c.latency_ms.push_back(80 + latency_slope * i + (i % 2 ? 0.3 : -0.3));
  }
  return c;
}

TEST(VerdictTest, LatencyDriftThatFollowsTemperature) {
  const DriftCase c = MakeDrift(0.5);  // 80 -> 99.5 ms
  const Verdict v =
      Judge(PiSensors(), c.readings, kStarts, {c.start_s, c.latency_ms}, std::nullopt);
  ASSERT_TRUE(v.throttled);
  ASSERT_EQ(v.throttle_reasons.size(), 1u);
  // Quarters of 10 runs: latency means 82.25 and 97.25 ms (+18%),
  // temperatures 51.8 and 63.8 C.
  EXPECT_THAT(v.throttle_reasons[0], HasSubstr("latency rose 18% (82.25 to 97.25 ms"));
  EXPECT_THAT(v.throttle_reasons[0], HasSubstr("from 51.8 to 63.8 C"));
}

TEST(VerdictTest, SteadyLatencyWhileWarmingIsNotDrift) {
  const DriftCase c = MakeDrift(0.0);
  EXPECT_FALSE(
      Judge(PiSensors(), c.readings, kStarts, {c.start_s, c.latency_ms}, std::nullopt).throttled);
}

TEST(VerdictTest, NoSensorsNoSummaryNoVerdict) {
  Reading bare;
  bare.t_s = 3.5;
  bare.rss_bytes = 123;
  const std::vector<Reading> readings = {bare};
  const Verdict v = Judge(Sensors{}, readings, kStarts, {}, std::nullopt);
  EXPECT_FALSE(v.temperature_c.has_value());
  EXPECT_FALSE(v.cpu_mhz.has_value());
  EXPECT_FALSE(v.max_cpu_mhz.has_value());
  EXPECT_EQ(*v.peak_rss_bytes, 123);
  EXPECT_FALSE(v.throttled);
}

Reading Load(double t_s, double load1) {
  Reading r;
  r.t_s = t_s;
  r.load1 = load1;
  return r;
}

TEST(VerdictTest, LoadAboveWhatTheCoresAndTheBenchmarkExplainWarns) {
  // The machine: load 12.7 on 4 cores, 4 threads.
  const std::vector<Reading> readings = {Load(2.5, 1.0), Load(3.5, 12.7), Load(4.5, 9.0)};
  const auto warning = CompetingLoadWarning(readings, kStarts, 4, 4);
  ASSERT_TRUE(warning.has_value());
  EXPECT_THAT(*warning, HasSubstr("load average reached 12.7"));
  EXPECT_THAT(*warning, HasSubstr("4 cores with edgebench using 4 threads"));
}

TEST(VerdictTest, LoadTheBenchmarkOrFreeCoresExplainIsQuiet) {
  // 4 threads on 4 cores load the machine to about 4 by themselves.
  EXPECT_FALSE(CompetingLoadWarning(std::vector{Load(3.5, 4.4)}, kStarts, 4, 4));
  // One thread on 4 cores: 3 more runnable threads still find a free core.
  EXPECT_FALSE(CompetingLoadWarning(std::vector{Load(3.5, 4.0)}, kStarts, 1, 4));
  // 8 threads on 4 cores (warned about elsewhere) explain a load of 8.
  EXPECT_FALSE(CompetingLoadWarning(std::vector{Load(3.5, 8.2)}, kStarts, 8, 4));
  EXPECT_TRUE(CompetingLoadWarning(std::vector{Load(3.5, 8.6)}, kStarts, 8, 4));
  // Only the measured phase counts; unknown cores say nothing.
  EXPECT_FALSE(CompetingLoadWarning(std::vector{Load(2.5, 20.0)}, kStarts, 1, 4));
  EXPECT_FALSE(CompetingLoadWarning(std::vector{Load(3.5, 20.0)}, kStarts, 1, 0));
  EXPECT_FALSE(CompetingLoadWarning(std::vector{Reading{}}, kStarts, 1, 4));
}

}  // namespace
}  // namespace edgebench::sysmon
