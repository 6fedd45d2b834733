// A background thread that reads every sensor at a fixed interval while a
// benchmark runs. The measured thread never waits on it: the two share only
// a mutex the measured thread does not take during timed runs.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "sysmon/sensors.h"

namespace edgebench::sysmon {

inline constexpr int kDefaultSampleIntervalMs = 100;

class Sampler {
 public:
  using Clock = std::chrono::steady_clock;

  // Starts the thread: one reading at once (t_s close to 0), then one every
  // `interval`. The origin of every t_s is the moment of construction.
  Sampler(Sensors sensors, std::chrono::milliseconds interval);
  ~Sampler();  // stops the thread if Stop() was not called
  Sampler(const Sampler&) = delete;
  Sampler& operator=(const Sampler&) = delete;

  // Seconds from the origin to `when` (to put other events on the same axis).
  double SecondsSinceOrigin(Clock::time_point when = Clock::now()) const;

  // The newest reading so far, if any (for a cool-down loop).
  std::optional<Reading> Latest() const;

  // Stops the thread (takes one last reading first) and returns every
  // reading, in time order. Later calls return an empty list.
  std::vector<Reading> Stop();

  const Sensors& sensors() const { return sensors_; }
  std::chrono::milliseconds interval() const { return interval_; }

 private:
  void Loop();
  void TakeReading();

  const Sensors sensors_;
  const std::chrono::milliseconds interval_;
  const Clock::time_point origin_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;              // guarded by mutex_
  std::vector<Reading> readings_;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace edgebench::sysmon
