#include "graph/graph.h"

#include <fmt/format.h>

#include <limits>
#include <map>

#include "graph/op_validation.h"

namespace edgebench::graph {
namespace {

struct Arity {
  size_t min_inputs;
  size_t max_inputs;
  size_t outputs;
};

Arity ArityOf(OpType type) {
  constexpr size_t kMany = std::numeric_limits<size_t>::max();
  switch (type) {
    case OpType::kAdd:
    case OpType::kMul: return {2, 2, 1};
    case OpType::kConcatenation: return {1, kMany, 1};
    case OpType::kConv2D:
    case OpType::kDepthwiseConv2D:
    case OpType::kFullyConnected: return {2, 3, 1};
    case OpType::kDetectionPostProcess: return {3, 3, 4};
    case OpType::kMean:
    case OpType::kPad: return {2, 2, 1};
    case OpType::kReshape: return {1, 2, 1};
    case OpType::kAveragePool2D:
    case OpType::kMaxPool2D:
    case OpType::kDequantize:
    case OpType::kLogistic:
    case OpType::kQuantize:
    case OpType::kRelu:
    case OpType::kRelu6:
    case OpType::kSoftmax:
    case OpType::kSqueeze: return {1, 1, 1};
  }
  return {0, 0, 0};
}

// Index of the OpOptions alternative each op type carries.
size_t ExpectedOptionsIndex(OpType type) {
  switch (type) {
    case OpType::kConv2D: return 1;
    case OpType::kDepthwiseConv2D: return 2;
    case OpType::kAveragePool2D:
    case OpType::kMaxPool2D: return 3;
    case OpType::kFullyConnected: return 4;
    case OpType::kAdd:
    case OpType::kMul: return 5;
    case OpType::kConcatenation: return 6;
    case OpType::kReshape: return 7;
    case OpType::kSqueeze: return 8;
    case OpType::kMean: return 9;
    case OpType::kSoftmax: return 10;
    case OpType::kDetectionPostProcess: return 11;
    default: return 0;
  }
}

bool IsOptionalInput(OpType type, size_t position) {
  return position == 2 && (type == OpType::kConv2D || type == OpType::kDepthwiseConv2D ||
                           type == OpType::kFullyConnected);
}

Status ValidateTensor(const Graph& graph, int index) {
  const Tensor& tensor = graph.tensors[index];
  int64_t bytes = static_cast<int64_t>(DataTypeSize(tensor.type));
  for (int32_t dim : tensor.shape) {
    if (dim < 0) {
      return Status::Error(fmt::format("{} has shape {} with a negative dimension",
                                       DescribeTensor(graph, index), ShapeToString(tensor.shape)));
    }
    // Checked before multiplying, so the product never overflows.
    if (dim > 0 && bytes > kMaxTensorBytes / dim) {
      return Status::Error(fmt::format("{} has shape {}, which needs more than {} bytes",
                                       DescribeTensor(graph, index), ShapeToString(tensor.shape),
                                       kMaxTensorBytes));
    }
    bytes *= dim;
  }
  const auto& q = tensor.quantization;
  if (q.scale.size() != q.zero_point.size() && !q.zero_point.empty()) {
    return Status::Error(fmt::format("{} has {} quantization scales but {} zero points",
                                     DescribeTensor(graph, index), q.scale.size(),
                                     q.zero_point.size()));
  }
  if (q.per_channel() && (q.axis < 0 || q.axis >= static_cast<int32_t>(tensor.shape.size()) ||
                          tensor.shape[q.axis] != static_cast<int32_t>(q.scale.size()))) {
    return Status::Error(fmt::format(
        "{} has {} per-channel scales on axis {}, which does not match its "
        "shape {}",
        DescribeTensor(graph, index), q.scale.size(), q.axis, ShapeToString(tensor.shape)));
  }
  if (tensor.is_constant() && tensor.data_bytes != tensor.byte_size()) {
    return Status::Error(
        fmt::format("{} of shape {} and type {} needs {} bytes but its buffer holds {}",
                    DescribeTensor(graph, index), ShapeToString(tensor.shape),
                    DataTypeName(tensor.type), tensor.byte_size(), tensor.data_bytes));
  }
  return Status::Ok();
}

Status ValidateTensorList(const Graph& graph, const std::vector<int>& list, const char* what) {
  for (int index : list) {
    if (index < 0 || index >= static_cast<int>(graph.tensors.size())) {
      return Status::Error(fmt::format("graph {} names tensor {}, but there are {} tensors", what,
                                       index, graph.tensors.size()));
    }
  }
  return Status::Ok();
}

Status ValidateOp(const Graph& graph, int op_index) {
  const Op& op = graph.ops[op_index];
  const std::string where = DescribeOp(graph, op_index);
  const Arity arity = ArityOf(op.type);
  if (op.inputs.size() < arity.min_inputs || op.inputs.size() > arity.max_inputs) {
    return Status::Error(fmt::format(
        "{}: has {} inputs, expected {}{}", where, op.inputs.size(), arity.min_inputs,
        arity.max_inputs == arity.min_inputs ? std::string()
                                             : fmt::format(" to {}", arity.max_inputs)));
  }
  if (op.outputs.size() != arity.outputs) {
    return Status::Error(
        fmt::format("{}: has {} outputs, expected {}", where, op.outputs.size(), arity.outputs));
  }
  if (op.options.index() != ExpectedOptionsIndex(op.type)) {
    return Status::Error(fmt::format("{}: carries options of another op type", where));
  }
  const int tensor_count = static_cast<int>(graph.tensors.size());
  for (size_t i = 0; i < op.inputs.size(); ++i) {
    const int t = op.inputs[i];
    if (t == kNoTensor && IsOptionalInput(op.type, i)) continue;
    if (t < 0 || t >= tensor_count) {
      return Status::Error(fmt::format("{}: input {} names tensor {}, but there are {} tensors",
                                       where, i, t, tensor_count));
    }
  }
  for (size_t i = 0; i < op.outputs.size(); ++i) {
    const int t = op.outputs[i];
    if (t < 0 || t >= tensor_count) {
      return Status::Error(fmt::format("{}: output {} names tensor {}, but there are {} tensors",
                                       where, i, t, tensor_count));
    }
    if (graph.tensors[t].is_constant()) {
      return Status::Error(fmt::format("{}: output {} ({}) is a constant tensor", where, i,
                                       DescribeTensor(graph, t)));
    }
  }
  return Status::Ok();
}

}  // namespace

Status Graph::Validate() const {
  for (int i = 0; i < static_cast<int>(tensors.size()); ++i) {
    EB_RETURN_IF_ERROR(ValidateTensor(*this, i));
  }
  EB_RETURN_IF_ERROR(ValidateTensorList(*this, inputs, "input"));
  for (int input : inputs) {
    // Callers write graph inputs; constants are the model's own bytes.
    if (tensors[input].is_constant()) {
      return Status::Error(
          fmt::format("graph input {} is a constant tensor", DescribeTensor(*this, input)));
    }
  }
  EB_RETURN_IF_ERROR(ValidateTensorList(*this, outputs, "output"));
  for (int i = 0; i < static_cast<int>(ops.size()); ++i) {
    EB_RETURN_IF_ERROR(ValidateOp(*this, i));
  }
  return Status::Ok();
}

std::string DescribeTensor(const Graph& graph, int tensor_index) {
  if (tensor_index < 0 || tensor_index >= static_cast<int>(graph.tensors.size())) {
    return fmt::format("tensor {}", tensor_index);
  }
  return fmt::format("tensor {} \"{}\"", tensor_index, graph.tensors[tensor_index].name);
}

std::string DescribeOp(const Graph& graph, int op_index) {
  if (op_index < 0 || op_index >= static_cast<int>(graph.ops.size())) {
    return fmt::format("node {}", op_index);
  }
  return fmt::format("node {} ({})", op_index, OpTypeName(graph.ops[op_index].type));
}

Graph ExtractSubgraph(const Graph& graph, const std::vector<int>& ops,
                      const std::vector<int>& inputs, const std::vector<int>& outputs) {
  Graph part;
  part.storage = graph.storage;
  std::map<int, int> renumbered;
  auto keep = [&](int tensor) {
    if (tensor == kNoTensor) return tensor;
    auto [it, inserted] = renumbered.try_emplace(tensor, static_cast<int>(part.tensors.size()));
    if (inserted) part.tensors.push_back(graph.tensors[tensor]);
    return it->second;
  };
  for (int t : inputs) part.inputs.push_back(keep(t));
  for (int index : ops) {
    Op op = graph.ops[index];
    for (int& t : op.inputs) t = keep(t);
    for (int& t : op.outputs) t = keep(t);
    part.ops.push_back(std::move(op));
  }
  for (int t : outputs) part.outputs.push_back(keep(t));
  return part;
}

}  // namespace edgebench::graph
