// `edgebench export`: the saved results as CSV (indexed fields) or JSON (the
// full records, in the format `run --json` writes and `import` reads).
#include <fmt/format.h>

#include <cstdio>
#include <fstream>

#include "cli/commands.h"
#include "cli/results_options.h"
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

void WriteText(const std::string& path, const std::string& text) {
  if (path.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return;
  }
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) throw CommandError(path + ": cannot write");
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
  } else if (o.output.empty()) {
    WriteText("", JsonDocument(o, results).dump(2) + "\n");
  } else {
    ThrowIfError(bench::WriteJsonFile(o.output, JsonDocument(o, results)));
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
