#include "sysmon/sampler.h"

#include <gtest/gtest.h>

#include <thread>

#include "sysmon/fake_tree.h"

namespace edgebench::sysmon {
namespace {

using namespace std::chrono_literals;
using testing::FakeTree;

TEST(SamplerTest, SeesAFakePiHeatUpAndThrottle) {
  FakeTree tree("rpi4", "sampler_pi");
  Sampler sampler(DiscoverSensors(tree.path()), 10ms);
  std::this_thread::sleep_for(150ms);
  testing::SetPiTemperature(tree, 85000);
  testing::SetPiClock(tree, 600000);
  tree.Write(testing::kPiThrottlePath, "50005\n");
  std::this_thread::sleep_for(150ms);
  const std::vector<Reading> readings = sampler.Stop();

  // About 30 readings at 10 ms; a loaded CI machine may wake late, skipping ticks.
  // When the first one comes is not timed here: a loaded machine, or the arm64
  // build under emulation, starts the thread late (62 ms seen). Its values,
  // the fake Pi's before heating up, and StopsPromptlyWithALongInterval show
  // that it is taken at once.
  ASSERT_GE(readings.size(), 10u);
  EXPECT_LE(readings.size(), 40u);
  for (size_t i = 1; i < readings.size(); ++i) EXPECT_GE(readings[i].t_s, readings[i - 1].t_s);
  EXPECT_DOUBLE_EQ(*readings.front().temperature_c, 48.686);
  EXPECT_DOUBLE_EQ(*readings.front().cpu_mhz, 1500);
  EXPECT_EQ(*readings.front().throttle_flags, 0u);
  const Reading& last = readings.back();
  EXPECT_DOUBLE_EQ(*last.temperature_c, 85);
  EXPECT_DOUBLE_EQ(*last.cpu_mhz, 600);
  EXPECT_EQ(*last.throttle_flags, 0x50005u);
  EXPECT_GT(last.t_s, 0.25);
  EXPECT_GT(*last.rss_bytes, 0);
  EXPECT_TRUE(sampler.Stop().empty());  // stopped once
}

TEST(SamplerTest, LatestAndTheOriginsClock) {
  FakeTree tree("rpi4", "sampler_latest");
  const auto before = Sampler::Clock::now();
  Sampler sampler(DiscoverSensors(tree.path()), 100ms);
  std::this_thread::sleep_for(20ms);
  const auto latest = sampler.Latest();
  ASSERT_TRUE(latest.has_value());
  EXPECT_DOUBLE_EQ(*latest->temperature_c, 48.686);
  EXPECT_LE(sampler.SecondsSinceOrigin(before), 0.0);
  EXPECT_GE(sampler.SecondsSinceOrigin(), 0.02);
}

TEST(SamplerTest, StopsPromptlyWithALongInterval) {
  FakeTree tree("bare", "sampler_prompt");
  const auto start = Sampler::Clock::now();
  {
    Sampler sampler(DiscoverSensors(tree.path()), 10s);
    std::this_thread::sleep_for(10ms);
    EXPECT_EQ(sampler.Stop().size(), 2u);  // the first reading, and the last at Stop
  }
  EXPECT_LT(Sampler::Clock::now() - start, 2s);
}

TEST(SamplerTest, DestructorStopsAnUnstoppedSampler) {
  FakeTree tree("bare", "sampler_destructor");
  const auto start = Sampler::Clock::now();
  { Sampler sampler(DiscoverSensors(tree.path()), 10s); }
  EXPECT_LT(Sampler::Clock::now() - start, 2s);
}

}  // namespace
}  // namespace edgebench::sysmon
