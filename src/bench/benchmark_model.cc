#include "bench/benchmark_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <new>

#include "bench/image_header.h"
#include "bench/machine_watch.h"
#include "bench/model_catalog.h"
#include "bench/sha256.h"
#include "bench/side_by_side.h"
#include "bench/thread_count.h"
#include "detect/detections.h"
#include "graph/model_stats.h"
#include "graph/shape_inference.h"
#include "image/decode.h"
#include "image/file_bytes.h"
#include "image/tensor_input.h"
#include "runtime/post_processing_split.h"
#include "runtimes/registry.h"
#include "tflite/writer.h"

namespace edgebench::bench {
namespace {

using Clock = std::chrono::steady_clock;

double MillisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The post-processing on edgebench's own kernel, fed with the raw outputs
// of a runtime that ran only the network.
class PostProcessingStage {
 public:
  static Result<std::unique_ptr<PostProcessingStage>> Create(const graph::Graph& post_processing,
                                                             runtime::Runtime& network) {
    // The engine's default backend runs the op on its exact optimized
    // kernel (XNNPACK claims none of it).
    EB_ASSIGN_OR_RETURN(auto interpreter,
                        runtime::Interpreter::Create(post_processing, {"xnnpack", 1}));
    if (interpreter->input_count() != network.outputs().size()) {
      return Status::Error(
          fmt::format("runtime {}: the network has {} outputs, the post-processing takes {} inputs",
                      network.name(), network.outputs().size(), interpreter->input_count()));
    }
    for (size_t i = 0; i < interpreter->input_count(); ++i) {
      if (interpreter->input_tensor(i).byte_size() != network.outputs()[i].byte_size) {
        return Status::Error(fmt::format(
            "runtime {}: output {} (\"{}\") has {} bytes, the post-processing expects {}",
            network.name(), i, network.outputs()[i].name, network.outputs()[i].byte_size,
            interpreter->input_tensor(i).byte_size()));
      }
    }
    return std::unique_ptr<PostProcessingStage>(
        new PostProcessingStage(std::move(interpreter), network));
  }

  void Run() {
    for (size_t i = 0; i < interpreter_->input_count(); ++i) {
      const auto bytes = network_.output_bytes(i);
      std::memcpy(interpreter_->input_data(i), bytes.data(), bytes.size());
    }
    interpreter_->Invoke();
  }

  const runtime::Interpreter& interpreter() const { return *interpreter_; }

 private:
  PostProcessingStage(std::unique_ptr<runtime::Interpreter> interpreter, runtime::Runtime& network)
      : interpreter_(std::move(interpreter)), network_(network) {}

  std::unique_ptr<runtime::Interpreter> interpreter_;
  runtime::Runtime& network_;
};

// One inference end to end: the runtime, then the post-processing when it
// runs apart, whose network time is then kept per run as well. The first
// failure is kept (the harness cannot stop on one) and reported after.
class InferenceRunnable : public Runnable {
 public:
  // `expected_runs`: warm-up and timed runs planned, reserved up front so
  // the timed runs do not allocate (min_seconds may add more).
  InferenceRunnable(runtime::Runtime& runtime, PostProcessingStage* post, int64_t expected_runs)
      : runtime_(runtime), post_(post) {
    if (post == nullptr) return;
    try {
      network_ms_.reserve(static_cast<size_t>(expected_runs));
    } catch (const std::bad_alloc&) {
      // As the harness does: the times then grow between runs.
    }
  }

  void Run() override {
    const auto start = Clock::now();
    Status status = runtime_.Invoke();
    if (!status.ok() && failure_.ok()) failure_ = std::move(status);
    if (post_ == nullptr) return;
    network_ms_.push_back(MillisecondsSince(start));
    post_->Run();
  }

  const Status& failure() const { return failure_; }
  // The network's time in every run so far, warm-up included.
  const std::vector<double>& network_ms() const { return network_ms_; }

