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
  fmt::print(out, "  {:>9} {:>6} {:>6} {:>8} {:>9}  {:<8} {:<10} {}\n", "ms", "share", "cumul",
             "GFLOP/s", "MMACs", op_heading, "backend", "name");
  double cumulative = 0;
  for (const bench::ProfileRow& row : rows) {
    cumulative += row.share;
    fmt::print(out, "  {:>9.4f} {:>5.1f}% {:>5.1f}% {:>8} {:>9.1f}  {:<8} {:<10} {}\n", row.mean_ms,
               100 * row.share, 100 * cumulative, Gflops(row), static_cast<double>(row.macs) / 1e6,
               OpRange(row), row.backend, row.name);
  }
}

}  // namespace

void PrintProfiles(std::FILE* out, std::span<const bench::BenchmarkRecord> records, int top) {
  for (const bench::BenchmarkRecord& r : records) {
    if (!r.profile) continue;
    const bench::OpProfile& p = *r.profile;
    fmt::print(out,
               "\nprofile of {} ({}, {} thread{}, {} runs, each op timed alone): {:.3f} ms per "
               "inference, timed runs {:.3f} ms\n",
               r.model.name, r.backend_name, r.threads, r.threads == 1 ? "" : "s", p.runs,
               p.total_ms, r.summary.mean);
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
