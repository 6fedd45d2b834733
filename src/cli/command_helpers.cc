#include <fmt/format.h>

#include <cmath>
#include <thread>

#include "bench/thread_count.h"
#include "cli/commands.h"
#include "runtimes/onnxruntime/onnxruntime_runtime.h"

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

// The registry's errors name the runtime and list what there is.
const runtime::RuntimeEntry& FindRuntime(const std::string& name) {
  return *ValueOrThrow(runtime::ResolveRuntime(name));
}

runtime::BackendInfo FindBackend(const runtime::RuntimeEntry& runtime, const std::string& name) {
  return ValueOrThrow(runtime::ResolveBackend(runtime, name));
}

void AddOnnxruntimeLibOption(CLI::App* command) {
  command
      ->add_option_function<std::string>(
          "--onnxruntime-lib",
          [](const std::string& path) { runtime::UseOnnxruntimeLibrary(path); },
          "The ONNX Runtime library (libonnxruntime.so.*) for --runtime onnxruntime (default: "
          "$EDGEBENCH_ONNXRUNTIME_LIB, else the one scripts/setup.sh put in cache/)")
      ->type_name("PATH");
}

void AddRuntimeOption(CLI::App* command, std::string* runtime) {
  AddOnnxruntimeLibOption(command);
  *runtime = runtime::Runtimes().front().name;
  command
      ->add_option("--runtime", *runtime,
                   fmt::format("What runs the model: {} (`edgebench sysinfo` lists them with "
                               "their availability)",
                               runtime::RuntimeNames()))
      ->capture_default_str();
}

std::string BackendHelp() {
  std::vector<std::string> parts;
  for (const runtime::BackendInfo& b : runtime::Runtimes().front().backends()) {
    parts.push_back(fmt::format("{} ({})", b.name, b.description));
  }
  return fmt::format("{}", fmt::join(parts, " or "));
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

void CheckBackendOptions(runtime::RuntimeOptions& options, const std::string& runtime) {
  const runtime::BackendInfo backend = FindBackend(FindRuntime(runtime), options.backend);
  options.backend = backend.name;
  const auto warning = CheckThreads(options.threads);
  if (warning && options.threads <= backend.max_threads) {
    fmt::print(stderr, "edgebench: warning: {}\n", *warning);
  }
}

void AddBackendOptions(CLI::App* command, runtime::RuntimeOptions* options, std::string* runtime) {
  AddRuntimeOption(command, runtime);
  options->threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  command->add_option("--backend", options->backend,
                      BackendHelp() + "; default: the runtime's first (`edgebench sysinfo`)");
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
