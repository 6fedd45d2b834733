// Options of the commands that use the results database: `run` saves to it;
// history, export, compare and report select from it.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "bench/result_record.h"
#include "store/results_db.h"

namespace edgebench::cli {

struct SaveOptions {
  std::string db;        // --db; empty: store::ResolveDbPath's default
  bool no_save = false;  // --no-save
  std::string machine;   // --machine: overrides the host name in the records
  double price_usd = 0;  // --price; 0: not given
};

void AddSaveOptions(CLI::App* run, SaveOptions* options);

// Throws CommandError for --db with --no-save: the user named a database
// and asked not to use it; saying so beats guessing which one they meant.
void ValidateSaveOptions(const SaveOptions& options);

// Puts --machine and --price into the record.
void ApplySaveOptions(const SaveOptions& options, bench::BenchmarkRecord& record);

// --db and the filters: --model, --backend, --runtime, --machine, --label,
// --last.
class SelectOptions {
 public:
  void Add(CLI::App* command);
  store::ResultFilter Filter() const;
  const std::string& db() const { return db_; }

 private:
  std::string db_, model_, backend_, runtime_, machine_, label_;
  int64_t last_ = 0;
  CLI::Option *model_option_ = nullptr, *backend_option_ = nullptr, *runtime_option_ = nullptr,
              *machine_option_ = nullptr, *label_option_ = nullptr;
};

// The database at --db (or the default), or null when there is none yet.
// A file that is there but unusable throws CommandError.
std::unique_ptr<store::ResultsDb> OpenForReading(const std::string& db_flag);

// The selected results; empty when there is no database yet.
std::vector<store::StoredResult> SelectResults(const SelectOptions& options);

}  // namespace edgebench::cli
