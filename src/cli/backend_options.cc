#include <thread>

#include "cli/commands.h"

namespace edgebench::cli {

void AddBackendOptions(CLI::App* command, runtime::InterpreterOptions* options) {
  options->backend = "xnnpack";
  options->threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  command
      ->add_option("--backend", options->backend,
                   "xnnpack (fast CPU path; ops it lacks run on the reference kernels) or "
                   "reference (plain loops, the numerical oracle)")
      ->check(CLI::IsMember({"xnnpack", "reference"}))
      ->capture_default_str();
  command->add_option("--threads", options->threads, "Backend threads (default: all cores)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
}

}  // namespace edgebench::cli
