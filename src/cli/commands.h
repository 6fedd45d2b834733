// Each subcommand registers itself on the top-level CLI11 app. A command that
// fails throws CommandError; main prints it as one line and exits 1.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <optional>
#include <stdexcept>

#include "graph/status.h"
#include "image/resize.h"
#include "runtime/interpreter.h"
#include "runtimes/registry.h"

namespace edgebench::cli {

class CommandError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws CommandError carrying the status message when `status` failed.
void ThrowIfError(const Status& status);
template <typename T>
T ValueOrThrow(Result<T> result) {
  ThrowIfError(result.status());
  return std::move(result).value();
}

// Wall time since `start`, in milliseconds.
double MillisecondsSince(std::chrono::steady_clock::time_point start);

// --resize's value: auto, area or bilinear; anything else throws CommandError.
image::ResizeMethod ParseResize(const std::string& name);

// The runtime called `name` in the registry, when this machine has it;
// throws CommandError (one line) naming the known ones, or why it is missing.
const runtime::RuntimeEntry& FindRuntime(const std::string& name);
// Backend `name` of `runtime`, its default (the first) when empty; throws
// CommandError (one line) naming the available ones.
runtime::BackendInfo FindBackend(const runtime::RuntimeEntry& runtime, const std::string& name);
// --runtime (default edgebench), checked by FindRuntime in the callback,
// with --onnxruntime-lib.
void AddRuntimeOption(CLI::App* command, std::string* runtime);
// --onnxruntime-lib PATH: the ONNX Runtime library the onnxruntime runtime
// loads (src/runtimes/onnxruntime/onnxruntime_runtime.h).
void AddOnnxruntimeLibOption(CLI::App* command);
// --backend's help: the default runtime's backends.
std::string BackendHelp();

// The validator of every floating-point option (`flag` names it in the
// error): refuses inf and nan (and what does not parse) by throwing
// CommandError, so the error is main's one line and exit 1, not CLI11's
// usage message.
CLI::Validator FiniteNumber(const std::string& flag);

// Throws CommandError when `threads` (given by --threads) is below 1 or
// above bench::MaxThreads of this machine's cores; returns the warning to
// give when it is above the cores (bench::OversubscriptionWarning).
std::optional<std::string> CheckThreads(int threads);

// --runtime, --backend (default: the runtime's first) and --threads for
// commands that open a model on a runtime; their callbacks call
// CheckBackendOptions, which throws CommandError (one line) for an unknown
// runtime or a backend that runtime does not have (naming its backends) or
// a thread count CheckThreads refuses, warns on stderr above the cores, and
// fills in the default backend.
void AddBackendOptions(CLI::App* command, runtime::RuntimeOptions* options, std::string* runtime);
void CheckBackendOptions(runtime::RuntimeOptions& options, const std::string& runtime);
// --max-arena-mb (part of AddBackendOptions; `run` keeps its own options).
void AddArenaLimitOption(CLI::App* command, size_t* max_arena_bytes);

void AddInspectCommand(CLI::App& app);
void AddZooCommand(CLI::App& app);
void AddDetectCommand(CLI::App& app);
void AddRunCommand(CLI::App& app);
void AddSysinfoCommand(CLI::App& app);
void AddHistoryCommand(CLI::App& app);
void AddExportCommand(CLI::App& app);
void AddImportCommand(CLI::App& app);
void AddCompareCommand(CLI::App& app);
void AddReportCommand(CLI::App& app);
void AddSetupCommand(CLI::App& app);
void AddConvertCommand(CLI::App& app);

}  // namespace edgebench::cli
