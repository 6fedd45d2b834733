// `edgebench run` watching a fake Raspberry Pi 4 whose sensor files a
// helper thread rewrites during the run (heating up, clock dropping to
// 600 MHz, firmware flags 0x50005): the throttle warning, the timeline and
// the sample start times, end to end.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/edgebench_process.h"
#include "sysmon/fake_tree.h"

namespace edgebench::cli {
namespace {

using namespace std::chrono_literals;
using edgebench::testing::Outcome;
using edgebench::testing::RunEdgebench;
using nlohmann::json;
using sysmon::testing::FakeTree;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kV1[] = "--no-save --quiet --model ssd_mobilenet_v1_0.75_uint8";
constexpr char kV1NotQuiet[] = "--no-save --model ssd_mobilenet_v1_0.75_uint8";

json ReadRecord(const std::string& path) {
  std::ifstream file(path);
  const json document = json::parse(file);
  std::filesystem::remove(path);
  return document["results"][0];
}

// The stored timeline's columns as one object per point, for reading
// point by point.
json Rows(const json& columns) {
  json rows = json::array();
  for (size_t i = 0; i < columns["t_s"].size(); ++i) {
    json row;
    for (const auto& [name, column] : columns.items()) {
      if (column.is_array()) row[name] = column[i];
    }
    rows.push_back(row);
  }
  return rows;
}

std::string JsonPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("edgebench_sysmon_run_" + name + "_" + std::to_string(getpid()) + ".json"))
      .string();
}

// Once the run has loaded its model (its "[1/1]" progress line) and
// `delay` has passed, heats the fake Pi from 50 C by 1 C every 20 ms, and
// `throttle_at` after that line drops the clock to 600 MHz with flags 0x50005.
class Heater {
 public:
  Heater(const FakeTree& tree, std::chrono::milliseconds delay,
         std::chrono::milliseconds throttle_at)
      : thread_([&tree, delay, throttle_at, this] {
          edgebench::testing::WaitForStderr("[1/1]", 60s);
          const auto start = std::chrono::steady_clock::now();
          std::this_thread::sleep_for(delay);
          bool throttled = false;
          for (int c = 50; !stop_; ++c) {
            sysmon::testing::SetPiTemperature(tree, std::min(c, 90) * 1000);
            if (!throttled && std::chrono::steady_clock::now() - start >= throttle_at) {
              sysmon::testing::SetPiClock(tree, 600000);
              tree.Write(sysmon::testing::kPiThrottlePath, "50005\n");
              throttled = true;
            }
            std::this_thread::sleep_for(20ms);
          }
        }) {}
  ~Heater() {
    stop_ = true;
    thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST(SysmonRunTest, FakePiThatHeatsUpAndThrottlesDuringTheRun) {
  FakeTree tree("rpi4", "run_heat");
  const std::string json_path = JsonPath("heat");
  Outcome outcome;
  {
    // The measured phase lasts at least 2 s from the progress line, so
    // the change 0.7 s after it falls inside, with readings after it.
    Heater heater(tree, 300ms, 700ms);
    outcome = RunEdgebench(std::string("run ") + kV1NotQuiet +
                           " --runs 30 --min-seconds 2 --sample-ms 20 --sysfs-root " + tree.path() +
                           " --json " + json_path);
  }
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("the machine throttled (firmware throttle flags 0x50005"));
  EXPECT_THAT(outcome.out, HasSubstr("add cooling"));
  EXPECT_THAT(outcome.out, HasSubstr("THROTTLED"));

  const json record = ReadRecord(json_path);
  const json& sysmon = record["sysmon"];
  EXPECT_EQ(sysmon["sample_interval_ms"], 20);
  EXPECT_EQ(sysmon["sensors"].size(), 7u);
  const json timeline = Rows(sysmon["timeline"]);
  ASSERT_GE(timeline.size(), 50u);
  // Before the heater starts: the tree as captured.
  EXPECT_EQ(timeline.front()["temperature_c"], 48.686);
  EXPECT_EQ(timeline.front()["cpu_mhz"], 1500);
  EXPECT_EQ(timeline.front()["throttle_flags"], 0);
  EXPECT_EQ(timeline.front()["phase"], "load");
  // At the end: hot, slow, flagged.
  EXPECT_EQ(timeline.back()["phase"], "measure");
  EXPECT_EQ(timeline.back()["cpu_mhz"], 600);
  EXPECT_EQ(timeline.back()["throttle_flags"], 0x50005);
  EXPECT_GT(timeline.back()["temperature_c"].get<double>(), 55.0);
  // Phases in order, time increasing.
  const std::vector<std::string> order = {"load", "warmup", "measure"};
  size_t phase = 0;
  for (size_t i = 0; i < timeline.size(); ++i) {
    const std::string p = timeline[i]["phase"];
    while (phase < order.size() && order[phase] != p) ++phase;
    ASSERT_LT(phase, order.size()) << "reading " << i << " is in phase " << p << " out of order";
    if (i > 0) {
      EXPECT_GE(timeline[i]["t_s"], timeline[i - 1]["t_s"]);
    }
  }
  // One start per measured run, increasing, inside the measured readings.
  const auto starts = record["sample_start_s"].get<std::vector<double>>();
  ASSERT_EQ(starts.size(), record["samples"]["values_ms"].size());
  for (size_t i = 1; i < starts.size(); ++i) EXPECT_GT(starts[i], starts[i - 1]);
  for (const json& reading : timeline) {
    if (reading["t_s"].get<double>() < starts.front()) {
      EXPECT_NE(reading["phase"], "measure");
    }
  }
  EXPECT_LE(starts.back(), timeline.back()["t_s"].get<double>());

  const json& summary = sysmon["summary"];
  EXPECT_TRUE(summary["throttled"].get<bool>());
  EXPECT_EQ(summary["max_cpu_mhz"], 1500);
  EXPECT_EQ(summary["cpu_mhz"]["min"], 600);
  EXPECT_EQ(summary["cpu_mhz"]["max"], 1500);
  EXPECT_EQ(summary["temperature_c"]["min"], 48.686);
  EXPECT_GT(summary["peak_rss_bytes"].get<int64_t>(), 1 << 20);
  const auto reasons = summary["throttle_reasons"].get<std::vector<std::string>>();
  ASSERT_GE(reasons.size(), 2u);
  EXPECT_THAT(reasons[0], HasSubstr("0x50005: under-voltage now, throttled now"));
  EXPECT_THAT(reasons[1], HasSubstr("CPU clock down to 600 MHz, below its maximum 1500 MHz"));
}

TEST(SysmonRunTest, CalmPiIsNotThrottled) {
  FakeTree tree("rpi4", "run_calm");
  const std::string json_path = JsonPath("calm");
  const auto outcome = RunEdgebench(std::string("run ") + kV1 + " --runs 3 --sysfs-root " +
                                    tree.path() + " --json " + json_path);
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, Not(HasSubstr("throttled")));
  EXPECT_THAT(outcome.out, HasSubstr("48.7 / 48.7 / 48.7 C, 1500 / 1500 / 1500 MHz"));
  const json record = ReadRecord(json_path);
  EXPECT_FALSE(record["sysmon"]["summary"]["throttled"].get<bool>());
  EXPECT_EQ(record["sysmon"]["sample_interval_ms"], 100);
}

