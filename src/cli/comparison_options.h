// What `compare` and `report` share: the selection, --published, --price and
// --baseline, turned into comparison rows.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/results_options.h"
#include "report/comparison.h"

namespace edgebench::cli {

class ComparisonOptions {
 public:
  void Add(CLI::App* command);
  // The selected saved results (empty without a database).
  std::vector<store::StoredResult> Saved() const;
  // Saved results and, with --published, data/published's rows.
  std::vector<report::ComparisonRow> Rows(const std::vector<store::StoredResult>& saved) const;
  const SelectOptions& select() const { return select_; }
  // --group-by: platform (the default) or runtime.
  report::GroupBy group_by() const;

 private:
  SelectOptions select_;
  bool published_ = false;
  double price_usd_ = 0;
  std::string baseline_;
  std::string group_by_ = "platform";
};

// The host name `run` records by default: rows from it are "this machine".
std::string ThisHostName();

}  // namespace edgebench::cli
