#include "runtimes/onnxruntime/onnxruntime_profile.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>

#include "graph/model_stats.h"
#include "graph/shape_inference.h"

namespace edgebench::runtime {
namespace {

constexpr std::string_view kKernelTime = "_kernel_time";

bool StripSuffix(std::string& name, std::string_view suffix) {
  if (!name.ends_with(suffix)) return false;
  name.resize(name.size() - suffix.size());
  return true;
}

// Strips a trailing "_token_N", which ONNX Runtime's GenerateNodeName adds.
bool StripToken(std::string& name) {
  size_t digits = name.size();
  while (digits > 0 && std::isdigit(static_cast<unsigned char>(name[digits - 1]))) --digits;
  constexpr std::string_view kToken = "_token_";
  if (digits == name.size() || digits < kToken.size() ||
      name.compare(digits - kToken.size(), kToken.size(), kToken) != 0) {
    return false;
  }
  name.resize(digits - kToken.size());
  return true;
}

// The op a node of ONNX Runtime's optimized graph was made for, if it
// derives from an exported node or value.
std::optional<int> OpOfNode(std::string name, const std::map<std::string, int>& node_ops) {
  while (true) {
    if (auto it = node_ops.find(name); it != node_ops.end()) return it->second;
    if (!StripToken(name) && !StripSuffix(name, "_nchwc")) return std::nullopt;
  }
}

// One node's kernel times, in the order ONNX Runtime first ran it.
struct NodeTimes {
  std::string name;
  std::string kernel;   // ONNX Runtime's op ("QLinearConv")
  int64_t count = 0;    // events, the untimed run's included
  double timed_us = 0;  // over the events after the first
};

Result<std::vector<NodeTimes>> ReadNodeTimes(std::string_view trace) {
  const nlohmann::json events = nlohmann::json::parse(trace, nullptr, false);
  if (!events.is_array()) {
    return Status::Error("onnxruntime: its profile is not a JSON array of trace events");
  }
  std::vector<NodeTimes> nodes;
  std::map<std::string, size_t> index;
  for (const nlohmann::json& e : events) {
    if (!e.is_object() || e.value("cat", "") != "Node") continue;
    std::string name = e.value("name", "");
    if (!StripSuffix(name, kKernelTime) || !e.contains("dur") || !e["dur"].is_number()) continue;
    auto [it, added] = index.try_emplace(name, nodes.size());
    if (added) {
      std::string kernel = name;
      if (e.contains("args") && e["args"].is_object()) kernel = e["args"].value("op_name", name);
      nodes.push_back({name, kernel, 0, 0});
    }
    NodeTimes& node = nodes[it->second];
    if (node.count++ > 0) node.timed_us += e["dur"].get<double>();
  }
  return nodes;
}

// The op each node counts with: its own, else the one run before it (the
// first op's for nodes before any mapped one).
std::vector<int> NodeOps(const std::vector<NodeTimes>& nodes,
                         const std::map<std::string, int>& node_ops) {
  std::vector<std::optional<int>> found;
  for (const NodeTimes& node : nodes) found.push_back(OpOfNode(node.name, node_ops));
  std::vector<int> ops(nodes.size(), 0);
  std::optional<int> previous;
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (found[i]) previous = found[i];
    if (previous) {
      ops[i] = *previous;
      continue;
    }
    const auto next = std::find_if(found.begin() + static_cast<std::ptrdiff_t>(i), found.end(),
                                   [](const std::optional<int>& op) { return op.has_value(); });
    ops[i] = next != found.end() ? **next : 0;
  }
  return ops;
}

}  // namespace

std::vector<ProfiledOp> DescribeProfiledOps(const graph::Graph& network) {
  graph::Graph shaped = network;  // MACs need every shape
  graph::InferMissingShapes(shaped);
  std::vector<ProfiledOp> ops;
  for (const graph::Op& op : shaped.ops) {
    ops.push_back({graph::OpTypeName(op.type), graph::OpMacs(shaped, op)});
  }
  return ops;
}

Result<std::vector<OpTiming>> OpTimingsFromProfile(std::string_view trace,
                                                   const std::map<std::string, int>& node_ops,
                                                   const std::vector<ProfiledOp>& ops) {
  EB_ASSIGN_OR_RETURN(const std::vector<NodeTimes> nodes, ReadNodeTimes(trace));
  if (nodes.empty()) return Status::Error("onnxruntime: its profile has no node timings");
  if (ops.empty()) return Status::Error("onnxruntime: the model has no ops to profile");
  const std::vector<int> node_op = NodeOps(nodes, node_ops);
  // Per op: the time of its nodes per run, and their kernels in run order.
  std::vector<double> op_ms(ops.size(), 0.0);
  std::vector<std::vector<std::string>> kernels(ops.size());
  std::vector<bool> has_node(ops.size(), false);
  for (size_t i = 0; i < nodes.size(); ++i) {
    const int op = node_op[i];
    if (op < 0 || op >= static_cast<int>(ops.size())) {
      return Status::Error(
          fmt::format("onnxruntime: profiled node {} maps to op {}, the model has {}",
                      nodes[i].name, op, ops.size()));
    }
    const NodeTimes& node = nodes[i];
    // Each node's mean over its own timed runs: the same as over all runs
    // unless ONNX Runtime stopped recording (it caps its events).
    if (node.count > 1) op_ms[op] += node.timed_us / 1e3 / static_cast<double>(node.count - 1);
    has_node[op] = true;
    auto& list = kernels[op];
    if (std::find(list.begin(), list.end(), node.kernel) == list.end()) list.push_back(node.kernel);
  }
  // An op without a node of its own joins the row before it (leading ones
  // the first row).
  std::vector<OpTiming> timings;
  for (int op = 0; op < static_cast<int>(ops.size()); ++op) {
    if (!has_node[op]) {
      if (!timings.empty()) timings.back().last_op = op;
      continue;
    }
    OpTiming row;
    row.first_op = timings.empty() ? 0 : op;
    row.last_op = op;
    row.backend = fmt::format("{}", fmt::join(kernels[op], "+"));
    row.mean_ms = op_ms[op];
    timings.push_back(std::move(row));
  }
  for (OpTiming& row : timings) {
    row.name = row.first_op == row.last_op ? ops[row.first_op].type
                                           : fmt::format("{} ops", row.last_op - row.first_op + 1);
    for (int op = row.first_op; op <= row.last_op; ++op) row.macs += ops[op].macs;
  }
  return timings;
}

}  // namespace edgebench::runtime
