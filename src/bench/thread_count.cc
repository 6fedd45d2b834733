#include "bench/thread_count.h"

#include <fmt/format.h>

#include <algorithm>

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

}  // namespace edgebench::bench
