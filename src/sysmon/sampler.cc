#include "sysmon/sampler.h"

namespace edgebench::sysmon {

Sampler::Sampler(Sensors sensors, std::chrono::milliseconds interval)
    : sensors_(std::move(sensors)),
      interval_(std::max(interval, std::chrono::milliseconds(1))),
      origin_(Clock::now()) {
  readings_.reserve(1024);
  thread_ = std::thread([this] { Loop(); });
}

Sampler::~Sampler() { Stop(); }

double Sampler::SecondsSinceOrigin(Clock::time_point when) const {
  return std::chrono::duration<double>(when - origin_).count();
}

std::optional<Reading> Sampler::Latest() const {
  std::lock_guard lock(mutex_);
  if (readings_.empty()) return std::nullopt;
  return readings_.back();
}

std::vector<Reading> Sampler::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (!thread_.joinable()) return {};
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
  TakeReading();
  std::lock_guard lock(mutex_);
  return std::move(readings_);
}

void Sampler::TakeReading() {
  // Read outside the lock: file reads take microseconds (a vcgencmd call,
  // milliseconds), and Latest() should not wait for them.
  Reading reading = ReadAll(sensors_);
  reading.t_s = SecondsSinceOrigin();
  std::lock_guard lock(mutex_);
  readings_.push_back(reading);
}

void Sampler::Loop() {
  // Deadlines from the origin, so the interval does not stretch by the time
  // each reading takes; a late wake-up skips the ticks it missed.
  auto next = origin_;
  for (;;) {
    TakeReading();
    next += interval_;
    const auto now = Clock::now();
    if (next < now) next += (now - next) / interval_ * interval_ + interval_;
    std::unique_lock lock(mutex_);
    if (wake_.wait_until(lock, next, [this] { return stop_; })) return;
  }
}

}  // namespace edgebench::sysmon