 private:
  runtime::Runtime& runtime_;
  PostProcessingStage* post_;
  Status failure_ = Status::Ok();
  std::vector<double> network_ms_;
};

// The model's identity: the file's hash, or for a zoo model (built in
// memory) the hash of its serialization by edgebench's writer.
Result<std::string> ModelSha256(const LoadedModel& model, const graph::Graph& prepared) {
  if (!model.synthetic) return Sha256File(model.source);
  EB_ASSIGN_OR_RETURN(auto bytes, tflite::WriteModel(prepared, "edgebench " + model.name));
  return Sha256Hex(bytes);
}

graph::Tensor AsTensor(const runtime::TensorInfo& info) {
  graph::Tensor t;
  t.name = info.name;
  t.type = info.type;
  t.shape = info.shape;
  t.quantization = info.quantization;
  return t;
}

Result<graph::Tensor> ImageInput(const runtime::Runtime& runtime, const std::string& model) {
  if (runtime.inputs().empty()) return Status::Error(model + ": the model has no input");
  graph::Tensor input = AsTensor(runtime.inputs()[0]);
  const graph::Shape& s = input.shape;
  if (s.size() != 4 || s[0] != 1 || s[1] < 1 || s[2] < 1 || s[3] != 3) {
    return Status::Error(
        fmt::format("{}: input 0 (tensor \"{}\") has shape {}, not an image [1,H,W,3]", model,
                    input.name, graph::ShapeToString(s)));
  }
  return input;
}

// Decode (DCT-scaled toward the input size), resize, write the tensor: what
// image::LoadImageResized does, done here so the record can say which
// filter ran on what decoded size.
Status PrepareInput(runtime::Runtime& runtime, const graph::Tensor& input,
                    image::ResizeMethod method, ImageFacts& facts) {
  const int width = static_cast<int>(input.shape[2]), height = static_cast<int>(input.shape[1]);
  image::DecodeOptions options;
  options.target_width = width;
  options.target_height = height;
  EB_ASSIGN_OR_RETURN(image::Image photo, image::DecodeImageFile(facts.file, options));
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
    EB_ASSIGN_OR_RETURN(photo, image::Resize(photo, width, height, used));
  }
  EB_RETURN_IF_ERROR(image::CheckInputTensor(input, photo));
  const image::PixelMapping mapping = image::ResolvePixelMapping(input, image::PixelMapping::kAuto);
  facts.pixel_mapping = image::PixelMappingName(mapping);
  const std::span<uint8_t> bytes = runtime.input_bytes(0);
  return image::WriteInputTensor(photo, input, mapping, bytes.data(), bytes.size());
}

std::vector<RecordDetection> Detections(const Result<std::vector<detect::Detection>>& detections,
                                        const detect::LabelMap& labels,
                                        std::vector<std::string>& warnings) {
  if (!detections.ok()) {
    warnings.push_back("no detections: " + detections.status().message());
    return {};
  }
  std::vector<RecordDetection> out;
  for (const detect::Detection& d : *detections) {
    out.push_back({labels.Name(d.class_index), d.class_index, d.score, d.box.ymin, d.box.xmin,
                   d.box.ymax, d.box.xmax});
  }
  return out;
}

// Reasons not to take the numbers at face value, beyond the samples' own.
void AddRunWarnings(const BenchmarkSettings& s, int backend_max_threads, BenchmarkRecord& r) {
  const Context& c = r.context;
  if (const auto warning = EmulationWarning(c.machine)) r.warnings.push_back(*warning);
  if (c.build.build_type != "Release" && c.build.build_type != "RelWithDebInfo") {
    r.warnings.push_back(fmt::format(
        "{} build: timings are not representative, build with -DCMAKE_BUILD_TYPE=Release",
        c.build.build_type));
  }
  if (c.machine.frequency_governor != kNotAvailable &&
      c.machine.frequency_governor != "performance") {
    r.warnings.push_back(fmt::format("frequency governor is {}, not performance: clocks may vary",
                                     c.machine.frequency_governor));
  }
  if (s.threads > backend_max_threads) {
    r.warnings.push_back(fmt::format("the {} backend runs on {} thread; --threads {} has no effect",
                                     r.backend_name, backend_max_threads, s.threads));
  }
  if (const int asked = std::min(s.threads, backend_max_threads); r.threads != asked) {
    r.warnings.push_back(fmt::format("the {} backend runs on {} thread{}, not the {} asked for",
                                     r.backend_name, r.threads, r.threads == 1 ? "" : "s", asked));
  }
  if (s.warmup_runs == 0) {
    r.warnings.push_back("no warm-up: the first run, which pays one-time costs, is measured");
  }
  if (r.capped) {
    r.warnings.push_back(fmt::format("--max-seconds {} stopped the run after {} of {} runs",
                                     s.max_seconds, r.samples_ms.size(), s.runs));
  }
  if (const auto warning = OversubscriptionWarning(r.threads, c.machine.logical_cores)) {
    r.warnings.push_back(*warning);
  }
}

}  // namespace

