#include "graph/graph_builder.h"

#include <memory>

namespace edgebench::graph {

int GraphBuilder::AddTensor(std::string name, DataType type, Shape shape,
                            Quantization quantization) {
  Tensor tensor;
  tensor.name = std::move(name);
  tensor.type = type;
  tensor.shape = std::move(shape);
  tensor.quantization = std::move(quantization);
  graph_.tensors.push_back(std::move(tensor));
  return static_cast<int>(graph_.tensors.size()) - 1;
}

int GraphBuilder::AddConstantBytes(std::string name, DataType type, Shape shape, const void* bytes,
                                   size_t byte_count, Quantization quantization) {
  // new[] aligns to at least 16 bytes, enough for any element type here.
  std::shared_ptr<uint8_t[]> buffer(new uint8_t[byte_count > 0 ? byte_count : 1]);
  if (byte_count > 0) std::memcpy(buffer.get(), bytes, byte_count);
  const int index = AddTensor(std::move(name), type, std::move(shape), std::move(quantization));
  graph_.tensors[index].data = buffer.get();
  graph_.tensors[index].data_bytes = byte_count;
  graph_.storage.push_back(std::shared_ptr<const void>(buffer, buffer.get()));
  return index;
}

int GraphBuilder::AddOp(OpType type, std::vector<int> inputs, std::vector<int> outputs,
                        OpOptions options) {
  Op op;
  op.type = type;
  op.inputs = std::move(inputs);
  op.outputs = std::move(outputs);
  op.options = std::move(options);
  graph_.ops.push_back(std::move(op));
  return static_cast<int>(graph_.ops.size()) - 1;
}

}  // namespace edgebench::graph
