#include "bench/thread_count.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace edgebench::bench {
namespace {

constexpr int kThreadsPerCore = 4;
constexpr int kMaxThreads = 256;

}  // namespace

int MaxThreads(int cores) {
  return cores > 0 ? std::min(kThreadsPerCore * cores, kMaxThreads) : kMaxThreads;
}

Status CheckThreadCount(const std::string& flag, int threads, int cores) {
  if (threads <= MaxThreads(cores)) return Status::Ok();
  return Status::Error(fmt::format(
      "{} {}: more than {} threads on {} logical core{} (4 per core, at most {}): they would "
      "only take turns on the cores",
      flag, threads, MaxThreads(cores), cores, cores == 1 ? "" : "s", kMaxThreads));
}

std::optional<std::string> OversubscriptionWarning(int threads, int cores) {
  if (cores <= 0 || threads <= cores) return std::nullopt;
  return fmt::format(
      "{} threads on {} logical core{}: the threads take turns on the cores, so inferences are "
      "slower and vary more than with {} thread{}",
      threads, cores, cores == 1 ? "" : "s", cores, cores == 1 ? "" : "s");
}

int IdleCoreThreads(const sysmon::CoreLoad& load) {
  const int busy = static_cast<int>(std::lround(load.busy_cores));
  return std::max(1, load.cores - busy);
}

std::string DescribeDefaultThreads(const sysmon::CoreLoad& load) {
  return fmt::format("the cores not busy: {} core{}, {:.1f} busy; --threads to choose", load.cores,
                     load.cores == 1 ? "" : "s", load.busy_cores);
}

}  // namespace edgebench::bench
