#include <fmt/format.h>

#include <algorithm>

#include "kernels/reference_kernels.h"

namespace edgebench::kernels {

using graph::DataType;
using graph::OpType;

namespace {

const std::vector<ReferenceKernel>& Table() {
  static const std::vector<ReferenceKernel> table = {
      {OpType::kAdd, {DataType::kFloat32, DataType::kUInt8, DataType::kInt8}, PrepareAdd},
      {OpType::kAveragePool2D,
       {DataType::kFloat32, DataType::kUInt8, DataType::kInt8},
       PrepareAveragePool2D},
      {OpType::kConcatenation,
       {DataType::kFloat32, DataType::kUInt8, DataType::kInt8, DataType::kInt32},
       PrepareConcatenation},
      {OpType::kConv2D, {DataType::kFloat32, DataType::kUInt8, DataType::kInt8}, PrepareConv2D},
      {OpType::kDepthwiseConv2D,
       {DataType::kFloat32, DataType::kUInt8, DataType::kInt8},
       PrepareDepthwiseConv2D},
      {OpType::kDequantize, {DataType::kUInt8, DataType::kInt8}, PrepareDequantize},
      {OpType::kDetectionPostProcess,
       {DataType::kFloat32, DataType::kUInt8},
       PrepareDetectionPostProcess},
      {OpType::kFullyConnected,
       {DataType::kFloat32, DataType::kUInt8, DataType::kInt8},
       PrepareFullyConnected},
      {OpType::kLogistic, {DataType::kFloat32, DataType::kUInt8, DataType::kInt8}, PrepareLogistic},
      {OpType::kMaxPool2D,
       {DataType::kFloat32, DataType::kUInt8, DataType::kInt8},
       PrepareMaxPool2D},
      {OpType::kMean, {DataType::kFloat32, DataType::kUInt8, DataType::kInt8}, PrepareMean},
      {OpType::kMul, {DataType::kFloat32, DataType::kUInt8, DataType::kInt8}, PrepareMul},
      {OpType::kPad, {DataType::kFloat32, DataType::kUInt8, DataType::kInt8}, PreparePad},
      {OpType::kQuantize, {DataType::kFloat32, DataType::kUInt8, DataType::kInt8}, PrepareQuantize},
      {OpType::kRelu, {DataType::kFloat32, DataType::kUInt8, DataType::kInt8}, PrepareRelu},
      {OpType::kRelu6, {DataType::kFloat32, DataType::kUInt8, DataType::kInt8}, PrepareRelu6},
      {OpType::kReshape,
       {DataType::kFloat32, DataType::kUInt8, DataType::kInt8, DataType::kInt32},
       PrepareReshape},
      {OpType::kSoftmax, {DataType::kFloat32, DataType::kUInt8, DataType::kInt8}, PrepareSoftmax},
      {OpType::kSqueeze,
       {DataType::kFloat32, DataType::kUInt8, DataType::kInt8, DataType::kInt32},
       PrepareSqueeze},
  };
  return table;
}

std::string TypeNames(const std::vector<DataType>& types) {
  std::string text;
  for (DataType type : types) {
    if (!text.empty()) text += ", ";
    text += graph::DataTypeName(type);
  }
  return text;
}

}  // namespace

std::span<const ReferenceKernel> ReferenceKernels() { return Table(); }

Result<std::unique_ptr<PreparedKernel>> PrepareReference(const graph::Graph& graph, int op_index) {
  const graph::Op& op = graph.ops[op_index];
  const std::string where = graph::DescribeOp(graph, op_index);
  const auto& table = Table();
  const auto entry = std::find_if(table.begin(), table.end(),
                                  [&](const ReferenceKernel& k) { return k.op == op.type; });
  if (entry == table.end()) {
    return Status::Error(fmt::format("{}: no reference kernel", where));
  }
  const DataType input_type = graph.tensors[op.inputs[0]].type;
  if (std::find(entry->input_types.begin(), entry->input_types.end(), input_type) ==
      entry->input_types.end()) {
    return Status::Error(fmt::format(
        "{}: input 0 ({}) is {}, supported: {}", where, graph::DescribeTensor(graph, op.inputs[0]),
        graph::DataTypeName(input_type), TypeNames(entry->input_types)));
  }
  auto kernel = entry->prepare(graph, op);
  if (!kernel.ok()) return kernel.status().WithPrefix(where + ": ");
  return kernel;
}

}  // namespace edgebench::kernels
