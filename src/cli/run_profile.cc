#include "cli/run_profile.h"

#include <fmt/format.h>

#include <algorithm>

namespace edgebench::cli {
namespace {

std::string OpRange(const bench::ProfileRow& row) {
  return row.first_op == row.last_op ? std::to_string(row.first_op)
                                     : fmt::format("{}-{}", row.first_op, row.last_op);
}

std::string Gflops(const bench::ProfileRow& row) {
  return row.macs > 0 ? fmt::format("{:.1f}", row.gflops) : "-";
}

void PrintRows(std::FILE* out, std::span<const bench::ProfileRow> rows, const char* op_heading) {
  // Another runtime's backend column names its kernels
  // ("DequantizeLinear+FusedConv+QuantizeLinear"): as wide as the widest.
  size_t width = 10;
  for (const bench::ProfileRow& row : rows) width = std::max(width, row.backend.size());
  fmt::print(out, "  {:>9} {:>6} {:>6} {:>8} {:>9}  {:<8} {:<{}} {}\n", "ms", "share", "cumul",
             "GFLOP/s", "MMACs", op_heading, "backend", width, "name");
  double cumulative = 0;
  for (const bench::ProfileRow& row : rows) {
    cumulative += row.share;
    fmt::print(out, "  {:>9.4f} {:>5.1f}% {:>5.1f}% {:>8} {:>9.1f}  {:<8} {:<{}} {}\n", row.mean_ms,
               100 * row.share, 100 * cumulative, Gflops(row), static_cast<double>(row.macs) / 1e6,
               OpRange(row), row.backend, width, row.name);
  }
}

// How the runtime timed the ops: edgebench's engine runs each alone (one
// op per backend run); another runtime reports them from its own profiler.
std::string HowTimed(const bench::BenchmarkRecord& r) {
  return r.runtime.name == "edgebench" ? "each op timed alone"
                                       : fmt::format("{}'s own profiler", r.runtime.name);
}

// What the profile's sum compares with: the network alone when the
// post-processing ran apart (the runtime times only what it ran).
std::string TimedRuns(const bench::BenchmarkRecord& r) {
  if (r.network_only) {
    return fmt::format("timed runs {:.3f} ms, network alone {:.3f} ms", r.summary.mean,
                       r.network_only->mean);
  }
  return fmt::format("timed runs {:.3f} ms", r.summary.mean);
}

}  // namespace

void PrintProfiles(std::FILE* out, std::span<const bench::BenchmarkRecord> records, int top) {
  for (const bench::BenchmarkRecord& r : records) {
    if (!r.profile) continue;
    const bench::OpProfile& p = *r.profile;
    fmt::print(out,
               "\nprofile of {} ({} {}, {} thread{}, {} runs, {}): {:.3f} ms per inference, {}\n",
               r.model.name, r.runtime.name, r.backend_name, r.threads, r.threads == 1 ? "" : "s",
               p.runs, HowTimed(r), p.total_ms, TimedRuns(r));
    const size_t shown = std::min(p.rows.size(), static_cast<size_t>(std::max(top, 0)));
    PrintRows(out, std::span(p.rows).first(shown), "op");
    if (shown < p.rows.size()) {
      fmt::print(out, "  ... {} faster ops (all of them in --json)\n", p.rows.size() - shown);
    }
    fmt::print(out, "by op type:\n");
    PrintRows(out, p.by_type, "ops");
  }
}

}  // namespace edgebench::cli
