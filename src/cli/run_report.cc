#include "cli/run_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "bench/benchmark_model.h"
#include "bench/side_by_side.h"
#include "bench/thread_count.h"
#include "report/text_safety.h"

namespace edgebench::cli {
namespace {

// Whether `records` come from more than one runtime (a side-by-side run).
bool SideBySide(std::span<const bench::BenchmarkRecord> records) {
  return std::any_of(records.begin(), records.end(), [&](const bench::BenchmarkRecord& r) {
    return r.runtime.name != records.front().runtime.name;
  });
}

// RunName, with "*" for synthetic weights.
std::string RowName(const bench::BenchmarkRecord& record,
                    std::span<const bench::BenchmarkRecord> records) {
  const std::string name = RunName(record, records);
  return record.model.synthetic ? name + " *" : name;
}

// "xnnpack Debian libxnnpack 0.0~git20220216, 2 threads".
std::string BackendAndThreads(const bench::BenchmarkRecord& r) {
  return fmt::format("{} {}, {} thread{}", r.backend_name, r.backend_version, r.threads,
                     r.threads == 1 ? "" : "s");
}

}  // namespace

std::string RunName(const bench::BenchmarkRecord& record,
                    std::span<const bench::BenchmarkRecord> records) {
  const std::string name = report::TerminalSafe(record.model.name);
  return SideBySide(records) ? name + " on " + record.runtime.name : name;
}

void PrintRunContext(std::FILE* out, std::span<const bench::BenchmarkRecord> records) {
  const bench::BenchmarkRecord& r = records.front();
  const bench::BuildInfo& b = r.context.build;
  const bench::MachineInfo& m = r.context.machine;
  fmt::print(out, "edgebench {} ({}, {} {} {}) on {}, {} logical cores, governor {}, {}, {}\n",
             b.version, b.git_revision, b.compiler_id, b.compiler_version, b.build_type,
             m.cpu_model, m.logical_cores, m.frequency_governor, m.kernel, m.os);
  std::vector<std::string> runtimes;
  for (const bench::BenchmarkRecord& each : records) {
    const std::string runtime = fmt::format("{} {} (backend {})", each.runtime.name,
                                            each.runtime.version, BackendAndThreads(each));
    if (std::find(runtimes.begin(), runtimes.end(), runtime) == runtimes.end()) {
      runtimes.push_back(runtime);
    }
  }
  const std::string threads_default =
      r.settings.threads_from_load
          ? fmt::format(" ({})", bench::DescribeDefaultThreads(*r.settings.threads_from_load))
          : "";
  fmt::print(out, "runtime{} {}{}; image {} ({}x{}, {} resize to {}x{})\n",
             runtimes.size() == 1 ? "" : "s", fmt::join(runtimes, ", "), threads_default,
             report::TerminalSafe(r.image.file), r.image.width, r.image.height,
             r.image.resize_method, r.image.input_width, r.image.input_height);
}

void PrintResultTable(std::FILE* out, std::span<const bench::BenchmarkRecord> records) {
  size_t width = 5;
  for (const auto& r : records) width = std::max(width, RowName(r, records).size());
  fmt::print(out, "\n{:<{}} {:>6} {:>9} {:>10} {:>9} {:>9} {:>9} {:>8} {:>9} {:>9} {:>8}\n",
             "model", width, "runs", "load ms", "first ms", "mean ms", "median", "p99", "std",
             "min", "max", "fps");
  bool any_synthetic = false;
  for (const auto& r : records) {
    const bench::Summary& s = r.summary;
    fmt::print(out,
               "{:<{}} {:>6} {:>9.1f} {:>10.2f} {:>9.2f} {:>9.2f} {:>9.2f} {:>8.2f} {:>9.2f} "
               "{:>9.2f} {:>8.2f}\n",
               RowName(r, records), width, s.count, r.load_ms, r.first_run_ms, s.mean, s.median,
               s.p99, s.stddev, s.min, s.max, s.per_second);
    any_synthetic = any_synthetic || r.model.synthetic;
  }
  if (any_synthetic) {
    fmt::print(out, "* synthetic weights (zoo): faithful latency, meaningless detections\n");
  }
  // Side by side, the network's own time is a column of that table.
  if (SideBySide(records)) return;
  for (const auto& r : records) {
    if (!r.network_only) continue;
    fmt::print(out,
               "{}: network alone {:.2f} ms mean, {:.2f} ms median ({} ran it; the "
               "post-processing on edgebench's {} kernel); end to end {:.2f} ms\n",
               RowName(r, records), r.network_only->mean, r.network_only->median, r.runtime.name,
               r.runtime.post_processing_kernel, r.summary.mean);
  }
}

void PrintWarnings(std::FILE* out, std::span<const bench::BenchmarkRecord> records) {
  std::vector<std::string> lines;
  for (const auto& r : records) {
    for (const std::string& warning : r.warnings) {
      const bool everywhere =
          records.size() > 1 && std::all_of(records.begin(), records.end(), [&](const auto& o) {
            return std::find(o.warnings.begin(), o.warnings.end(), warning) != o.warnings.end();
          });
      const std::string line =
          everywhere ? warning : fmt::format("{}: {}", RunName(r, records), warning);
      if (std::find(lines.begin(), lines.end(), line) == lines.end()) lines.push_back(line);
    }
  }
  if (lines.empty()) return;
  fmt::print(out, "\nwarnings:\n");
  for (const std::string& line : lines) fmt::print(out, "  {}\n", report::TerminalSafe(line));
}

void PrintDetections(std::FILE* out, std::span<const bench::BenchmarkRecord> records,
                     float min_score, int max_per_model) {
  fmt::print(out, "\ndetections (score >= {:.2f}, boxes normalized y/x 0..1):\n", min_score);
  for (const auto& r : records) {
    fmt::print(out, "  {}{}\n", RunName(r, records),
               r.model.synthetic ? " (synthetic weights: these mean nothing)" : "");
    int shown = 0;
    for (const bench::RecordDetection& d : r.detections) {
      if (d.score < min_score || shown == max_per_model) continue;
      fmt::print(out, "    {:<16} {:.3f}  box y {:.3f}-{:.3f} x {:.3f}-{:.3f}\n", d.label, d.score,
                 d.ymin, d.ymax, d.xmin, d.xmax);
      ++shown;
    }
    if (shown == 0) fmt::print(out, "    none\n");
  }
}

}  // namespace edgebench::cli

