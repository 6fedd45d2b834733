// `edgebench run`: the benchmark itself, on the benchmark library
// (bench/benchmark_model.h) which loads, prepares, warms up, times and
// watches each model, on one runtime or several side by side (interleaved,
// bench/side_by_side.h). This parses the flags, prints the progress, saves
// each record (database, --json) as soon as it is measured, then prints one
// table (and the side-by-side one), the warnings and the detections. Ctrl-C stops after the current
// inference, keeps what was measured and exits 130.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "bench/benchmark_model.h"
#include "bench/context.h"
#include "bench/interrupt.h"
#include "bench/machine_watch.h"
#include "bench/model_catalog.h"
#include "bench/result_record.h"
#include "bench/side_by_side.h"
#include "bench/thread_count.h"
#include "cli/commands.h"
#include "cli/data_files.h"
#include "cli/results_options.h"
#include "cli/run_profile.h"
#include "cli/run_progress.h"
#include "cli/run_report.h"
#include "cli/run_sysmon.h"
#include "detect/labels.h"
#include "store/db_path.h"
#include "store/run_outputs.h"
#include "sysmon/core_load.h"

namespace edgebench::cli {
namespace {

// What a shell reports for a process ended by Ctrl-C (128 + SIGINT).
constexpr int kInterruptedExitCode = 130;

// The original benchmark's order: the two real uint8 models, then the
// float32 twins (which exist here only with synthetic weights).
const std::vector<std::string> kDefaultModels = {
    "ssd_mobilenet_v1_0.75_uint8", "ssd_mobilenet_v2_uint8", "zoo:ssd_mobilenet_v1_0.75_float32",
    "zoo:ssd_mobilenet_v2_float32"};

struct RunOptions {
  std::vector<std::string> models = kDefaultModels;
  std::string image;
  int64_t runs = 10000;
  bool runs_given = false;
  bool threads_given = false;
  int64_t warmup = 1;
  double min_seconds = 0;
  double max_seconds = 0;
  int threads = 1;
  std::string runtime = "edgebench";  // one, a comma list, or "all"
  std::string backend;                // empty: each runtime's default
  std::string post_processing = "runtime";
  size_t max_arena_bytes = runtime::kDefaultMaxArenaBytes;
  std::string resize = "auto";
  std::string json;
  std::string label;
  bool quiet = false;
  SaveOptions save;  // --db, --no-save, --machine, --price
  // --sample-ms, --cooldown-temp, --cooldown-seconds, --sysfs-root
  bench::MachineWatchSettings sysmon;
  int64_t profile_runs = 0;  // 0: no --profile
};

// --runtime's runtimes, each with --backend (checked: every runtime listed
// must have it); a runtime named that this machine lacks is an error, what
// "all" leaves out goes to `skipped`. Throws CommandError.
std::vector<bench::RuntimeChoice> ChooseRuntimes(const RunOptions& o,
                                                 std::vector<std::string>* skipped) {
  Result<bench::RuntimeSelection> selection = bench::SelectRuntimes(o.runtime);
  ThrowIfError(selection.status().WithPrefix("--runtime " + o.runtime + ": "));
  // Named, not merely part of "all": the registry's reason is the error.
  if (o.runtime != "all" && !selection->skipped.empty()) {
    throw CommandError(selection->skipped.front());
  }
  if (skipped != nullptr) *skipped = selection->skipped;
  for (bench::RuntimeChoice& choice : selection->runtimes) {
    choice.backend = FindBackend(FindRuntime(choice.runtime), o.backend).name;
  }
  return selection->runtimes;
}

// Checks every option before anything runs; returns ChooseRuntimes'.
std::vector<bench::RuntimeChoice> Validate(const RunOptions& o, std::vector<std::string>* skipped) {
  if (o.runs < 1) throw CommandError(fmt::format("--runs {}: must be at least 1", o.runs));
  if (o.warmup < 0) throw CommandError(fmt::format("--warmup {}: must be 0 or more", o.warmup));
  for (const auto& [flag, runs] : {std::pair{"--runs", o.runs}, std::pair{"--warmup", o.warmup}}) {
    if (runs > bench::kMaxRuns) {
      throw CommandError(fmt::format(
          "{} {}: at most {} (every run's time is kept in memory; split longer benchmarks)", flag,
          runs, bench::kMaxRuns));
    }
  }
  std::vector<bench::RuntimeChoice> runtimes = ChooseRuntimes(o, skipped);
  const bench::RuntimeChoice& first = runtimes.front();
  if (const auto warning = CheckThreads(o.threads);
      warning && o.threads <= FindBackend(FindRuntime(first.runtime), first.backend).max_threads &&
      !o.quiet) {
    fmt::print(stderr, "edgebench: warning: {}\n", *warning);
  }
  if (o.min_seconds < 0) {
    throw CommandError(fmt::format("--min-seconds {}: must be 0 or more", o.min_seconds));
  }
  if (o.max_seconds < 0) {
    throw CommandError(fmt::format("--max-seconds {}: must be 0 (no cap) or more", o.max_seconds));
  }
  ParseResize(o.resize);
  if (o.post_processing != "runtime" && o.post_processing != "edgebench") {
    throw CommandError(
        fmt::format("--post-processing {}: expected runtime or edgebench", o.post_processing));
  }
  ValidateSysmonOptions(o.sysmon);
  ValidateSaveOptions(o.save);
  // A typo in the last --model should not cost the hours the first ones run.
  for (const std::string& model : o.models) {
    const auto entries = bench::CatalogEntries();
    const bool known = std::any_of(entries.begin(), entries.end(),
                                   [&](const bench::CatalogEntry& e) { return e.name == model; });
    if (!known && !std::filesystem::exists(model)) {
      throw CommandError(fmt::format(
          "{}: no such file, and not a known model name (see `edgebench zoo list`)", model));
    }
  }
  return runtimes;
}

bench::BenchmarkSettings Settings(const RunOptions& o, const bench::RuntimeChoice& first) {
  bench::BenchmarkSettings s;
  s.runtime = first.runtime;
  s.backend = first.backend;
  s.threads = o.threads;
  s.max_arena_bytes = o.max_arena_bytes;
  s.runs = o.runs;
  s.runs_given = o.runs_given;
  s.warmup_runs = o.warmup;
  s.min_seconds = o.min_seconds;
  s.max_seconds = o.max_seconds;
  s.resize = ParseResize(o.resize);
  s.resize_name = o.resize;
  s.label = o.label;
  s.profile_runs = o.profile_runs;
  s.post_processing_by_edgebench = o.post_processing == "edgebench";
  return s;
}

// What an interrupted run kept, on stderr: each record and where it went.
void PrintKept(const store::RunOutputs& outputs, int signal, const bench::BenchmarkSettings& s) {
  std::vector<std::string> kept;
  for (const bench::BenchmarkRecord& r : outputs.records()) {
    const std::string name = RunName(r, outputs.records());
    kept.push_back(r.interrupted
                       ? fmt::format("{} ({}, marked interrupted)", name, bench::RunsDone(s, r))
                       : fmt::format("{} ({} runs)", name, r.samples_ms.size()));
  }
  const std::string where = outputs.Destinations();
  fmt::print(stderr, "edgebench: interrupted by {}: {}\n", bench::InterruptName(signal),
             kept.empty() ? std::string("nothing was measured yet, nothing kept")
             : where.empty()
                 ? fmt::format("measured {} (--no-save: not saved)", fmt::join(kept, ", "))
                 : fmt::format("kept {} in {}", fmt::join(kept, ", "), where));
}

void Run(const RunOptions& o) {
  std::vector<std::string> skipped;
  const std::vector<bench::RuntimeChoice> runtimes = Validate(o, &skipped);
  for (const std::string& line : skipped) {
    fmt::print(stderr, "edgebench: note: --runtime all skips {}\n", line);
  }
  const bench::ImageFacts image_facts = ValueOrThrow(bench::ReadImageFacts(o.image));
  const auto outputs = ValueOrThrow(
      store::RunOutputs::Open({store::ResolveDbPath(o.save.db), !o.save.no_save, o.json}));
  auto labels = ValueOrThrow(
      detect::LabelMap::ReadFile(DataFile("data/models/coco_labels.txt", "COCO label file")));
  const bench::InterruptGuard interrupt;
  bench::BenchmarkSettings settings = Settings(o, runtimes.front());
  if (!o.threads_given) {
    const sysmon::CoreLoad load =
        ValueOrThrow(sysmon::MeasureCoreLoad("/proc/stat", std::chrono::milliseconds(200)));
    settings.threads = bench::IdleCoreThreads(load);
    settings.threads_from_load = load;
  }
  bench::ModelBenchmark benchmark(
      std::move(settings), {image_facts, bench::CollectContext(), std::move(labels), &interrupt});
  // Cools down first (--cooldown-*), then samples the sensors until the
  // timed runs end.
  Countdown countdown(o.quiet);
  bench::MachineWatch watch(o.sysmon, &interrupt.flag(), &countdown);
  const int count = static_cast<int>(o.models.size());
  RunProgress progress(RunProgress::ChooseStyle(o.quiet), count, runtimes.size() > 1);
  benchmark.AddListener(&watch);
  benchmark.AddListener(&progress);
  for (int i = 0; i < count && !interrupt.requested(); ++i) {
    for (bench::BenchmarkRecord& record :
         ValueOrThrow(benchmark.RunSideBySide(o.models[i], runtimes))) {
      ApplySaveOptions(o.save, record);
      ThrowIfError(outputs->Keep(record));
      if (!o.quiet && !outputs->Destinations().empty()) {
        fmt::print(stderr, "saved {}{} in {}\n", record.model.name,
                   runtimes.size() > 1 ? " on " + record.runtime.name : "",
                   outputs->Destinations());
      }
    }
  }
  const std::vector<bench::BenchmarkRecord>& records = outputs->records();
  if (!records.empty()) {
    PrintRunContext(stdout, records);
    PrintResultTable(stdout, records);
    PrintSideBySide(stdout, records);
    PrintWarnings(stdout, records);
    PrintSysmonSummaries(stdout, records);
    PrintDetections(stdout, records, 0.5f, 5);
    PrintProfiles(stdout, records, 20);
  }
  ThrowIfError(outputs->Finish());
  if (interrupt.requested()) {
    std::fflush(stdout);
    PrintKept(*outputs, interrupt.signal_number(), benchmark.settings());
    throw CLI::RuntimeError(kInterruptedExitCode);
  }
}

}  // namespace

void AddRunCommand(CLI::App& app) {
  auto* command = app.add_subcommand(
      "run", "The benchmark: load, prepare the photo, warm up, time N inferences, report");
  static RunOptions o;
  o.image = ProjectRoot() + "/data/images/fruit.jpg";
  static std::vector<std::string> models;
  command
      ->add_option("--model", models,
                   "A .tflite file or model name, repeatable (default: " +
                       fmt::format("{}", fmt::join(kDefaultModels, ", ")) + ")")
      ->type_name("FILE|NAME");
  command->add_option("--image", o.image, "JPEG or PNG photo (default: the original benchmark's)")
      ->capture_default_str();
  auto* runs = command->add_option("--runs", o.runs, "Timed runs per model")->capture_default_str();
  command
      ->add_option("--warmup", o.warmup,
                   "Untimed-in-statistics runs first (the first one is "
                   "reported as the first-run time)")
      ->capture_default_str();
  command
      ->add_option("--min-seconds", o.min_seconds,
                   "Run at least this long (alone: instead of --runs' default)")
      ->check(FiniteNumber("--min-seconds"))
      ->capture_default_str();
  command->add_option("--max-seconds", o.max_seconds, "Stop after this long; 0: no cap")
      ->check(FiniteNumber("--max-seconds"))
      ->capture_default_str();
  auto* threads = command->add_option(
      "--threads", o.threads,
      "Backend threads (default: one per core not already busy, measured for 0.2 s before the "
      "runs, at least 1)");
  AddRuntimeOption(command, &o.runtime);
  command->get_option("--runtime")
      ->description(fmt::format(
          "What runs the models: {}; a comma list (e.g. edgebench,onnxruntime) runs each model on "
          "each, interleaved, with a speed-up against the first; all: every runtime this machine "
          "has (`edgebench sysinfo` lists them)",
          runtime::RuntimeNames()));
  command->add_option("--backend", o.backend,
                      BackendHelp() +
                          "; default: each runtime's first (`edgebench sysinfo`); with several "
                          "runtimes, one they all have");
  command
      ->add_option("--post-processing", o.post_processing,
                   "runtime (the runtime runs TFLite_Detection_PostProcess where it can) or "
                   "edgebench (the runtime runs the network, edgebench's kernel the "
                   "post-processing: the network alone is timed as well)")
      ->capture_default_str();
  AddArenaLimitOption(command, &o.max_arena_bytes);
  command
      ->add_option("--resize", o.resize,
                   "auto (area for reductions over 2x, else bilinear), area or bilinear")
      ->capture_default_str();
  command->add_option("--json", o.json, "Write the result records to this file (JSON)");
  command->add_option("--label", o.label, "Free text stored in the records, e.g. \"fan on\"");
  command->add_flag("--quiet", o.quiet, "No progress output");
  AddSaveOptions(command, &o.save);
  AddSysmonOptions(command, &o.sysmon);
  auto* profile =
      command
          ->add_option("--profile", o.profile_runs,
                       "After the timed runs, time every op over N more runs and print where the "
                       "time goes (100 if no N given)")
          ->expected(0, 1)
          ->default_str("100");
  command->callback([runs, threads, profile] {
    if (!models.empty()) o.models = models;
    if (profile->count() > 0 && o.profile_runs < 1) {
      throw CommandError(fmt::format("--profile {}: must be at least 1", o.profile_runs));
    }
    o.runs_given = runs->count() > 0;
    o.threads_given = threads->count() > 0;
    Run(o);
  });
}

}  // namespace edgebench::cli
