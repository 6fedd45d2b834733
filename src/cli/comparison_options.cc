#include "cli/comparison_options.h"

#include <fmt/format.h>
#include <unistd.h>

#include "bench/model_catalog.h"
#include "cli/commands.h"
#include "cli/data_files.h"

namespace edgebench::cli {

void ComparisonOptions::Add(CLI::App* command) {
  select_.Add(command);
  command->add_flag("--published", published_,
                    "Add the published results of the original benchmark series "
                    "(data/published/)");
  command
      ->add_option("--price", price_usd_,
                   "Price in US dollars for saved results that were run without --price")
      ->check(FiniteNumber("--price"))
      ->check(CLI::PositiveNumber);
  command->add_option("--baseline", baseline_,
                      "Speed-ups relative to this row: #ID or text in the platform and runtime, "
                      "e.g. \"Raspberry Pi 4 Model B (4GB) TensorFlow Lite\" (default: the "
                      "slowest row of each model)");
  command
      ->add_option("--group-by", group_by_,
                   "platform: rows of a model fastest first, bars coloured by platform; runtime: "
                   "the rows of each runtime together, bars coloured by runtime")
      ->capture_default_str();
}

report::GroupBy ComparisonOptions::group_by() const {
  if (group_by_ == "platform") return report::GroupBy::kPlatform;
  if (group_by_ == "runtime") return report::GroupBy::kRuntime;
  throw CommandError(fmt::format("--group-by {}: expected platform or runtime", group_by_));
}

std::vector<store::StoredResult> ComparisonOptions::Saved() const { return SelectResults(select_); }

std::vector<report::ComparisonRow> ComparisonOptions::Rows(
    const std::vector<store::StoredResult>& saved) const {
  std::vector<report::PublishedResult> published;
  if (published_) {
    published = ValueOrThrow(report::ReadPublishedFolder(ProjectRoot() + "/data/published"));
  }
  report::ComparisonSettings settings;
  settings.this_machine = ThisHostName();
  if (price_usd_ > 0) settings.price_usd = price_usd_;
  settings.baseline = baseline_;
  settings.model = select_.Filter().model;
  settings.group_by = group_by();
  return ValueOrThrow(report::BuildComparison(saved, published, settings));
}

std::string ThisHostName() {
  char host[256] = {};
  return gethostname(host, sizeof(host) - 1) == 0 ? host : "";
}

}  // namespace edgebench::cli
