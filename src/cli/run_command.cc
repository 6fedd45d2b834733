// `edgebench run`: the benchmark itself. For each model: load (timed),
// prepare the input from the photo (timed), the first inference (timed,
// reported, excluded: the warm-up), then the timed runs through the
// harness; each record is saved (database, --json) as soon as it is
// measured; then one table, the warnings and the detections. Ctrl-C stops
// after the current inference, keeps what was measured and exits 130.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "bench/context.h"
#include "bench/harness.h"
#include "bench/image_header.h"
#include "bench/interrupt.h"
#include "bench/result_record.h"
#include "bench/sha256.h"
#include "bench/thread_count.h"
#include "cli/commands.h"
#include "cli/model_catalog.h"
#include "cli/results_options.h"
#include "cli/run_profile.h"
#include "cli/run_progress.h"
#include "cli/run_report.h"
#include "cli/run_sysmon.h"
#include "detect/detections.h"
#include "detect/labels.h"
#include "graph/model_stats.h"
#include "image/decode.h"
#include "image/file_bytes.h"
#include "image/tensor_input.h"
#include "runtime/interpreter.h"
#include "store/db_path.h"
#include "store/run_outputs.h"
#include "tflite/writer.h"

namespace edgebench::cli {
namespace {

using Clock = std::chrono::steady_clock;
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
  int64_t warmup = 1;
  double min_seconds = 0;
  double max_seconds = 0;
  int threads = 1;
  std::string backend = "xnnpack";
  size_t max_arena_bytes = runtime::kDefaultMaxArenaBytes;
  std::string resize = "auto";
  std::string json;
  std::string label;
  bool quiet = false;
  SaveOptions save;          // --db, --no-save, --machine, --price
  SysmonOptions sysmon;      // --sample-ms, --cooldown-temp, --cooldown-seconds, --sysfs-root
  int64_t profile_runs = 0;  // 0: no --profile
};

void Validate(const RunOptions& o) {
  if (o.runs < 1) throw CommandError(fmt::format("--runs {}: must be at least 1", o.runs));
  if (o.warmup < 0) throw CommandError(fmt::format("--warmup {}: must be 0 or more", o.warmup));
  for (const auto& [flag, runs] : {std::pair{"--runs", o.runs}, std::pair{"--warmup", o.warmup}}) {
    if (runs > bench::kMaxRuns) {
      throw CommandError(fmt::format(
          "{} {}: at most {} (every run's time is kept in memory; split longer benchmarks)", flag,
          runs, bench::kMaxRuns));
    }
  }
  if (const auto warning = CheckThreads(o.threads);
      warning && o.threads <= FindBackend(o.backend).max_threads && !o.quiet) {
    fmt::print(stderr, "edgebench: warning: {}\n", *warning);
  }
  if (o.min_seconds < 0) {
    throw CommandError(fmt::format("--min-seconds {}: must be 0 or more", o.min_seconds));
  }
  if (o.max_seconds < 0) {
    throw CommandError(fmt::format("--max-seconds {}: must be 0 (no cap) or more", o.max_seconds));
  }
  ParseResize(o.resize);
  ValidateSysmonOptions(o.sysmon);
  ValidateSaveOptions(o.save);
  // A typo in the last --model should not cost the hours the first ones run.
  for (const std::string& model : o.models) {
    const auto entries = CatalogEntries();
    const bool known = std::any_of(entries.begin(), entries.end(),
                                   [&](const CatalogEntry& e) { return e.name == model; });
    if (!known && !std::filesystem::exists(model)) {
      throw CommandError(fmt::format(
          "{}: no such file, and not a known model name (see `edgebench zoo list`)", model));
    }
  }
}

// What the record says about the photo, read once before any model runs so
// a missing or non-image file fails before minutes of loading.
bench::ImageFacts ReadImageFacts(const std::string& path) {
  const std::vector<uint8_t> bytes = ValueOrThrow(image::ReadFileBytes(path));
  if (bytes.empty()) throw CommandError(path + ": empty file");
  const bench::StoredImageSize size = ValueOrThrow(bench::ReadStoredImageSize(bytes, path));
  bench::ImageFacts facts;
  facts.file = path;
  facts.sha256 = bench::Sha256Hex(bytes);
  facts.width = size.width;
  facts.height = size.height;
  return facts;
}

class InvokeRunnable : public bench::Runnable {
 public:
  explicit InvokeRunnable(runtime::Interpreter& interpreter) : interpreter_(interpreter) {}
  void Run() override { interpreter_.Invoke(); }