Result<ImageFacts> ReadImageFacts(const std::string& path) {
  EB_ASSIGN_OR_RETURN(const std::vector<uint8_t> bytes, image::ReadFileBytes(path));
  if (bytes.empty()) return Status::Error(path + ": empty file");
  EB_ASSIGN_OR_RETURN(const StoredImageSize size, ReadStoredImageSize(bytes, path));
  ImageFacts facts;
  facts.file = path;
  facts.sha256 = Sha256Hex(bytes);
  facts.width = size.width;
  facts.height = size.height;
  return facts;
}

std::string DescribePlan(int64_t requested_runs, const RunPlan& plan) {
  if (plan.pace_ms <= 0) return "no warm-up: how long the runs take is not known before them";
  const std::string pace = plan.pace_ms >= 1000 ? fmt::format("{:.1f} s", plan.pace_ms / 1000)
                                                : fmt::format("{:.2f} ms", plan.pace_ms);
  if (plan.shortened) {
    return fmt::format(
        "the default {} runs would take about {} at {} each: shortened to {} run{}, about {} "
        "(--runs or --max-seconds to choose)",
        requested_runs, FormatDuration(static_cast<double>(requested_runs) * plan.pace_ms / 1000),
        pace, plan.runs, plan.runs == 1 ? "" : "s", FormatDuration(plan.seconds));
  }
  return fmt::format("{} timed run{} at {} each: about {}", plan.runs, plan.runs == 1 ? "" : "s",
                     pace, FormatDuration(plan.seconds));
}

std::string RunsDone(const BenchmarkSettings& s, const BenchmarkRecord& r) {
  const size_t done = r.samples_ms.size();
  if (s.min_seconds > 0 && !s.runs_given)
    return fmt::format("{} run{}", done, done == 1 ? "" : "s");
  return fmt::format("{} of {} runs", done, s.runs);
}

Result<BenchmarkRecord> ModelBenchmark::Run(const std::string& model) {
  const RuntimeChoice only[] = {{settings_.runtime, settings_.backend}};
  EB_ASSIGN_OR_RETURN(std::vector<BenchmarkRecord> records, RunSideBySide(model, only));
  return std::move(records.front());
}

