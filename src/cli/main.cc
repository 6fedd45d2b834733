#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.h"

namespace edgebench::cli {

void ThrowIfError(const Status& status) {
  if (!status.ok()) throw CommandError(status.message());
}

}  // namespace edgebench::cli

int main(int argc, char** argv) {
  CLI::App app{
      "edgebench: how fast does this model run on this device, with this runtime?\n"
      "Re-creates the TensorFlow Lite SSD MobileNet benchmark with its own engine."};
  app.set_version_flag("--version", EDGEBENCH_VERSION);
  app.require_subcommand(1);
  edgebench::cli::AddInspectCommand(app);
  edgebench::cli::AddZooCommand(app);
  edgebench::cli::AddDetectCommand(app);
  edgebench::cli::AddRunCommand(app);
  edgebench::cli::AddSysinfoCommand(app);
  edgebench::cli::AddHistoryCommand(app);
  edgebench::cli::AddExportCommand(app);
  edgebench::cli::AddImportCommand(app);
  edgebench::cli::AddCompareCommand(app);
  edgebench::cli::AddReportCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  } catch (const edgebench::cli::CommandError& error) {
    fmt::print(stderr, "edgebench: error: {}\n", error.what());
    return 1;
  }
  return 0;
}
