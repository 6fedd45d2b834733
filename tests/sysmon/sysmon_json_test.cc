// The stored timeline: bounded however long the run, spikes kept, and old
// records (one object per reading) still readable.
#include "sysmon/sysmon_json.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace edgebench::sysmon {
namespace {

using json = nlohmann::ordered_json;

// 100,000 readings, 10 per second (about 2.8 hours): 50 C, 1500 MHz, flags 0,
// except one reading at 90 C, 600 MHz, flags 0x4 and one at 20 C.
std::vector<Reading> LongRun() {
  std::vector<Reading> readings(100'000);
  for (size_t i = 0; i < readings.size(); ++i) {
    Reading& r = readings[i];
    r.t_s = static_cast<double>(i) / 10;
    r.temperature_c = 50;
    r.cpu_mhz = r.cpu_mhz_max = 1500;
    r.throttle_flags = 0;
    r.rss_bytes = 1 << 20;
    r.load1 = 1;
  }
  readings[54'321].temperature_c = 90;
  readings[54'321].cpu_mhz = 600;
  readings[54'321].throttle_flags = 0x4;
  readings[77'777].temperature_c = 20;
  return readings;
}

constexpr PhaseStarts kStarts{0, 1, 2};

TEST(TimelineTest, LongRunIsStoredWithinTheBoundAndKeepsItsSpikes) {
  const std::vector<Reading> readings = LongRun();
  const json timeline = TimelineJson(readings, kStarts);
  EXPECT_EQ(timeline["readings"], 100'000);
  EXPECT_EQ(timeline["bucket_readings"], 100);  // 1,000 buckets of 100 readings
  const auto temperatures = timeline["temperature_c"].get<std::vector<double>>();
  ASSERT_LE(temperatures.size(), kMaxTimelinePoints);
  for (const char* column :
       {"t_s", "phase", "cpu_mhz", "cpu_mhz_max", "throttle_flags", "rss_bytes", "load1"}) {
    EXPECT_EQ(timeline[column].size(), temperatures.size()) << column;
  }
  EXPECT_EQ(*std::max_element(temperatures.begin(), temperatures.end()), 90);
  EXPECT_EQ(*std::min_element(temperatures.begin(), temperatures.end()), 20);
  const auto clocks = timeline["cpu_mhz"].get<std::vector<double>>();
  EXPECT_EQ(*std::min_element(clocks.begin(), clocks.end()), 600);
  const auto flags = timeline["throttle_flags"].get<std::vector<uint32_t>>();
  EXPECT_EQ(std::count(flags.begin(), flags.end(), 0x4u), 2);  // both points of its bucket
  // Time still increases and spans the run.
  const auto times = timeline["t_s"].get<std::vector<double>>();
  EXPECT_TRUE(std::is_sorted(times.begin(), times.end()));
  EXPECT_EQ(times.front(), 0);
  EXPECT_EQ(times.back(), 9999.9);
  // Far smaller than one object per reading (about 205 bytes each).
  EXPECT_LT(timeline.dump().size(), 200'000u);
}

TEST(TimelineTest, ShortRunKeepsEveryReading) {
  std::vector<Reading> readings(3);
  for (size_t i = 0; i < readings.size(); ++i) readings[i].t_s = 0.5 + static_cast<double>(i);
  readings[1].temperature_c = 48.5;
  const json timeline = TimelineJson(readings, kStarts);
  EXPECT_EQ(timeline["bucket_readings"], 1);
  EXPECT_EQ(timeline["t_s"], json({0.5, 1.5, 2.5}));
  EXPECT_EQ(timeline["phase"], json({"load", "warmup", "measure"}));
  EXPECT_EQ(timeline["temperature_c"], json({nullptr, 48.5, nullptr}));
}

TEST(TimelineTest, ReadsColumnsAndTheOlderObjectPerReading) {
  std::vector<Reading> readings(2);
  readings[0].t_s = 1.5;
  readings[0].cpu_mhz = 1200;
  readings[1].t_s = 2.5;
  readings[1].throttle_flags = 0x50005;
  const auto columns = ReadTimeline(TimelineJson(readings, kStarts));
  const auto rows = ReadTimeline(json::parse(R"([
      {"t_s": 1.5, "phase": "warmup", "cpu_mhz": 1200, "throttle_flags": null},
      {"t_s": 2.5, "phase": "measure", "throttle_flags": 327685}])"));
  for (const auto& points : {columns, rows}) {
    ASSERT_EQ(points.size(), 2u);
    EXPECT_EQ(points[0].reading.t_s, 1.5);
    EXPECT_EQ(points[0].phase, "warmup");
    EXPECT_EQ(points[0].reading.cpu_mhz, 1200);
    EXPECT_FALSE(points[0].reading.throttle_flags);
    EXPECT_EQ(points[1].phase, "measure");
    EXPECT_EQ(points[1].reading.throttle_flags, 0x50005u);
    EXPECT_FALSE(points[1].reading.temperature_c);
  }
  EXPECT_TRUE(ReadTimeline(json("not a timeline")).empty());
  EXPECT_TRUE(ReadTimeline(json::object()).empty());
}

}  // namespace
}  // namespace edgebench::sysmon