namespace {

// One runtime of a benchmark: chosen, then opened on the model with its
// input written, then timed.
struct OpenedRuntime {
  const runtime::RuntimeEntry* entry = nullptr;
  runtime::BackendInfo backend;
  std::unique_ptr<runtime::Runtime> runtime;
  std::unique_ptr<PostProcessingStage> post;  // when the post-processing runs apart
  std::unique_ptr<InferenceRunnable> runnable;
  BenchmarkRecord record;
};

Result<OpenedRuntime> Choose(const RuntimeChoice& choice) {
  OpenedRuntime opened;
  EB_ASSIGN_OR_RETURN(opened.entry, runtime::ResolveRuntime(choice.runtime));
  EB_ASSIGN_OR_RETURN(opened.backend, runtime::ResolveBackend(*opened.entry, choice.backend));
  return opened;
}

// Opens the loaded model on `o`'s runtime and writes the photo into its
// input; `o.record` gets the runtime's facts, the load time (the model's
// `model_load_ms` and this opening) and the image's preparation.
Status Open(const BenchmarkSettings& s, const LoadedModel& model, double model_load_ms,
            OpenedRuntime& o) {
  const auto open_start = Clock::now();
  const bool network_only = !o.entry->runs_post_processing || s.post_processing_by_edgebench;
  EB_ASSIGN_OR_RETURN(
      o.runtime,
      o.entry->open(model.graph, {o.backend.name, std::min(s.threads, o.backend.max_threads),
                                  s.max_arena_bytes, network_only}));
  if (network_only) {
    const runtime::SplitModel split = runtime::SplitPostProcessing(model.graph);
    if (split.post_processing) {
      EB_ASSIGN_OR_RETURN(o.post, PostProcessingStage::Create(*split.post_processing, *o.runtime));
    }
  }
  BenchmarkRecord& r = o.record;
  r.load_ms = model_load_ms + MillisecondsSince(open_start);
  r.settings.backend = o.backend.name;
  r.runtime.name = o.runtime->name();
  r.runtime.version = o.runtime->version();
  r.runtime.post_processing_by = o.post != nullptr                   ? "edgebench"
                                 : o.runtime->runs_post_processing() ? "runtime"
                                                                     : "none";
  if (o.post != nullptr) r.runtime.post_processing_kernel = o.post->interpreter().op_backend(0);
  r.backend_name = o.runtime->backend();
  r.backend_version = o.runtime->backend_version();
  r.threads = o.runtime->threads();
  EB_ASSIGN_OR_RETURN(const graph::Tensor input, ImageInput(*o.runtime, model.name));
  const auto image_start = Clock::now();
  EB_RETURN_IF_ERROR(PrepareInput(*o.runtime, input, s.resize, r.image));
  r.image_preparation_ms = MillisecondsSince(image_start);
  return Status::Ok();
}

// The harness has one listener: this fans its progress out.
class Progress : public ProgressListener {
 public:
  explicit Progress(std::span<BenchmarkListener* const> listeners) : listeners_(listeners) {}
  void OnPlan(const RunPlan& plan) override {
    for (BenchmarkListener* l : listeners_) l->OnPlan(plan);
  }
  void OnProgress(int64_t done, int64_t planned, double elapsed_s, double mean_ms) override {
    for (BenchmarkListener* l : listeners_) l->OnProgress(done, planned, elapsed_s, mean_ms);
  }

 private:
  std::span<BenchmarkListener* const> listeners_;
};

}  // namespace

