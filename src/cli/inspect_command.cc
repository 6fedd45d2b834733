// `edgebench inspect MODEL`: what a model is made of and what running it
// costs, before running it.
#include <fmt/format.h>

#include <map>
#include <string>

#include "bench/model_inspection.h"
#include "cli/commands.h"
#include "cli/data_files.h"
#include "graph/model_stats.h"
#include "report/text_safety.h"

namespace edgebench::cli {
namespace {

std::string Megabytes(double bytes) { return fmt::format("{:.2f} MB", bytes / 1e6); }

std::string QuantizationText(const graph::Quantization& q) {
  if (q.empty()) return "";
  if (q.per_channel())
    return fmt::format("  per-channel ({} scales, axis {})", q.scale.size(), q.axis);
  return fmt::format("  scale {:g} zero_point {}", q.scale[0],
                     q.zero_point.empty() ? 0 : q.zero_point[0]);
}

void PrintTensors(const char* title, const std::vector<runtime::TensorInfo>& tensors) {
  for (size_t i = 0; i < tensors.size(); ++i) {
    const runtime::TensorInfo& t = tensors[i];
    // Names come from the model file: a crafted one may hold escape sequences.
    fmt::print("{:<11}{}  {}  {} {}{}\n", i == 0 ? title : "", i, report::TerminalSafe(t.name),
               graph::DataTypeName(t.type), graph::ShapeToString(t.shape),
               QuantizationText(t.quantization));
  }
}

std::string OpCounts(const graph::Graph& graph) {
  std::map<std::string, int> counts;
  for (const graph::Op& op : graph.ops) ++counts[graph::OpTypeName(op.type)];
  std::vector<std::pair<std::string, int>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string text;
  for (const auto& [name, count] : sorted) {
    text += fmt::format("{}{} {}", text.empty() ? "" : ", ", count, name);
  }
  return text;
}

void PrintOpTable(const bench::ModelInspection& m) {
  const graph::Graph& graph = m.model.graph;
  fmt::print("\n{:>4}  {:<29} {:<18} {:>12}  {}\n", "#", "op", "output", "MACs", "backend");
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    const graph::Op& op = graph.ops[i];
    fmt::print("{:>4}  {:<29} {:<18} {:>12}  {}\n", i, graph::OpTypeName(op.type),
               graph::ShapeToString(graph.tensors[op.outputs[0]].shape), graph::OpMacs(graph, op),
               m.op_backends[i]);
  }
}

void Inspect(const runtime::RuntimeOptions& options, const std::string& runtime_name,
             const std::string& model_name, bool per_op) {
  const bench::ModelInspection m =
      ValueOrThrow(bench::InspectModel(model_name, runtime_name, options));
  const graph::Graph& graph = m.model.graph;
  const graph::ParameterStats params = graph::CountParameters(graph);
  fmt::print("{:<11}{} ({}){}\n", "model", report::TerminalSafe(m.model.name),
             report::TerminalSafe(m.model.source),
             m.model.synthetic ? "  [synthetic weights: latency only]" : "");
  fmt::print("{:<11}{} {}, backend {} {}, {} thread{}\n", "runtime", m.runtime, m.runtime_version,
             m.backend, m.backend_version, m.threads, m.threads == 1 ? "" : "s");
  PrintTensors("inputs", m.inputs);
  PrintTensors("outputs", m.outputs);
  if (m.post_processing_by_edgebench) {
    fmt::print("{:<11}{} has no {}: edgebench's kernel runs it on these outputs\n", "post-proc.",
               m.runtime, graph::OpTypeName(graph::OpType::kDetectionPostProcess));
  }
  fmt::print("{:<11}{}: {}\n", "ops", graph.ops.size(), OpCounts(graph));
  fmt::print("{:<11}{} ({})\n", "parameters", params.count, Megabytes(params.bytes));
  fmt::print("{:<11}{:.1f} M\n", "MACs", graph::TotalMacs(graph) / 1e6);
  if (m.arena_bytes > 0) {
    fmt::print("{:<11}{} (without sharing: {})\n", "arena", Megabytes(m.arena_bytes),
               Megabytes(m.unshared_arena_bytes));
  }
  if (per_op) PrintOpTable(m);
}

}  // namespace

void AddInspectCommand(CLI::App& app) {
  auto* command = app.add_subcommand(
      "inspect",
      "Show a model's inputs and outputs as a runtime sees them, its ops, parameters, MACs, "
      "and on edgebench's engine its arena size and which backend runs each op");
  static std::string model;
  static bool summary_only = false;
  static runtime::RuntimeOptions options;
  static std::string runtime_name;
  AddBackendOptions(command, &options, &runtime_name);
  command->add_option("model", model, "A .tflite file or a model name (see `edgebench zoo list`)")
      ->required();
  command->add_flag("--summary", summary_only, "Leave out the per-op table");
  command->callback([] {
    CheckBackendOptions(options, runtime_name);
    Inspect(options, runtime_name, model, !summary_only);
  });
}

}  // namespace edgebench::cli
