// `edgebench detect MODEL [IMAGE] [-o FILE]`: one inference on a photo, with
// the detections it finds, labelled; optionally drawn onto the photo.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "bench/benchmark_model.h"
#include "bench/context.h"
#include "cli/commands.h"
#include "cli/data_files.h"
#include "detect/detections.h"
#include "detect/draw.h"
#include "detect/labels.h"
#include "fileio/safe_write.h"
#include "image/decode.h"
#include "image/png_encoder.h"

namespace edgebench::cli {
namespace {

// The annotated picture's long side: big enough to read the labels, small
// enough that a 12-megapixel photo is not written as a 30 MB PNG.
constexpr int kMaxAnnotatedSide = 1600;

// Decodes the photo for drawing at a reasonable size. The size hint is
// honoured in both dimensions, so the JPEG decoder picks the largest DCT
// reduction that keeps both sides at least kMaxAnnotatedSide / 2; what is
// still too big (the 3888x2916 benchmark photo decodes at 1/2, 1944x1458;
// PNGs are never reduced) is then area-resized, keeping the aspect ratio.
image::Image LoadPhotoForDrawing(const std::string& path) {
  image::DecodeOptions options;
  options.target_width = kMaxAnnotatedSide / 2;
  options.target_height = kMaxAnnotatedSide / 2;
  image::Image photo = ValueOrThrow(image::DecodeImageFile(path, options));
  const int long_side = std::max(photo.width, photo.height);
  if (long_side <= kMaxAnnotatedSide) return photo;
  const double factor = static_cast<double>(kMaxAnnotatedSide) / long_side;
  const int width = std::max(1, static_cast<int>(std::lround(photo.width * factor)));
  const int height = std::max(1, static_cast<int>(std::lround(photo.height * factor)));
  return ValueOrThrow(image::Resize(photo, width, height, image::ResizeMethod::kArea));
}

// Draws the detections scoring min_score or more onto the photo and writes it
// as a PNG. The boxes are normalized to the whole photo (the model saw it
// stretched to its input size), so they land on the original unchanged.
void WriteAnnotated(const std::string& image_path, const std::vector<detect::Detection>& detections,
                    const detect::LabelMap& labels, float min_score, const std::string& output) {
  image::Image photo = LoadPhotoForDrawing(image_path);
  detect::DrawDetections(photo, detections, labels, min_score);
  ThrowIfError(image::WritePngFile(photo, output));
  fmt::print("wrote {} ({}x{})\n", output, photo.width, photo.height);
}

// The model's detections as the benchmark library finds them in one run
// (no warm-up): the runtime runs the network, and the post-processing where
// it can, else edgebench's kernel does.
bench::BenchmarkRecord DetectOnce(const runtime::RuntimeOptions& options,
                                  const std::string& runtime_name, const std::string& model,
                                  const std::string& image_path, const std::string& resize,
                                  const detect::LabelMap& labels) {
  bench::BenchmarkSettings settings;
  settings.runtime = runtime_name;
  settings.backend = options.backend;
  settings.threads = options.threads;
  settings.max_arena_bytes = options.max_arena_bytes;
  settings.runs = 1;
  settings.warmup_runs = 0;
  settings.resize = ParseResize(resize);
  settings.resize_name = resize;
  bench::BenchmarkEnvironment environment;
  environment.image = ValueOrThrow(bench::ReadImageFacts(image_path));
  environment.context = bench::CollectContext();
  environment.labels = labels;
  return ValueOrThrow(bench::ModelBenchmark(settings, std::move(environment)).Run(model));
}

void PrintRunner(const bench::BenchmarkRecord& r) {
  fmt::print(
      "{}: load {:.1f} ms, image {:.1f} ms, first inference {:.1f} ms ({} {}, backend {}, "
      "{} thread{})\n",
      r.model.name, r.load_ms, r.image_preparation_ms, r.first_run_ms, r.runtime.name,
      r.runtime.version, r.backend_name, r.threads, r.threads == 1 ? "" : "s");
  if (r.runtime.post_processing_by == "edgebench") {
    fmt::print("post-processing: {} on edgebench's {} kernel ({} ran the network only)\n",
               graph::OpTypeName(graph::OpType::kDetectionPostProcess),
               r.runtime.post_processing_kernel, r.runtime.name);
  }
}

void Detect(const runtime::RuntimeOptions& options, const std::string& runtime_name,
            const std::string& model, const std::string& image_path, const std::string& resize,
            float min_score, const std::string& output) {
  // A mistyped output folder is caught before the inference, which takes
  // seconds with the reference kernels.
  if (!output.empty()) ThrowIfError(fileio::CheckOutputPath(output));
  const auto labels = ValueOrThrow(
      detect::LabelMap::ReadFile(DataFile("data/models/coco_labels.txt", "COCO label file")));
  const bench::BenchmarkRecord r =
      DetectOnce(options, runtime_name, model, image_path, resize, labels);
  // A model that gives no detections (not an SSD detector) is an error here.
  for (const std::string& warning : r.warnings) {
    if (warning.starts_with("no detections:")) throw CommandError(r.model.name + ": " + warning);
  }
  PrintRunner(r);
  if (r.model.synthetic) fmt::print("(synthetic weights: these detections mean nothing)\n");
  int shown = 0;
  std::vector<detect::Detection> detections;
  for (const bench::RecordDetection& d : r.detections) {
    detections.push_back({d.class_index, d.score, {d.ymin, d.xmin, d.ymax, d.xmax}});
    if (d.score < min_score) continue;
    fmt::print("  {:<16} {:.3f}  box y {:.3f}-{:.3f} x {:.3f}-{:.3f}\n", d.label, d.score, d.ymin,
               d.ymax, d.xmin, d.xmax);
    ++shown;
  }
  if (shown == 0) fmt::print("  no detection scores {:.2f} or more\n", min_score);
  if (!output.empty()) {
    WriteAnnotated(image_path, detections, labels, min_score, output);
  }
}

}  // namespace

void AddDetectCommand(CLI::App& app) {
  auto* command =
      app.add_subcommand("detect", "Run a detector once on a photo and print what it finds");
  static std::string model;
  static std::string image_path = ProjectRoot() + "/data/images/fruit.jpg";
  static std::string resize = "auto";
  static float min_score = 0.5f;
  static std::string output;
  static runtime::RuntimeOptions options;
  static std::string runtime_name;
  AddBackendOptions(command, &options, &runtime_name);
  command->add_option("model", model, "A .tflite file or a model name (see `edgebench zoo list`)")
      ->required();
  static CLI::Option* image_option =
      command
          ->add_option("image", image_path, "JPEG or PNG photo (default: the original benchmark's)")
          ->capture_default_str();
  command
      ->add_option("--resize", resize,
                   "auto (area for reductions over 2x, else bilinear), area or bilinear")
      ->capture_default_str();
  command->add_option("--min-score", min_score, "Show detections scoring at least this")
      ->check(FiniteNumber("--min-score"))
      ->capture_default_str();
  command
      ->add_option("-o,--output", output,
                   "Also write the photo with the detections drawn on it, as a PNG")
      ->option_text("FILE");
  command->callback([] {
    CheckBackendOptions(options, runtime_name);
    // Without IMAGE, the default photo must be found among the data folders.
    const std::string image = image_option->count() > 0 ? image_path
                                                        : DataFile("data/images/fruit.jpg",
                                                                   "default photo (or give IMAGE)");
    Detect(options, runtime_name, model, image, resize, min_score, output);
  });
}

}  // namespace edgebench::cli
