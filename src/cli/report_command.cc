// `edgebench report -o FILE.html`: the comparison as one self-contained
// HTML page with SVG charts.
#include <fmt/format.h>

#include "bench/result_record.h"
#include "cli/commands.h"
#include "cli/comparison_options.h"
#include "fileio/safe_write.h"
#include "report/html_report.h"
#include "store/db_path.h"

namespace edgebench::cli {
namespace {

report::ReportInput Collect(const ComparisonOptions& options) {
  report::ReportInput input;
  input.rows = options.Rows(options.Saved());
  input.group_by = options.group_by();
  input.generated_utc = bench::TimestampUtc();
  input.database = store::ResolveDbPath(options.select().db());
  auto db = OpenForReading(options.select().db());
  for (const report::ComparisonRow& row : input.rows) {
    if (!row.published) input.runs.push_back({row, ValueOrThrow(db->Record(row.id))});
  }
  std::sort(input.runs.begin(), input.runs.end(),
            [](const auto& a, const auto& b) { return a.row.id < b.row.id; });
  return input;
}

}  // namespace

void AddReportCommand(CLI::App& app) {
  auto* command = app.add_subcommand(
      "report", "Write an HTML report with charts of saved (and published) results");
  static ComparisonOptions options;
  static std::string output;
  options.Add(command);
  command->add_option("-o,--output", output, "The HTML file to write")->required();
  command->callback([] {
    const report::ReportInput input = Collect(options);
    if (input.rows.empty()) {
      throw CommandError("no results for a report in " + input.database +
                         " (run a benchmark, or add --published)");
    }
    ThrowIfError(fileio::WriteFileSafely(output, report::RenderHtmlReport(input)));
    fmt::print(stderr, "wrote {} ({} rows, {} runs)\n", output, input.rows.size(),
               input.runs.size());
  });
}

}  // namespace edgebench::cli
