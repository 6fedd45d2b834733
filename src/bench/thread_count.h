// How many threads a benchmark may ask for. More threads than cores only
// take turns on them (16 threads on 2 cores made each inference 12 s), so
// above the cores the record warns, and far above them edgebench refuses.
#pragma once

#include <optional>
#include <string>

#include "graph/status.h"
#include "sysmon/core_load.h"

namespace edgebench::bench {

// The most threads allowed on `cores` logical cores: 4x the cores (enough
// to measure what oversubscription costs), at most 256 (thread pools
// beyond that only spend memory and scheduler time); 256 when the core
// count is unknown (0).
int MaxThreads(int cores);

// An error naming `flag` when `threads` is above MaxThreads(cores).
Status CheckThreadCount(const std::string& flag, int threads, int cores);

// The warning for more threads than cores; nothing when they fit (or the
// core count is unknown).
std::optional<std::string> OversubscriptionWarning(int threads, int cores);

// The threads a benchmark runs on when not told: one per core that was not
// already busy (`load` measured just before, a core counting as busy from
// half its time), at least 1. Threads on a core another process keeps busy
// wait for each other instead of computing.
int IdleCoreThreads(const sysmon::CoreLoad& load);

// "the cores not busy: 2 cores, 1.0 busy; --threads to choose".
std::string DescribeDefaultThreads(const sysmon::CoreLoad& load);

}  // namespace edgebench::bench
