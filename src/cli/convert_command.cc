// `edgebench convert MODEL --to onnx -o FILE.onnx`: the model's network (up to
// its post-processing) as an ONNX file that other runtimes and tools read.
#include <fmt/format.h>

#include "bench/model_catalog.h"
#include "cli/commands.h"
#include "fileio/safe_write.h"
#include "onnx/onnx_export.h"
#include "report/text_safety.h"

namespace edgebench::cli {
namespace {

struct ConvertOptions {
  std::string model;
  std::string to;
  std::string output;
};

void PrintValues(const char* label, const std::vector<onnx::OnnxValueInfo>& values) {
  for (const onnx::OnnxValueInfo& value : values) {
    fmt::print("{:<9}{}  {} {}\n", label, report::TerminalSafe(value.name),
               graph::DataTypeName(value.type), graph::ShapeToString(value.shape));
  }
}

void Convert(const ConvertOptions& o) {
  if (o.to != "onnx") throw CommandError("--to " + o.to + ": expected onnx");
  ThrowIfError(fileio::CheckOutputPath(o.output));
  const bench::LoadedModel model = ValueOrThrow(bench::LoadModel(o.model));
  ThrowIfError(fileio::CheckNotInput(o.output, model.source));
  const onnx::OnnxExport exported = ValueOrThrow(onnx::ExportOnnx(model.graph));
  ThrowIfError(fileio::WriteFileSafely(o.output, exported.bytes));
  fmt::print("{:<9}{} ({})\n", "model", report::TerminalSafe(model.name),
             report::TerminalSafe(model.source));
  fmt::print("{:<9}ONNX opset {}, {} nodes{}, checked by ONNX's checker and shape inference\n",
             "onnx", onnx::kOpsetVersion, exported.node_count,
             exported.quantized ? " in QDQ form (QuantizeLinear/DequantizeLinear)" : "");
  PrintValues("input", exported.inputs);
  PrintValues("output", exported.outputs);
  if (!exported.left_out.empty()) {
    fmt::print("{:<9}{} (edgebench's kernel runs it on the outputs above)\n", "left out",
               exported.left_out);
  }
  fmt::print("{:<9}{} ({:.2f} MB)\n", "wrote", report::TerminalSafe(o.output),
             static_cast<double>(exported.bytes.size()) / 1e6);
}

}  // namespace

void AddConvertCommand(CLI::App& app) {
  auto* command = app.add_subcommand(
      "convert", "Write a model's network as an ONNX file (opset 13) for other runtimes and tools");
  command->footer(
      "The network is exported up to TFLite_Detection_PostProcess, which ONNX has no op for;\n"
      "the outputs keep TensorFlow Lite's names, types and shapes (box encodings [1,N,4],\n"
      "class scores [1,N,C]) so edgebench's post-processing kernel can run on them.\n"
      "float32 models become plain ONNX ops; uint8 models QDQ form (QuantizeLinear and\n"
      "DequantizeLinear around each op, weights quantized per channel where the file is),\n"
      "which ONNX Runtime fuses to QLinearConv. The input stays NHWC as in the .tflite file.\n"
      "Example: edgebench convert ssd_mobilenet_v1_0.75_uint8 --to onnx -o v1.onnx");
  static ConvertOptions o;
  command->add_option("model", o.model, "A .tflite file or a model name (see `edgebench zoo list`)")
      ->required();
  command->add_option("--to", o.to, "Format to write: onnx")->required();
  command->add_option("-o,--output", o.output, "The file to write (never the model itself)")
      ->required();
  command->callback([] { Convert(o); });
}

}  // namespace edgebench::cli
