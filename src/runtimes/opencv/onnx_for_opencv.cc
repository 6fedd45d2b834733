#include "runtimes/opencv/onnx_for_opencv.h"

#include <bit>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <string_view>

namespace edgebench::opencv_plugin {
namespace {

static_assert(std::endian::native == std::endian::little,
              "protobuf's fixed32 floats are little-endian, read and written as they lie");

// Field numbers of ONNX's onnx.proto used here.
constexpr uint32_t kModelGraph = 7;
constexpr uint32_t kGraphNode = 1;
constexpr uint32_t kGraphInitializer = 5;
constexpr uint32_t kGraphInput = 11;
constexpr uint32_t kGraphOutput = 12;
constexpr uint32_t kNodeInput = 1;
constexpr uint32_t kNodeOpType = 4;
constexpr uint32_t kNodeAttribute = 5;
constexpr uint32_t kNodeDomain = 7;
constexpr uint32_t kAttributeName = 1;
constexpr uint32_t kAttributeFloat = 2;
constexpr uint32_t kAttributeType = 20;
constexpr uint32_t kTensorDims = 1;
constexpr uint32_t kTensorDataType = 2;
constexpr uint32_t kTensorFloatData = 4;
constexpr uint32_t kTensorName = 8;
constexpr uint32_t kTensorRawData = 9;
constexpr uint32_t kValueName = 1;
constexpr uint32_t kValueType = 2;
constexpr uint32_t kTypeTensorType = 1;
constexpr uint32_t kTensorTypeElemType = 1;
constexpr uint32_t kTensorTypeShape = 2;
constexpr uint32_t kShapeDim = 1;
constexpr uint32_t kDimValue = 1;

constexpr uint64_t kAttributeTypeFloat = 1;  // AttributeProto.FLOAT
constexpr int32_t kDataTypeFloat = 1;        // TensorProto.FLOAT

enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kBytes = 2, kFixed32 = 5 };

struct Field {
  uint32_t number = 0;
  uint32_t wire_type = 0;
  uint64_t varint = 0;       // kVarint
  std::string_view payload;  // kBytes, kFixed64, kFixed32
  std::string_view whole;    // as encoded, tag included
};

bool ReadVarint(std::string_view data, size_t& pos, uint64_t& value) {
  value = 0;
  for (int shift = 0; shift < 64 && pos < data.size(); shift += 7) {
    const auto byte = static_cast<uint8_t>(data[pos++]);
    value |= uint64_t{byte & 0x7fu} << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

bool ReadPayload(std::string_view data, size_t& pos, size_t size, Field& field) {
  if (size > data.size() - pos) return false;
  field.payload = data.substr(pos, size);
  pos += size;
  return true;
}

// The fields of one message in their order; nullopt when malformed.
std::optional<std::vector<Field>> ReadFields(std::string_view message) {
  std::vector<Field> fields;
  size_t pos = 0;
  while (pos < message.size()) {
    const size_t start = pos;
    Field field;
    uint64_t tag = 0;
    if (!ReadVarint(message, pos, tag)) return std::nullopt;
    field.number = static_cast<uint32_t>(tag >> 3);
    field.wire_type = static_cast<uint32_t>(tag & 7);
    uint64_t size = 0;
    bool ok = false;
    switch (field.wire_type) {
      case kVarint: ok = ReadVarint(message, pos, field.varint); break;
      case kFixed64: ok = ReadPayload(message, pos, 8, field); break;
      case kFixed32: ok = ReadPayload(message, pos, 4, field); break;
      case kBytes:
        ok = ReadVarint(message, pos, size) && ReadPayload(message, pos, size, field);
        break;
      default: break;  // groups (3, 4) are not in onnx.proto
    }
    if (!ok) return std::nullopt;
    field.whole = message.substr(start, pos - start);
    fields.push_back(field);
  }
  return fields;
}

void PutVarint(std::string& out, uint64_t value) {
  for (; value >= 0x80; value >>= 7) out.push_back(static_cast<char>(value | 0x80));
  out.push_back(static_cast<char>(value));
}

void PutTag(std::string& out, uint32_t number, WireType type) {
  PutVarint(out, uint64_t{number} << 3 | type);
}

void PutBytes(std::string& out, uint32_t number, std::string_view bytes) {
  PutTag(out, number, kBytes);
  PutVarint(out, bytes.size());
  out.append(bytes);
}

float FloatFrom(std::string_view four_bytes) {
  float value = 0;
  std::memcpy(&value, four_bytes.data(), sizeof value);
  return value;
}

// The dims of a TensorProto field, packed or not.
bool MultiplyDims(const Field& field, int64_t& elements) {
  if (field.wire_type == kVarint) {
    elements *= static_cast<int64_t>(field.varint);
    return true;
  }
  size_t pos = 0;
  uint64_t dim = 0;
  while (pos < field.payload.size()) {
    if (!ReadVarint(field.payload, pos, dim)) return false;
    elements *= static_cast<int64_t>(dim);
  }
  return true;
}

struct Initializer {
  std::string name;
  std::optional<float> scalar;  // set when a float tensor of one element
};

std::optional<Initializer> ReadInitializer(std::string_view message) {
  const auto fields = ReadFields(message);
  if (!fields) return std::nullopt;
  Initializer initializer;
  int64_t elements = 1;
  uint64_t type = 0;
  std::optional<float> value;
  for (const Field& f : *fields) {
    if (f.number == kTensorName) initializer.name = f.payload;
    if (f.number == kTensorDataType) type = f.varint;
    if (f.number == kTensorDims && !MultiplyDims(f, elements)) return std::nullopt;
    const bool four_bytes = f.payload.size() == sizeof(float);
    if ((f.number == kTensorFloatData || f.number == kTensorRawData) && four_bytes) {
      value = FloatFrom(f.payload);
    }
  }
  if (type == kDataTypeFloat && elements == 1) initializer.scalar = value;
  return initializer;
}

std::optional<std::vector<int64_t>> ReadShape(std::string_view message) {
  const auto fields = ReadFields(message);
  if (!fields) return std::nullopt;
  std::vector<int64_t> dims;
  for (const Field& f : *fields) {
    if (f.number != kShapeDim) continue;
    const auto dim = ReadFields(f.payload);
    if (!dim) return std::nullopt;
    int64_t value = -1;  // a symbolic dimension (dim_param)
    for (const Field& d : *dim) {
      if (d.number == kDimValue) value = static_cast<int64_t>(d.varint);
    }
    dims.push_back(value);
  }
  return dims;
}

std::optional<OnnxValue> ReadValue(std::string_view message) {
  const auto fields = ReadFields(message);
  if (!fields) return std::nullopt;
  OnnxValue value;
  for (const Field& f : *fields) {
    if (f.number == kValueName) value.name = f.payload;
    if (f.number != kValueType) continue;
    const auto type = ReadFields(f.payload);
    if (!type) return std::nullopt;
    for (const Field& t : *type) {
      if (t.number != kTypeTensorType) continue;
      const auto tensor = ReadFields(t.payload);
      if (!tensor) return std::nullopt;
      for (const Field& e : *tensor) {
        if (e.number == kTensorTypeElemType) value.elem_type = static_cast<int32_t>(e.varint);
        if (e.number != kTensorTypeShape) continue;
        auto dims = ReadShape(e.payload);
        if (!dims) return std::nullopt;
        value.dims = std::move(*dims);
      }
    }
  }
  return value;
}

struct Node {
  std::string op_type;
  std::string domain;
  std::vector<std::string_view> inputs;
};

Node Describe(const std::vector<Field>& fields) {
  Node node;
  for (const Field& f : fields) {
    if (f.number == kNodeOpType) node.op_type = f.payload;
    if (f.number == kNodeDomain) node.domain = f.payload;
    if (f.number == kNodeInput) node.inputs.push_back(f.payload);
  }
  return node;
}

std::string FloatAttribute(const char* name, float value) {
  std::string attribute;
  PutBytes(attribute, kAttributeName, name);
  PutTag(attribute, kAttributeFloat, kFixed32);
  attribute.append(reinterpret_cast<const char*>(&value), sizeof value);
  PutTag(attribute, kAttributeType, kVarint);
  PutVarint(attribute, kAttributeTypeFloat);
  return attribute;
}

// The node `fields` as a Clip with its bounds as attributes, or nullopt
// when it is not a Clip with float scalar initializers as bounds.
std::optional<std::string> ClipWithAttributes(
    const std::vector<Field>& fields, const std::map<std::string, float, std::less<>>& scalars) {
  const Node node = Describe(fields);
  if (node.op_type != "Clip" || !node.domain.empty() || node.inputs.size() < 2) return std::nullopt;
  const char* const kNames[] = {"min", "max"};
  std::string attributes;
  for (size_t i = 1; i < node.inputs.size() && i <= 2; ++i) {
    if (node.inputs[i].empty()) continue;  // an omitted bound
    const auto it = scalars.find(node.inputs[i]);
    if (it == scalars.end()) return std::nullopt;
    PutBytes(attributes, kNodeAttribute, FloatAttribute(kNames[i - 1], it->second));
  }
  std::string rewritten;
  size_t input = 0;
  for (const Field& f : fields) {
    if (f.number == kNodeInput && input++ > 0) continue;
    rewritten.append(f.whole);
  }
  return rewritten + attributes;
}

bool ReadGraph(std::string_view message, bool clip_bounds_as_attributes, OnnxForOpencv& result,
               std::string& rewritten) {
  const auto fields = ReadFields(message);
  if (!fields) return false;
  std::map<std::string, float, std::less<>> scalars;
  std::set<std::string, std::less<>> initializers;
  for (const Field& f : *fields) {
    if (f.number != kGraphInitializer) continue;
    const auto initializer = ReadInitializer(f.payload);
    if (!initializer) return false;
    initializers.insert(initializer->name);
    if (initializer->scalar) scalars.emplace(initializer->name, *initializer->scalar);
  }
  for (const Field& f : *fields) {
    if (f.number == kGraphInput || f.number == kGraphOutput) {
      auto value = ReadValue(f.payload);
      if (!value) return false;
      const bool is_input = f.number == kGraphInput;
      if (!is_input || !initializers.contains(value->name)) {
        (is_input ? result.inputs : result.outputs).push_back(std::move(*value));
      }
    }
    if (f.number == kGraphNode) {
      const auto node = ReadFields(f.payload);
      if (!node) return false;
      const std::string op_type = Describe(*node).op_type;
      result.quantized |= op_type == "QuantizeLinear" || op_type == "DequantizeLinear";
      const auto clip =
          clip_bounds_as_attributes ? ClipWithAttributes(*node, scalars) : std::nullopt;
      if (clip) {
        PutBytes(rewritten, kGraphNode, *clip);
        continue;
      }
    }
    rewritten.append(f.whole);
  }
  return true;
}

}  // namespace

bool ReadOnnxForOpencv(std::span<const uint8_t> model, bool clip_bounds_as_attributes,
                       OnnxForOpencv& result, std::string& error) {
  const std::string_view bytes(reinterpret_cast<const char*>(model.data()), model.size());
  const auto fields = ReadFields(bytes);
  bool has_graph = false;
  if (fields) {
    for (const Field& f : *fields) {
      if (f.number != kModelGraph || f.wire_type != kBytes) {
        result.bytes.append(f.whole);
        continue;
      }
      std::string graph;
      if (!ReadGraph(f.payload, clip_bounds_as_attributes, result, graph)) break;
      PutBytes(result.bytes, kModelGraph, graph);
      has_graph = true;
    }
  }
  if (!has_graph) {
    error = "the model handed over is not an ONNX model with a graph (protobuf encoding broken)";
    return false;
  }
  return true;
}

}  // namespace edgebench::opencv_plugin
