// `edgebench detect MODEL [IMAGE]`: one inference on a photo, with the
// detections it finds, labelled.
#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <filesystem>

#include "cli/commands.h"
#include "cli/model_catalog.h"
#include "detect/detections.h"
#include "detect/labels.h"
#include "image/decode.h"
#include "image/tensor_input.h"
#include "runtime/interpreter.h"

namespace edgebench::cli {
namespace {

using Clock = std::chrono::steady_clock;

double MillisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

image::ResizeMethod ParseResize(const std::string& name) {
  if (name == "auto") return image::ResizeMethod::kAuto;
  if (name == "area") return image::ResizeMethod::kArea;
  if (name == "bilinear") return image::ResizeMethod::kBilinear;
  throw CommandError(fmt::format("--resize {}: expected auto, area or bilinear", name));
}

void Detect(const std::string& model_name, const std::string& image_path, const std::string& resize,
            float min_score) {
  const image::ResizeMethod method = ParseResize(resize);
  const auto load_start = Clock::now();
  LoadedModel model = ValueOrThrow(LoadModel(model_name));
  auto interpreter = ValueOrThrow(runtime::Interpreter::Create(std::move(model.graph)));
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
  const auto labels =
      ValueOrThrow(detect::LabelMap::ReadFile(ProjectRoot() + "/data/models/coco_labels.txt"));
  fmt::print("{}: load {:.1f} ms, image {:.1f} ms, first inference {:.1f} ms (reference kernels)\n",
             model.name, load_ms, image_ms, run_ms);
  if (model.synthetic) fmt::print("(synthetic weights: these detections mean nothing)\n");
  int shown = 0;
  for (const detect::Detection& d : detections) {
    if (d.score < min_score) continue;
    fmt::print("  {:<16} {:.3f}  box y {:.3f}-{:.3f} x {:.3f}-{:.3f}\n", labels.Name(d.class_index),
               d.score, d.box.ymin, d.box.ymax, d.box.xmin, d.box.xmax);
    ++shown;
  }
  if (shown == 0) fmt::print("  no detection scores {:.2f} or more\n", min_score);
}

}  // namespace

void AddDetectCommand(CLI::App& app) {
  auto* command =
      app.add_subcommand("detect", "Run a detector once on a photo and print what it finds");
  static std::string model;
  static std::string image_path = ProjectRoot() + "/data/images/fruit.jpg";
  static std::string resize = "auto";
  static float min_score = 0.5f;
  command->add_option("model", model, "A .tflite file or a model name (see `edgebench zoo list`)")
      ->required();
  command->add_option("image", image_path, "JPEG or PNG photo (default: the original benchmark's)")
      ->capture_default_str();
  command
      ->add_option("--resize", resize,
                   "auto (area for reductions over 2x, else bilinear), area or bilinear")
      ->capture_default_str();
  command->add_option("--min-score", min_score, "Show detections scoring at least this")
      ->capture_default_str();
  command->callback([] { Detect(model, image_path, resize, min_score); });
}

}  // namespace edgebench::cli