Result<std::vector<BenchmarkRecord>> ModelBenchmark::RunSideBySide(
    const std::string& model_name, std::span<const RuntimeChoice> runtimes) {
  const BenchmarkSettings& s = settings_;
  if (runtimes.empty()) return Status::Error(model_name + ": no runtime to benchmark on");
  std::vector<OpenedRuntime> opened;
  for (const RuntimeChoice& choice : runtimes) {
    EB_ASSIGN_OR_RETURN(OpenedRuntime o, Choose(choice));
    opened.push_back(std::move(o));
  }
  BenchmarkRecord common;
  common.timestamp_utc = TimestampUtc();
  common.context = environment_.context;
  common.settings = {s.runs,    s.warmup_runs, s.min_seconds, s.max_seconds,      s.threads,
                     s.backend, s.resize_name, s.label,       s.threads_from_load};

  for (BenchmarkListener* l : listeners_) l->OnModelStart(model_name);
  const auto load_start = Clock::now();
  EB_ASSIGN_OR_RETURN(LoadedModel model, LoadModel(model_name));
  const double model_load_ms = MillisecondsSince(load_start);
  common.model.name = model.name;
  common.model.file = model.source;
  common.model.synthetic = model.synthetic;
  // MACs and the zoo's serialization from the graph as the engine prepares
  // it (shapes a file leaves out inferred).
  graph::Graph prepared = model.graph;
  graph::InferMissingShapes(prepared);
  common.model.macs = graph::TotalMacs(prepared);
  EB_ASSIGN_OR_RETURN(common.model.sha256, ModelSha256(model, prepared));
  common.image = environment_.image;

  HarnessSettings harness;
  harness.warmup_runs = s.warmup_runs;
  harness.min_runs = (s.min_seconds > 0 && !s.runs_given) ? 1 : s.runs;
  harness.min_seconds = s.min_seconds;
  harness.max_seconds = s.max_seconds;
  const bool length_given = s.runs_given || s.min_seconds > 0 || s.max_seconds > 0;
  harness.fit_runs_in_seconds = length_given ? 0 : s.default_runs_fit_seconds;
  const InterruptGuard* interrupt = environment_.interrupt;
  harness.stop = interrupt != nullptr ? &interrupt->flag() : nullptr;
  std::vector<Runnable*> runnables;
  // Side by side, a runtime that cannot run this model (OpenCV 4.6 and a
  // quantized export) is left out of it, and the others still run.
  Status first_failure = Status::Ok();
  std::erase_if(opened, [&](OpenedRuntime& o) {
    o.record = common;
    Status status = Open(s, model, model_load_ms, o);
    if (status.ok()) return false;
    if (runtimes.size() > 1) {
      for (BenchmarkListener* l : listeners_) l->OnRuntimeLeftOut(o.entry->name, status);
    }
    if (first_failure.ok()) first_failure = std::move(status);
    return true;
  });
  if (opened.empty()) return first_failure;
  for (OpenedRuntime& o : opened) {
    for (BenchmarkListener* l : listeners_) l->OnModelReady(o.record);
    o.runnable = std::make_unique<InferenceRunnable>(*o.runtime, o.post.get(),
                                                     harness.warmup_runs + harness.min_runs);
    runnables.push_back(o.runnable.get());
  }

  Progress progress(listeners_);
  for (BenchmarkListener* l : listeners_) l->OnHarnessStart();
  std::vector<HarnessResult> timed =
      RunInterleaved(runnables, harness, opened.size() > 1 ? kInterleaveRounds : 1, &progress);
  for (OpenedRuntime& o : opened) {
    EB_RETURN_IF_ERROR(o.runnable->failure().WithPrefix(
        fmt::format("{} on {}: ", model.name, o.record.runtime.name)));
  }

  std::vector<BenchmarkRecord> records;
  for (size_t i = 0; i < opened.size(); ++i) {
    OpenedRuntime& o = opened[i];
    BenchmarkRecord& r = o.record;
    HarnessResult& t = timed[i];
    r.warmup_ms = t.warmup_ms;
    r.first_run_ms = !t.warmup_ms.empty() ? t.warmup_ms.front() : t.samples_ms.front();
    r.samples_ms = std::move(t.samples_ms);
    r.measured_seconds = t.measured_seconds;
    r.capped = t.capped;
    r.interrupted = t.interrupted;
    r.summary = Summarize(r.samples_ms);
    if (o.post != nullptr) {
      const std::vector<double>& network = o.runnable->network_ms();
      r.network_only = Summarize(std::span(network).subspan(r.warmup_ms.size()));
    }
    r.warnings = CheckSamples(r.samples_ms).messages;
    if (r.interrupted) {
      r.warnings.push_back(fmt::format(
          "interrupted by {} after {}: the statistics cover only the runs measured before it",
          InterruptName(interrupt->signal_number()), RunsDone(s, r)));
    }
    AddRunWarnings(s, o.backend.max_threads, r);
    if (t.plan.shortened) r.warnings.push_back(DescribePlan(s.runs, t.plan));
    for (BenchmarkListener* l : listeners_) l->OnTimedRunsEnd(t.sample_start_s, r);
    r.detections = Detections(o.post != nullptr ? detect::ReadDetections(o.post->interpreter())
                                                : detect::ReadDetections(*o.runtime),
                              environment_.labels, r.warnings);
    if (s.profile_runs > 0 && !r.interrupted) {
      EB_ASSIGN_OR_RETURN(const auto timings, o.runtime->TimeOps(s.profile_runs));
      r.profile = MakeOpProfile(timings, s.profile_runs);
    }
    if (i > 0) {
      if (auto warning = CompareDetections(records.front(), r)) {
        r.warnings.push_back(std::move(*warning));
      }
    }
    records.push_back(std::move(r));
  }
  return records;
}

}  // namespace edgebench::bench
