// Ctrl-C (SIGINT) or SIGTERM during a benchmark: the first asks it to stop
// after the current inference and keep what was measured; the handlers then
// fall back to the default, so a second signal ends the process at once.
#pragma once

#include <atomic>

namespace edgebench::bench {

// Installs the handlers for its lifetime (one at a time; the previous
// handlers come back when it ends).
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  // Set by the first signal: HarnessSettings::stop.
  const std::atomic<bool>& flag() const;
  bool requested() const { return flag().load(); }
  // The signal that arrived (SIGINT or SIGTERM), 0 before one did.
  int signal_number() const;
};

// "Ctrl-C" for SIGINT, "SIGTERM" for SIGTERM.
const char* InterruptName(int signal_number);

}  // namespace edgebench::bench
