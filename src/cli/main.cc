#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>
#include <system_error>

#include "cli/commands.h"
#include "fileio/data_places.h"

namespace edgebench::cli {

void ThrowIfError(const Status& status) {
  if (!status.ok()) throw CommandError(status.message());
}

namespace {

int Fail(const std::string& message) {
  fmt::print(stderr, "edgebench: error: {}\n", message);
  return 1;
}

int StandardOutputFailed(const std::string& reason) {
  return Fail("writing to standard output: " + reason);
}

// The one handler: every failure, whatever raised it, ends as one line on
// stderr and exit code 1.
int ParseAndRun(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  } catch (const CommandError& error) {
    return Fail(error.what());
  } catch (const std::bad_alloc&) {
    return Fail(
        "out of memory (an allocation failed; the model or input is too large for this machine)");
  } catch (const std::system_error& error) {
    // fmt::print throws this, with the errno, when a write fails.
    if (std::ferror(stdout)) return StandardOutputFailed(error.code().message());
    return Fail(error.what());
  } catch (const std::exception& error) {
    return Fail(error.what());
  }
  return 0;
}

// Output lost to a full disk or a closed pipe must not look like success:
// `edgebench export > backup.csv` on a full disk would otherwise leave a
// truncated backup and exit 0. What stdio still buffers is written here;
// an earlier failed write left the stream's error flag set.
int CheckStandardOutput(int exit_code) {
  errno = 0;
  const bool flushed = std::fflush(stdout) == 0;
  if ((flushed && !std::ferror(stdout)) || exit_code != 0) return exit_code;
  const int error = errno;
  return StandardOutputFailed(error != 0 ? std::strerror(error) : "write failed");
}

}  // namespace
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
  edgebench::cli::AddSetupCommand(app);
  edgebench::cli::AddConvertCommand(app);
  // The commands that read edgebench's own data say where it is looked for.
  for (const char* name : {"run", "detect", "zoo", "setup"}) {
    app.get_subcommand(name)->footer(edgebench::fileio::DataPlacesHelp());
  }
  return edgebench::cli::CheckStandardOutput(edgebench::cli::ParseAndRun(app, argc, argv));
}