namespace edgebench::cli {

void PrintSideBySide(std::FILE* out, std::span<const bench::BenchmarkRecord> records) {
  if (!SideBySide(records)) return;
  const std::vector<bench::SideBySideRow> rows = bench::SideBySideRows(records);
  size_t model_width = 5, runtime_width = 7;
  for (const bench::SideBySideRow& row : rows) {
    model_width = std::max(model_width, report::TerminalSafe(row.model).size() + 2);
    runtime_width = std::max(runtime_width, row.runtime.size() + row.version.size() + 1);
  }
  fmt::print(out,
             "\nside by side, interleaved in {} rounds (ms; speed-up: {}'s mean over this mean, "
             "above 1 is faster):\n",
             bench::kInterleaveRounds, rows.front().runtime);
  fmt::print(out, "{:<{}} {:<{}} {:<9} {:>7} {:>9} {:>9} {:>9} {:>10} {:>8}\n", "model",
             model_width, "runtime", runtime_width, "backend", "threads", "mean", "median",
             "net mean", "net median", "speed-up");
  std::string model;
  for (const bench::SideBySideRow& row : rows) {
    const std::string name =
        row.model == model ? "" : report::TerminalSafe(row.model) + (row.synthetic ? " *" : "");
    model = row.model;
    const auto optional = [](const std::optional<double>& ms) {
      return ms ? fmt::format("{:.2f}", *ms) : std::string("-");
    };
    fmt::print(out, "{:<{}} {:<{}} {:<9} {:>7} {:>9.2f} {:>9.2f} {:>9} {:>10} {:>7.2f}x\n", name,
               model_width, row.runtime + " " + row.version, runtime_width, row.backend,
               row.threads, row.mean_ms, row.median_ms, optional(row.network_mean_ms),
               optional(row.network_median_ms), row.speedup);
  }
}

}  // namespace edgebench::cli
