#include "cli/run_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "bench/thread_count.h"
#include "report/text_safety.h"

namespace edgebench::cli {
namespace {

// The model's name as given on the command line (a path may hold anything).
std::string RowName(const bench::BenchmarkRecord& record) {
  const std::string name = report::TerminalSafe(record.model.name);
  return record.model.synthetic ? name + " *" : name;
}

}  // namespace

void PrintRunContext(std::FILE* out, const bench::BenchmarkRecord& r) {
  const bench::BuildInfo& b = r.context.build;
  const bench::MachineInfo& m = r.context.machine;
  fmt::print(out, "edgebench {} ({}, {} {} {}) on {}, {} logical cores, governor {}, {}, {}\n",
             b.version, b.git_revision, b.compiler_id, b.compiler_version, b.build_type,
             m.cpu_model, m.logical_cores, m.frequency_governor, m.kernel, m.os);
  const std::string threads_default =
      r.settings.threads_from_load
          ? fmt::format(" ({})", bench::DescribeDefaultThreads(*r.settings.threads_from_load))
          : "";
  fmt::print(out, "backend {} {}, {} thread{}{}; image {} ({}x{}, {} resize to {}x{})\n",
             r.backend_name, r.backend_version, r.threads, r.threads == 1 ? "" : "s",
             threads_default, report::TerminalSafe(r.image.file), r.image.width, r.image.height,
             r.image.resize_method, r.image.input_width, r.image.input_height);
}

void PrintResultTable(std::FILE* out, std::span<const bench::BenchmarkRecord> records) {
  size_t width = 5;
  for (const auto& r : records) width = std::max(width, RowName(r).size());
  fmt::print(out, "\n{:<{}} {:>6} {:>9} {:>10} {:>9} {:>9} {:>9} {:>8} {:>9} {:>9} {:>8}\n",
             "model", width, "runs", "load ms", "first ms", "mean ms", "median", "p99", "std",
             "min", "max", "fps");
  bool any_synthetic = false;
  for (const auto& r : records) {
    const bench::Summary& s = r.summary;
    fmt::print(out,
               "{:<{}} {:>6} {:>9.1f} {:>10.2f} {:>9.2f} {:>9.2f} {:>9.2f} {:>8.2f} {:>9.2f} "
               "{:>9.2f} {:>8.2f}\n",
               RowName(r), width, s.count, r.load_ms, r.first_run_ms, s.mean, s.median, s.p99,
               s.stddev, s.min, s.max, s.per_second);
    any_synthetic = any_synthetic || r.model.synthetic;
  }
  if (any_synthetic) {
    fmt::print(out, "* synthetic weights (zoo): faithful latency, meaningless detections\n");
  }
  for (const auto& r : records) {
    if (!r.network_only) continue;
    fmt::print(out,
               "{}: network alone {:.2f} ms mean, {:.2f} ms median ({} ran it; the "
               "post-processing on edgebench's {} kernel); end to end {:.2f} ms\n",
               RowName(r), r.network_only->mean, r.network_only->median, r.runtime.name,
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
      const std::string line = everywhere ? warning : fmt::format("{}: {}", r.model.name, warning);
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
    fmt::print(out, "  {}{}\n", report::TerminalSafe(r.model.name),
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
