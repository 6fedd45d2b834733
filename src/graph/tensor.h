// Tensors of the graph IR: shape, element type, quantization, and for
// constants a pointer to their bytes (owned elsewhere, see Graph::storage).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace edgebench::graph {

enum class DataType { kFloat32, kUInt8, kInt8, kInt32, kInt64, kInt16, kBool };

const char* DataTypeName(DataType type);  // "FLOAT32", "UINT8", ...
size_t DataTypeSize(DataType type);       // bytes per element

using Shape = std::vector<int32_t>;

int64_t NumElements(const Shape& shape);
std::string ShapeToString(const Shape& shape);  // "[1,300,300,3]"

// Affine quantization: real = scale * (q - zero_point). One scale and zero
// point per tensor, or one per slice along `axis` (per-channel weights).
struct Quantization {
  std::vector<float> scale;
  std::vector<int64_t> zero_point;
  int32_t axis = 0;

  bool empty() const { return scale.empty(); }
  bool per_channel() const { return scale.size() > 1; }
};

struct Tensor {
  std::string name;
  DataType type = DataType::kFloat32;
  Shape shape;
  Quantization quantization;
  // Constant tensors (weights, biases, anchors) point at bytes that the Graph
  // keeps alive; activations have nullptr and get arena memory at run time.
  const uint8_t* data = nullptr;
  size_t data_bytes = 0;

  bool is_constant() const { return data != nullptr; }
  int64_t num_elements() const { return NumElements(shape); }
  size_t byte_size() const { return static_cast<size_t>(num_elements()) * DataTypeSize(type); }
};

}  // namespace edgebench::graph
