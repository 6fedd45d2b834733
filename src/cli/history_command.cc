// `edgebench history`: the results saved in the database, oldest first.
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/results_options.h"
#include "report/text_safety.h"
#include "store/db_path.h"

namespace edgebench::cli {
namespace {

using report::TerminalSafe;

void PrintHistory(const std::vector<store::StoredResult>& results) {
  fmt::print("{:>5}  {:<20}  {:<16}  {:<34}  {:<11}  {:<9}  {:>3}  {:>6}  {:>9}  {:>9}  {}\n", "id",
             "time (UTC)", "machine", "model", "runtime", "backend", "thr", "runs", "mean ms",
             "p99 ms", "label");
  for (const store::StoredResult& r : results) {
    const store::IndexedFields& f = r.fields;
    fmt::print(
        "{:>5}  {:<20}  {:<16}  {:<34}  {:<11}  {:<9}  {:>3}  {:>6}  {:>9.2f}  {:>9.2f}  {}{}\n",
        r.id, TerminalSafe(f.timestamp_utc), TerminalSafe(f.machine), TerminalSafe(f.model),
        TerminalSafe(f.runtime), TerminalSafe(f.backend), f.threads, f.count, f.mean_ms, f.p99_ms,
        TerminalSafe(f.label), r.source == "run" ? "" : "  [" + TerminalSafe(r.source) + "]");
  }
}

}  // namespace

void AddHistoryCommand(CLI::App& app) {
  auto* command = app.add_subcommand("history", "List the results saved in the database");
  static SelectOptions options;
  options.Add(command);
  command->callback([] {
    const auto results = SelectResults(options);
    if (results.empty()) {
      fmt::print(stderr, "no results in {}\n", store::ResolveDbPath(options.db()));
      return;
    }
    PrintHistory(results);
  });
}

}  // namespace edgebench::cli
