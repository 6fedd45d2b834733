#include "graph/tensor.h"

#include <string>

namespace edgebench::graph {

const char* DataTypeName(DataType type) {
  switch (type) {
    case DataType::kFloat32: return "FLOAT32";
    case DataType::kUInt8: return "UINT8";
    case DataType::kInt8: return "INT8";
    case DataType::kInt32: return "INT32";
    case DataType::kInt64: return "INT64";
    case DataType::kInt16: return "INT16";
    case DataType::kBool: return "BOOL";
  }
  return "UNKNOWN";
}

size_t DataTypeSize(DataType type) {
  switch (type) {
    case DataType::kFloat32: return 4;
    case DataType::kUInt8: return 1;
    case DataType::kInt8: return 1;
    case DataType::kInt32: return 4;
    case DataType::kInt64: return 8;
    case DataType::kInt16: return 2;
    case DataType::kBool: return 1;
  }
  return 0;
}

int64_t NumElements(const Shape& shape) {
  int64_t count = 1;
  for (int32_t dim : shape) count *= dim;
  return count;
}

std::string ShapeToString(const Shape& shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) text += ",";
    text += std::to_string(shape[i]);
  }
  return text + "]";
}

}  // namespace edgebench::graph
