// `edgebench detect MODEL [IMAGE] [-o FILE]`: one inference on a photo, with
// the detections it finds, labelled; optionally drawn onto the photo.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <vector>

#include "bench/model_catalog.h"
#include "cli/commands.h"
#include "cli/data_files.h"
#include "detect/detections.h"
#include "detect/draw.h"
#include "detect/labels.h"
#include "fileio/safe_write.h"
#include "image/decode.h"
#include "image/png_encoder.h"
#include "image/tensor_input.h"
#include "runtime/interpreter.h"

namespace edgebench::cli {
namespace {

using Clock = std::chrono::steady_clock;

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

void Detect(const runtime::InterpreterOptions& backend, const std::string& model_name,
            const std::string& image_path, const std::string& resize, float min_score,
            const std::string& output) {
  // A mistyped output folder is caught before the inference, which takes
  // seconds with the reference kernels.
  if (!output.empty()) ThrowIfError(fileio::CheckOutputPath(output));
  const auto labels = ValueOrThrow(
      detect::LabelMap::ReadFile(DataFile("data/models/coco_labels.txt", "COCO label file")));
  const image::ResizeMethod method = ParseResize(resize);
  const auto load_start = Clock::now();
  bench::LoadedModel model = ValueOrThrow(bench::LoadModel(model_name));
  auto interpreter = ValueOrThrow(runtime::Interpreter::Create(std::move(model.graph), backend));
  const double load_ms = MillisecondsSince(load_start);

  const graph::Tensor& input = interpreter->input_tensor(0);
  if (input.shape.size() != 4 || input.shape[3] != 3) {
    throw CommandError(fmt::format("{}: input 0 (\"{}\") has shape {}, not an image [1,H,W,3]",
                                   model.name, input.name, graph::ShapeToString(input.shape)));
  }
  const auto image_start = Clock::now();
  const image::Image photo =
      ValueOrThrow(image::LoadImageResized(image_path, input.shape[2], input.shape[1], method));
  ThrowIfError(image::WriteInputTensor(photo, input, image::PixelMapping::kAuto,
                                       interpreter->input_data(0), input.byte_size()));
  const double image_ms = MillisecondsSince(image_start);

  const auto run_start = Clock::now();
  interpreter->Invoke();
  const double run_ms = MillisecondsSince(run_start);

  const auto detections = ValueOrThrow(detect::ReadDetections(*interpreter));
  fmt::print("{}: load {:.1f} ms, image {:.1f} ms, first inference {:.1f} ms ({}, {} threads)\n",
             model.name, load_ms, image_ms, run_ms, backend.backend, backend.threads);
  if (model.synthetic) fmt::print("(synthetic weights: these detections mean nothing)\n");
  int shown = 0;
  for (const detect::Detection& d : detections) {
    if (d.score < min_score) continue;
    fmt::print("  {:<16} {:.3f}  box y {:.3f}-{:.3f} x {:.3f}-{:.3f}\n", labels.Name(d.class_index),
               d.score, d.box.ymin, d.box.ymax, d.box.xmin, d.box.xmax);
    ++shown;
  }
  if (shown == 0) fmt::print("  no detection scores {:.2f} or more\n", min_score);
  if (!output.empty()) WriteAnnotated(image_path, detections, labels, min_score, output);
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
  static runtime::InterpreterOptions backend;
  static std::string runtime_name;
  AddBackendOptions(command, &backend, &runtime_name);
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
    CheckBackendOptions(backend, runtime_name);
    // Without IMAGE, the default photo must be found among the data folders.
    const std::string image = image_option->count() > 0 ? image_path
                                                        : DataFile("data/images/fruit.jpg",
                                                                   "default photo (or give IMAGE)");
    Detect(backend, model, image, resize, min_score, output);
  });
}

}  // namespace edgebench::cli
