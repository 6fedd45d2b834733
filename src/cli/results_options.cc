#include "cli/results_options.h"

#include <fmt/format.h>

#include <filesystem>

#include "cli/commands.h"
#include "store/db_path.h"

namespace edgebench::cli {

void AddSaveOptions(CLI::App* run, SaveOptions* options) {
  run->add_option("--db", options->db,
                  "Results database to save to (default: $EDGEBENCH_DB, else "
                  "~/.local/share/edgebench/results.db)");
  run->add_flag("--no-save", options->no_save, "Do not save the results in the database");
  run->add_option("--machine", options->machine,
                  "Name of this machine in the records (default: the host name)");
  run->add_option("--price", options->price_usd,
                  "What this machine cost in US dollars, for price/performance")
      ->check(FiniteNumber("--price"))
      ->check(CLI::PositiveNumber);
}

void ValidateSaveOptions(const SaveOptions& options) {
  if (options.no_save && !options.db.empty()) {
    throw CommandError(fmt::format(
        "--db {} with --no-save: nothing would be saved there; drop one of them", options.db));
  }
}

void ApplySaveOptions(const SaveOptions& options, bench::BenchmarkRecord& record) {
  if (!options.machine.empty()) record.context.machine.hostname = options.machine;
  if (options.price_usd > 0) record.price_usd = options.price_usd;
}

void SelectOptions::Add(CLI::App* command) {
  command->add_option("--db", db_,
                      "Results database (default: $EDGEBENCH_DB, else "
                      "~/.local/share/edgebench/results.db)");
  model_option_ = command->add_option("--model", model_, "Only models whose name contains this");
  backend_option_ = command->add_option("--backend", backend_, "Only this backend");
  runtime_option_ =
      command->add_option("--runtime", runtime_, "Only this runtime (e.g. edgebench, onnxruntime)");
  machine_option_ = command->add_option("--machine", machine_, "Only this machine (host name)");
  label_option_ = command->add_option("--label", label_, "Only results with this label");
  command->add_option("--last", last_, "Only the N most recent matching results")
      ->check(CLI::NonNegativeNumber);
}

store::ResultFilter SelectOptions::Filter() const {
  store::ResultFilter filter;
  if (model_option_->count() > 0) filter.model = model_;
  if (backend_option_->count() > 0) filter.backend = backend_;
  if (runtime_option_->count() > 0) filter.runtime = runtime_;
  if (machine_option_->count() > 0) filter.machine = machine_;
  if (label_option_->count() > 0) filter.label = label_;
  filter.last = last_;
  return filter;
}

std::unique_ptr<store::ResultsDb> OpenForReading(const std::string& db_flag) {
  const std::string path = store::ResolveDbPath(db_flag);
  if (!std::filesystem::exists(path)) return nullptr;
  return ValueOrThrow(store::ResultsDb::Open(path, store::ResultsDb::Mode::kExisting));
}

std::vector<store::StoredResult> SelectResults(const SelectOptions& options) {
  auto db = OpenForReading(options.db());
  if (db == nullptr) return {};
  return ValueOrThrow(db->Select(options.Filter()));
}

}  // namespace edgebench::cli
