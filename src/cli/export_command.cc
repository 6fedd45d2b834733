// `edgebench export`: the saved results as CSV (indexed fields) or JSON (the
// full records, in the format `run --json` writes and `import` reads).
#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.h"
#include "cli/results_options.h"
#include "fileio/safe_write.h"
#include "store/db_path.h"
#include "store/exchange.h"

namespace edgebench::cli {
namespace {

struct ExportOptions {
  SelectOptions select;
  std::string format = "csv";
  std::string output;  // empty: stdout
};

nlohmann::ordered_json JsonDocument(const ExportOptions& o,
                                    const std::vector<store::StoredResult>& results) {
  nlohmann::ordered_json records = nlohmann::ordered_json::array();
  if (!results.empty()) {
    auto db = OpenForReading(o.select.db());
    for (const store::StoredResult& r : results) records.push_back(ValueOrThrow(db->Record(r.id)));
  }
  return {{"schema_version", bench::kResultSchemaVersion}, {"results", std::move(records)}};
}

// fmt::print reports a failed write to standard output (with its errno) to
// main's handler.
void WriteText(const std::string& path, const std::string& text) {
  if (path.empty()) {
    fmt::print(stdout, "{}", text);
    return;
  }
  ThrowIfError(fileio::WriteFileSafely(path, text));
}

void Export(const ExportOptions& o) {
  if (o.format != "csv" && o.format != "json") {
    throw CommandError("--format " + o.format + ": expected csv or json");
  }
  if (!o.output.empty()) {
    ThrowIfError(store::CheckNotDatabase("-o", o.output, store::ResolveDbPath(o.select.db())));
  }
  const auto results = SelectResults(o.select);
  if (o.format == "csv") {
    WriteText(o.output, store::ResultsCsv(results));
  } else {
    WriteText(o.output, JsonDocument(o, results).dump(2) + "\n");
  }
}

}  // namespace

void AddExportCommand(CLI::App& app) {
  auto* command = app.add_subcommand("export", "Write saved results as CSV or JSON");
  static ExportOptions o;
  o.select.Add(command);
  command->add_option("--format", o.format, "csv (one line per result) or json (full records)")
      ->capture_default_str();
  command->add_option("-o,--output", o.output, "Write to this file (default: standard output)");
  command->callback([] { Export(o); });
}

}  // namespace edgebench::cli