 private:
  runtime::Interpreter& interpreter_;
};

// The model's identity: the file's hash, or for a zoo model (built in
// memory) the hash of its serialization by edgebench's writer.
std::string ModelSha256(const LoadedModel& model, const runtime::Interpreter& interpreter) {
  if (!model.synthetic) return ValueOrThrow(bench::Sha256File(model.source));
  const auto bytes =
      ValueOrThrow(tflite::WriteModel(interpreter.graph(), "edgebench " + model.name));
  return bench::Sha256Hex(bytes);
}

const graph::Tensor& ImageInput(const runtime::Interpreter& interpreter, const std::string& model) {
  if (interpreter.input_count() == 0) throw CommandError(model + ": the model has no input");
  const graph::Tensor& input = interpreter.input_tensor(0);
  const graph::Shape& s = input.shape;
  if (s.size() != 4 || s[0] != 1 || s[1] < 1 || s[2] < 1 || s[3] != 3) {
    throw CommandError(
        fmt::format("{}: input 0 (tensor \"{}\") has shape {}, not an image [1,H,W,3]", model,
                    input.name, graph::ShapeToString(s)));
  }
  return input;
}

// Decode (DCT-scaled toward the input size), resize, write the tensor: what
// image::LoadImageResized does, done here so the record can say which
// filter ran on what decoded size.
void PrepareInput(runtime::Interpreter& interpreter, const graph::Tensor& input,
                  image::ResizeMethod method, bench::ImageFacts& facts) {
  const int width = static_cast<int>(input.shape[2]), height = static_cast<int>(input.shape[1]);
  image::DecodeOptions options;
  options.target_width = width;
  options.target_height = height;
  image::Image photo = ValueOrThrow(image::DecodeImageFile(facts.file, options));
  facts.decoded_width = photo.width;
  facts.decoded_height = photo.height;
  facts.input_width = width;
  facts.input_height = height;
  if (photo.width == width && photo.height == height) {
    facts.resize_method = "none";
  } else {
    const image::ResizeMethod used =
        image::ResolveResizeMethod(photo.width, photo.height, width, height, method);
    facts.resize_method = image::ResizeMethodName(used);
    photo = ValueOrThrow(image::Resize(photo, width, height, used));
  }
  ThrowIfError(image::CheckInputTensor(input, photo));
  const image::PixelMapping mapping = image::ResolvePixelMapping(input, image::PixelMapping::kAuto);
  facts.pixel_mapping = image::PixelMappingName(mapping);
  ThrowIfError(
      image::WriteInputTensor(photo, input, mapping, interpreter.input_data(0), input.byte_size()));
}

std::vector<bench::RecordDetection> Detections(const runtime::Interpreter& interpreter,
                                               const detect::LabelMap& labels,
                                               std::vector<std::string>& warnings) {
  auto detections = detect::ReadDetections(interpreter);
  if (!detections.ok()) {
    warnings.push_back("no detections: " + detections.status().message());
    return {};
  }
  std::vector<bench::RecordDetection> out;
  for (const detect::Detection& d : *detections) {
    out.push_back({labels.Name(d.class_index), d.class_index, d.score, d.box.ymin, d.box.xmin,
                   d.box.ymax, d.box.xmax});
  }
  return out;
}

// Reasons not to take the numbers at face value, beyond the samples' own.
void AddRunWarnings(const RunOptions& o, const BackendEntry& backend, bench::BenchmarkRecord& r) {
  const bench::Context& c = r.context;
  if (const auto warning = bench::EmulationWarning(c.machine)) r.warnings.push_back(*warning);
  if (c.build.build_type != "Release" && c.build.build_type != "RelWithDebInfo") {
    r.warnings.push_back(fmt::format(
        "{} build: timings are not representative, build with -DCMAKE_BUILD_TYPE=Release",
        c.build.build_type));
  }
  if (c.machine.frequency_governor != bench::kNotAvailable &&
      c.machine.frequency_governor != "performance") {
    r.warnings.push_back(fmt::format("frequency governor is {}, not performance: clocks may vary",
                                     c.machine.frequency_governor));
  }
  if (o.threads > backend.max_threads) {
    r.warnings.push_back(fmt::format("the {} backend runs on {} thread; --threads {} has no effect",
                                     backend.name, backend.max_threads, o.threads));
  }
  if (o.warmup == 0) {
    r.warnings.push_back("no warm-up: the first run, which pays one-time costs, is measured");
  }
  if (r.capped) {
    r.warnings.push_back(fmt::format("--max-seconds {} stopped the run after {} of {} runs",
                                     o.max_seconds, r.samples_ms.size(), o.runs));
  }
  if (const auto warning = bench::OversubscriptionWarning(r.threads, c.machine.logical_cores)) {
    r.warnings.push_back(*warning);
  }
}

// "35 of 10000 runs" (or "35 runs" when --min-seconds alone set the length).
std::string RunsDone(const RunOptions& o, const bench::BenchmarkRecord& r) {
  const size_t done = r.samples_ms.size();
  if (o.min_seconds > 0 && !o.runs_given)
    return fmt::format("{} run{}", done, done == 1 ? "" : "s");
  return fmt::format("{} of {} runs", done, o.runs);
}

// The warning an interrupted record carries, e.g. "interrupted by Ctrl-C
// after 35 of 10000 runs: ...".
std::string InterruptedWarning(const RunOptions& o, const bench::BenchmarkRecord& r, int signal) {
  return fmt::format(
      "interrupted by {} after {}: the statistics cover only the runs measured before it",
      bench::InterruptName(signal), RunsDone(o, r));
}

bench::BenchmarkRecord BenchmarkModel(const RunOptions& o, const std::string& model_name,
                                      const bench::ImageFacts& image_facts,
                                      const bench::Context& context, const detect::LabelMap& labels,
                                      int index, int count,
                                      const bench::InterruptGuard& interrupt) {
  const BackendEntry& backend = FindBackend(o.backend);
  bench::BenchmarkRecord r;
  r.timestamp_utc = bench::TimestampUtc();
  r.context = context;
  r.backend_name = backend.name;
  r.backend_version = backend.version;
  r.threads = std::min(o.threads, backend.max_threads);
  r.settings = {o.runs,    o.warmup,  o.min_seconds, o.max_seconds,
                o.threads, o.backend, o.resize,      o.label};

  // Cools down first (--cooldown-*), then samples the sensors until Finish.
  ModelMonitor monitor(o.sysmon, o.quiet, &interrupt.flag());
  const auto load_start = Clock::now();
  LoadedModel model = ValueOrThrow(LoadModel(model_name));
  r.model.name = model.name;
  r.model.file = model.source;
  r.model.synthetic = model.synthetic;
  auto interpreter = ValueOrThrow(runtime::Interpreter::Create(
      std::move(model.graph),
      runtime::InterpreterOptions{backend.name, r.threads, false, o.max_arena_bytes}));
  r.load_ms = MillisecondsSince(load_start);
  r.model.macs = graph::TotalMacs(interpreter->graph());
  r.model.sha256 = ModelSha256(model, *interpreter);

  const graph::Tensor& input = ImageInput(*interpreter, model.name);
  r.image = image_facts;
  const auto image_start = Clock::now();
  PrepareInput(*interpreter, input, ParseResize(o.resize), r.image);
  r.image_preparation_ms = MillisecondsSince(image_start);

  const RunProgress::Style style = RunProgress::ChooseStyle(o.quiet);
  if (style != RunProgress::Style::kQuiet) {
    fmt::print(stderr,
               "[{}/{}] {}: load {:.1f} ms, image {:.1f} ms; {} warm-up and {} timed run{}\n",
               index, count, model.name, r.load_ms, r.image_preparation_ms, o.warmup, o.runs,
               o.runs == 1 ? "" : "s");
  }
  RunProgress progress(model.name, style);
  InvokeRunnable runnable(*interpreter);
  bench::HarnessSettings settings;
  settings.warmup_runs = o.warmup;
  // --min-seconds alone means "this long", not "10,000 runs and this long".
  settings.min_runs = (o.min_seconds > 0 && !o.runs_given) ? 1 : o.runs;
  settings.min_seconds = o.min_seconds;
  settings.max_seconds = o.max_seconds;
  settings.stop = &interrupt.flag();
  monitor.MarkHarnessStart();
  bench::HarnessResult timed = bench::RunHarness(runnable, settings, &progress);
  progress.Finish();

  r.warmup_ms = timed.warmup_ms;
  r.first_run_ms = !timed.warmup_ms.empty() ? timed.warmup_ms.front() : timed.samples_ms.front();
  r.samples_ms = std::move(timed.samples_ms);
  r.measured_seconds = timed.measured_seconds;
  r.capped = timed.capped;
  r.interrupted = timed.interrupted;
  r.summary = bench::Summarize(r.samples_ms);
  r.warnings = bench::CheckSamples(r.samples_ms).messages;
  if (r.interrupted) r.warnings.push_back(InterruptedWarning(o, r, interrupt.signal_number()));
  AddRunWarnings(o, backend, r);
  monitor.Finish(timed.sample_start_s, r);
  r.detections = Detections(*interpreter, labels, r.warnings);
  if (o.profile_runs > 0 && !r.interrupted) {
    r.profile =
        ProfileModel(model_name, interpreter->options(),
                     interpreter->tensor_bytes(interpreter->graph().inputs[0]), o.profile_runs);
  }
  return r;
}

// What an interrupted run kept, on stderr: each record and where it went.
void PrintKept(const store::RunOutputs& outputs, int signal, const RunOptions& o) {
  std::vector<std::string> kept;
  for (const bench::BenchmarkRecord& r : outputs.records()) {
    kept.push_back(r.interrupted
                       ? fmt::format("{} ({}, marked interrupted)", r.model.name, RunsDone(o, r))
                       : fmt::format("{} ({} runs)", r.model.name, r.samples_ms.size()));
  }
  const std::string where = outputs.Destinations();
  fmt::print(stderr, "edgebench: interrupted by {}: {}\n", bench::InterruptName(signal),
             kept.empty() ? std::string("nothing was measured yet, nothing kept")
             : where.empty()
                 ? fmt::format("measured {} (--no-save: not saved)", fmt::join(kept, ", "))
                 : fmt::format("kept {} in {}", fmt::join(kept, ", "), where));
}

void Run(const RunOptions& o) {
  Validate(o);
  const bench::ImageFacts image_facts = ReadImageFacts(o.image);
  const auto outputs = ValueOrThrow(
      store::RunOutputs::Open({store::ResolveDbPath(o.save.db), !o.save.no_save, o.json}));
  const auto labels = ValueOrThrow(
      detect::LabelMap::ReadFile(DataFile("data/models/coco_labels.txt", "COCO label file")));
  const bench::Context context = bench::CollectContext();
  const bench::InterruptGuard interrupt;
  const int count = static_cast<int>(o.models.size());
  for (int i = 0; i < count && !interrupt.requested(); ++i) {
    bench::BenchmarkRecord record =
        BenchmarkModel(o, o.models[i], image_facts, context, labels, i + 1, count, interrupt);
    ApplySaveOptions(o.save, record);
    ThrowIfError(outputs->Keep(record));
    if (!o.quiet && !outputs->Destinations().empty()) {
      fmt::print(stderr, "saved {} in {}\n", record.model.name, outputs->Destinations());
    }
  }
  const std::vector<bench::BenchmarkRecord>& records = outputs->records();
  if (!records.empty()) {
    PrintRunContext(stdout, records.front());
    PrintResultTable(stdout, records);
    PrintWarnings(stdout, records);
    PrintSysmonSummaries(stdout, records);
    PrintDetections(stdout, records, 0.5f, 5);
    PrintProfiles(stdout, records, 20);
  }
  ThrowIfError(outputs->Finish());
  if (interrupt.requested()) {
    std::fflush(stdout);
    PrintKept(*outputs, interrupt.signal_number(), o);
    throw CLI::RuntimeError(kInterruptedExitCode);
  }
}

}  // namespace

void AddRunCommand(CLI::App& app) {
  auto* command = app.add_subcommand(
      "run", "The benchmark: load, prepare the photo, warm up, time N inferences, report");
  static RunOptions o;
  o.image = ProjectRoot() + "/data/images/fruit.jpg";
  o.threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
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
  command->add_option("--threads", o.threads, "Backend threads (default: all logical cores)")
      ->capture_default_str();
  command
      ->add_option("--backend", o.backend,
                   "xnnpack (fast CPU path; ops it lacks run on the reference kernels) or "
                   "reference (plain loops, the numerical oracle)")
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
  command->callback([runs, profile] {
    if (!models.empty()) o.models = models;
    if (profile->count() > 0 && o.profile_runs < 1) {
      throw CommandError(fmt::format("--profile {}: must be at least 1", o.profile_runs));
    }
    o.runs_given = runs->count() > 0;
    Run(o);
  });
}

}  // namespace edgebench::cli
