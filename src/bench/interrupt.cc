#include "bench/interrupt.h"

#include <csignal>

namespace edgebench::bench {
namespace {

static_assert(std::atomic<bool>::is_always_lock_free, "the handler may only touch lock-free data");

std::atomic<bool> g_stop = false;
volatile std::sig_atomic_t g_signal = 0;
struct sigaction g_previous_int, g_previous_term;

void Restore(int signal_number) {
  struct sigaction fallback = {};
  fallback.sa_handler = SIG_DFL;
  sigaction(signal_number, &fallback, nullptr);
}

// Async-signal-safe: a lock-free store, a sig_atomic_t and sigaction only.
void OnSignal(int signal_number) {
  g_signal = signal_number;
  g_stop.store(true);
  Restore(SIGINT);
  Restore(SIGTERM);
}

}  // namespace

InterruptGuard::InterruptGuard() {
  g_stop = false;
  g_signal = 0;
  struct sigaction action = {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  // Restart interrupted system calls: a write to the terminal or a read
  // of a sensor must not fail because Ctrl-C arrived during it.
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, &g_previous_int);
  sigaction(SIGTERM, &action, &g_previous_term);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
}

const std::atomic<bool>& InterruptGuard::flag() const { return g_stop; }

int InterruptGuard::signal_number() const { return g_signal; }

const char* InterruptName(int signal_number) {
  return signal_number == SIGTERM ? "SIGTERM" : "Ctrl-C";
}

}  // namespace edgebench::bench
