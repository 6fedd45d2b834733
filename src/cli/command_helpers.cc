#include <fmt/format.h>

#include <cmath>
#include <thread>

#include "bench/thread_count.h"
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

namespace {

// Backends this build can run. The reference kernels are edgebench's own,
// so their version is edgebench's; XNNPACK is Debian's snapshot of it, with
// the optimized and reference kernels for the ops it does not claim.
constexpr BackendEntry kBackends[] = {{"xnnpack", "Debian libxnnpack 0.0~git20220216", 1024},
                                      {"reference", EDGEBENCH_VERSION, 1}};

}  // namespace

const BackendEntry& FindBackend(const std::string& name) {
  std::string known;
  for (const BackendEntry& backend : kBackends) {
    if (name == backend.name) return backend;
    known += (known.empty() ? "" : ", ") + std::string(backend.name);
  }
  throw CommandError(fmt::format("--backend {}: unknown backend (available: {})", name, known));
}

CLI::Validator FiniteNumber(const std::string& flag) {
  return CLI::Validator(
      [flag](const std::string& text) -> std::string {
        double value = 0;
        if (!CLI::detail::lexical_cast(text, value) || !std::isfinite(value)) {
          throw CommandError(fmt::format("{} {}: not a finite number", flag, text));
        }
        return "";
      },
      "NUMBER");
}

std::optional<std::string> CheckThreads(int threads) {
  if (threads < 1) throw CommandError(fmt::format("--threads {}: must be at least 1", threads));
  const int cores = static_cast<int>(std::thread::hardware_concurrency());
  ThrowIfError(bench::CheckThreadCount("--threads", threads, cores));
  return bench::OversubscriptionWarning(threads, cores);
}

void CheckBackendOptions(const runtime::InterpreterOptions& options) {
  const BackendEntry& backend = FindBackend(options.backend);
  const auto warning = CheckThreads(options.threads);
  if (warning && options.threads <= backend.max_threads) {
    fmt::print(stderr, "edgebench: warning: {}\n", *warning);
  }
}

void AddBackendOptions(CLI::App* command, runtime::InterpreterOptions* options) {
  options->backend = "xnnpack";
  options->threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  command
      ->add_option("--backend", options->backend,
                   "xnnpack (fast CPU path; ops it lacks run on the reference kernels) or "
                   "reference (plain loops, the numerical oracle)")
      ->capture_default_str();
  command->add_option("--threads", options->threads, "Backend threads (default: all cores)")
      ->capture_default_str();
  AddArenaLimitOption(command, &options->max_arena_bytes);
}

void AddArenaLimitOption(CLI::App* command, size_t* max_arena_bytes) {
  constexpr int64_t kMaxMegabytes = int64_t{1} << 30;  // 1 PiB: no overflow in bytes
  command
      ->add_option_function<int64_t>(
          "--max-arena-mb",
          [max_arena_bytes](int64_t megabytes) {
            *max_arena_bytes = static_cast<size_t>(megabytes) << 20;
          },
          "Largest activation arena to allocate, in MiB; a model needing more is refused "
          "before anything is allocated")
      ->default_str(std::to_string(runtime::kDefaultMaxArenaBytes >> 20))
      ->check(CLI::Range(int64_t{1}, kMaxMegabytes));
}

}  // namespace edgebench::cli
