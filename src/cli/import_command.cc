// `edgebench import FILE...`: adds result records measured elsewhere (a `run
// --json` file or an export from another machine's database).
#include <fmt/format.h>

#include <filesystem>

#include "cli/commands.h"
#include "cli/results_options.h"
#include "store/db_path.h"
#include "store/exchange.h"

namespace edgebench::cli {

void AddImportCommand(CLI::App& app) {
  auto* command =
      app.add_subcommand("import", "Add result records from JSON files to the database");
  static std::string db;
  static std::vector<std::string> files;
  command->add_option("FILE", files, "run --json or export --format json output")
      ->required()
      ->check(CLI::ExistingFile);
  command->add_option("--db", db,
                      "Results database (default: $EDGEBENCH_DB, else "
                      "~/.local/share/edgebench/results.db)");
  command->callback([] {
    auto database = ValueOrThrow(
        store::ResultsDb::Open(store::ResolveDbPath(db), store::ResultsDb::Mode::kCreate));
    for (const std::string& file : files) {
      const auto records = ValueOrThrow(store::ReadResultsFile(file));
      const std::string source = "import " + std::filesystem::path(file).filename().string();
      const int added = ValueOrThrow(database->Add(records, source, file));
      fmt::print("{}: imported {} of {} result{}", file, added, records.size(),
                 records.size() == 1 ? "" : "s");
      const size_t present = records.size() - static_cast<size_t>(added);
      fmt::print("{}\n", present > 0 ? fmt::format(" ({} already in {})", present, database->path())
                                     : std::string());
    }
  });
}

}  // namespace edgebench::cli