TEST(SysmonRunTest, CooldownWaitsUntilTheHottestSensorIsBelowTheLimit) {
  FakeTree tree("rpi4", "run_cooldown");
  sysmon::testing::SetPiTemperature(tree, 70000);
  const std::string json_path = JsonPath("cooldown");
  Outcome outcome;
  {
    std::thread cooler([&tree] {
      edgebench::testing::WaitForStderr("cooling down: 70.0 C now", 60s);
      sysmon::testing::SetPiTemperature(tree, 55000);
    });
    outcome = RunEdgebench(
        "run --no-save --model ssd_mobilenet_v1_0.75_uint8 --runs 2 "
        "--cooldown-temp 60 --sample-ms 50 --sysfs-root " +
        tree.path() + " --json " + json_path);
    cooler.join();
  }
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.err, HasSubstr("cooling down: 70.0 C now, waiting for below 60.0 C"));
  const json record = ReadRecord(json_path);
  const json timeline = Rows(record["sysmon"]["timeline"]);
  EXPECT_EQ(timeline.front()["phase"], "cooldown");
  // Loading starts only once a reading is below the limit.
  bool loaded = false;
  for (const json& reading : timeline) {
    if (reading["phase"] != "cooldown") {
      loaded = true;
      EXPECT_EQ(reading["temperature_c"], 55);
      break;
    }
  }
  EXPECT_TRUE(loaded);
  // Readings while waiting are not part of the verdict.
  EXPECT_EQ(record["sysmon"]["summary"]["temperature_c"]["max"], 55);
}

TEST(SysmonRunTest, CooldownSecondsOnABareMachine) {
  FakeTree tree("bare", "run_bare");
  const std::string json_path = JsonPath("bare");
  const auto outcome = RunEdgebench(std::string("run ") + kV1 +
                                    " --runs 2 --cooldown-seconds 1 --cooldown-temp 40 "
                                    "--sysfs-root " +
                                    tree.path() + " --json " + json_path);
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("temperature not available, clock not available"));
  EXPECT_THAT(outcome.out, HasSubstr("--cooldown-temp 40: no temperature sensor"));
  const json record = ReadRecord(json_path);
  const json& sysmon = record["sysmon"];
  EXPECT_TRUE(sysmon["sensors"].empty());
  EXPECT_EQ(sysmon["summary"]["temperature_c"], nullptr);
  EXPECT_EQ(sysmon["summary"]["cpu_mhz"], nullptr);
  EXPECT_FALSE(sysmon["summary"]["throttled"].get<bool>());
  for (const json& reading : Rows(sysmon["timeline"])) {
    if (reading["phase"] == "load") {
      EXPECT_GE(reading["t_s"].get<double>(), 1.0);
      break;
    }
  }
  EXPECT_EQ(sysmon["timeline"]["phase"].front(), "cooldown");
}

TEST(SysmonRunTest, BadOptionsAreOneLineErrors) {
  for (const std::string& args :
       {std::string("--sample-ms 0"), std::string("--cooldown-temp -5"),
        std::string("--cooldown-seconds -1"), std::string("--sysfs-root /nonexistent/eb")}) {
    const auto outcome = RunEdgebench(std::string("run ") + kV1 + " --runs 1 " + args);
    EXPECT_EQ(outcome.exit_code, 1) << args;
    EXPECT_EQ(outcome.out, "") << args;
    EXPECT_THAT(outcome.err, HasSubstr(args.substr(0, args.find(' ')))) << args;
    EXPECT_EQ(outcome.err.find('\n'), outcome.err.size() - 1) << outcome.err;
  }
}

}  // namespace
}  // namespace edgebench::cli
