#include <fmt/format.h>

#include <thread>

#include "cli/commands.h"

namespace edgebench::cli {

double MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

image::ResizeMethod ParseResize(const std::string& name) {
  if (name == "auto") return image::ResizeMethod::kAuto;
  if (name == "area") return image::ResizeMethod::kArea;
  if (name == "bilinear") return image::ResizeMethod::kBilinear;
  throw CommandError(fmt::format("--resize {}: expected auto, area or bilinear", name));
}

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
