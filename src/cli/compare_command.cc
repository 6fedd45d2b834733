// `edgebench compare`: saved (and published) results side by side, with
// speed-up and price/performance.
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/comparison_options.h"
#include "report/text_safety.h"
#include "store/db_path.h"

namespace edgebench::cli {
namespace {

using report::TerminalSafe;

std::string Optional(const std::optional<double>& value, const char* format) {
  return value ? fmt::format(fmt::runtime(format), *value) : "-";
}

// A blank line between model groups, and with --group-by runtime between
// the runtimes of a group.
void PrintComparison(const std::vector<report::ComparisonRow>& rows, report::GroupBy group_by) {
  fmt::print("{:<28} {:<52} {:<30} {:>9} {:>9} {:>8} {:>8} {:>8} {:>9} {:>10}  {}\n", "model",
             "platform", "runtime", "mean ms", "p99 ms", "inf/s", "speed-up", "price $", "inf/s/$",
             "$/(inf/s)", "source");
  std::string group, runtime;
  for (const report::ComparisonRow& r : rows) {
    const bool new_runtime = group_by == report::GroupBy::kRuntime && r.runtime_name != runtime;
    if (!group.empty() && (r.model_group != group || new_runtime)) fmt::print("\n");
    group = r.model_group;
    runtime = r.runtime_name;
    // Record strings may come from another machine's file: escaped.
    const std::string platform =
        TerminalSafe(r.label.empty() ? r.platform : r.platform + " [" + r.label + "]");
    const std::string source =
        TerminalSafe(r.published ? r.source : fmt::format("#{} {}", r.id, r.source));
    fmt::print("{:<28} {:<52} {:<30} {:>9.1f} {:>9} {:>8.2f} {:>8} {:>8} {:>9} {:>10}  {}\n",
               TerminalSafe(r.model), platform, TerminalSafe(r.runtime), r.mean_ms,
               Optional(r.p99_ms, "{:.1f}"), r.per_second, Optional(r.speedup, "{:.2f}x"),
               Optional(r.price_usd, "{:.2f}"), Optional(r.per_second_per_usd(), "{:.3f}"),
               Optional(r.usd_per_per_second(), "{:.2f}"), source);
  }
}

}  // namespace

void AddCompareCommand(CLI::App& app) {
  auto* command = app.add_subcommand(
      "compare",
      "Compare saved results (and published ones): latency, speed-up, price/performance");
  static ComparisonOptions options;
  options.Add(command);
  command->callback([] {
    const auto rows = options.Rows(options.Saved());
    if (rows.empty()) {
      throw CommandError("no results to compare in " + store::ResolveDbPath(options.select().db()) +
                         " (run a benchmark, or add --published)");
    }
    PrintComparison(rows, options.group_by());
  });
}

}  // namespace edgebench::cli
