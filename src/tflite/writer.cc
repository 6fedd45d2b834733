#include "tflite/writer.h"

#include <fmt/format.h>

#include <map>
#include <utility>

#include "fileio/safe_write.h"
#include "tflite/custom_options.h"
#include "tflite/schema_generated.h"
#include "tflite/type_map.h"

namespace edgebench::tflite {
namespace {

using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;
using graph::OpType;

constexpr uint32_t kSchemaVersion = 3;
// Constant data is aligned so that kernels (and TensorFlow Lite's own
// mmap-based loader) can read it in place.
constexpr size_t kBufferAlignment = 16;

struct OptionsOffsets {
  fb::BuiltinOptions type = fb::BuiltinOptions::NONE;
  Offset<void> table;
  Offset<flatbuffers::Vector<uint8_t>> custom;
};

// One entry per distinct op code, in first-use order.
class OpCodeTable {
 public:
  uint32_t IndexOf(OpType type) {
    const auto [it, inserted] = indices_.try_emplace(type, static_cast<uint32_t>(order_.size()));
    if (inserted) order_.push_back(type);
    return it->second;
  }

  Offset<flatbuffers::Vector<Offset<fb::OperatorCode>>> Write(FlatBufferBuilder& b) const {
    std::vector<Offset<fb::OperatorCode>> codes;
    for (OpType type : order_) {
      const fb::BuiltinOperator builtin = ToBuiltinOperator(type);
      const auto custom =
          type == OpType::kDetectionPostProcess ? b.CreateString(kDetectionPostProcessCode) : 0;
      // Readers older than schema 3a look only at the byte-sized field.
      const auto deprecated = static_cast<int8_t>(std::min<int32_t>(
          static_cast<int32_t>(builtin),
          static_cast<int32_t>(fb::BuiltinOperator::PLACEHOLDER_FOR_GREATER_OP_CODES)));
      codes.push_back(fb::CreateOperatorCode(b, deprecated, custom, /*version=*/1, builtin));
    }
    return b.CreateVector(codes);
  }

 private:
  std::map<OpType, uint32_t> indices_;
  std::vector<OpType> order_;
};

OptionsOffsets WriteOptions(FlatBufferBuilder& b, const graph::Op& op) {
  OptionsOffsets out;
  const auto set = [&out](fb::BuiltinOptions type, auto offset) {
    out.type = type;
    out.table = offset.Union();
  };
  switch (op.type) {
    case OpType::kConv2D: {
      const auto& o = std::get<graph::Conv2DOptions>(op.options);
      set(fb::BuiltinOptions::Conv2DOptions,
          fb::CreateConv2DOptions(b, ToPadding(o.padding), o.stride_w, o.stride_h,
                                  ToActivation(o.activation), o.dilation_w, o.dilation_h));
      break;
    }
    case OpType::kDepthwiseConv2D: {
      const auto& o = std::get<graph::DepthwiseConv2DOptions>(op.options);
      set(fb::BuiltinOptions::DepthwiseConv2DOptions,
          fb::CreateDepthwiseConv2DOptions(b, ToPadding(o.padding), o.stride_w, o.stride_h,
                                           o.depth_multiplier, ToActivation(o.activation),
                                           o.dilation_w, o.dilation_h));
      break;
    }
    case OpType::kAveragePool2D:
    case OpType::kMaxPool2D: {
      const auto& o = std::get<graph::Pool2DOptions>(op.options);
      set(fb::BuiltinOptions::Pool2DOptions,
          fb::CreatePool2DOptions(b, ToPadding(o.padding), o.stride_w, o.stride_h, o.filter_w,
                                  o.filter_h, ToActivation(o.activation)));
      break;
    }
    case OpType::kFullyConnected: {
      const auto& o = std::get<graph::FullyConnectedOptions>(op.options);
      set(fb::BuiltinOptions::FullyConnectedOptions,
          fb::CreateFullyConnectedOptions(b, ToActivation(o.activation),
                                          fb::FullyConnectedOptionsWeightsFormat::DEFAULT,
                                          o.keep_num_dims));
      break;
    }
    case OpType::kAdd: {
      const auto& o = std::get<graph::ElementwiseOptions>(op.options);
      set(fb::BuiltinOptions::AddOptions, fb::CreateAddOptions(b, ToActivation(o.activation)));
      break;
    }
    case OpType::kMul: {
      const auto& o = std::get<graph::ElementwiseOptions>(op.options);
      set(fb::BuiltinOptions::MulOptions, fb::CreateMulOptions(b, ToActivation(o.activation)));
      break;
    }
    case OpType::kConcatenation: {
      const auto& o = std::get<graph::ConcatenationOptions>(op.options);
      set(fb::BuiltinOptions::ConcatenationOptions,
          fb::CreateConcatenationOptions(b, o.axis, ToActivation(o.activation)));
      break;
    }
    case OpType::kReshape: {
      // Without new_shape TensorFlow Lite takes the shape input; an empty
      // new_shape vector would mean a scalar.
      const auto& o = std::get<graph::ReshapeOptions>(op.options);
      if (!o.new_shape.empty()) {
        set(fb::BuiltinOptions::ReshapeOptions,
            fb::CreateReshapeOptions(b, b.CreateVector(o.new_shape)));
      }
      break;
    }
    case OpType::kSqueeze: {
      const auto& o = std::get<graph::SqueezeOptions>(op.options);
      set(fb::BuiltinOptions::SqueezeOptions,
          fb::CreateSqueezeOptions(b, b.CreateVector(o.squeeze_dims)));
      break;
    }
    case OpType::kMean: {
      const auto& o = std::get<graph::MeanOptions>(op.options);
      set(fb::BuiltinOptions::ReducerOptions, fb::CreateReducerOptions(b, o.keep_dims));
      break;
    }
    case OpType::kSoftmax: {
      const auto& o = std::get<graph::SoftmaxOptions>(op.options);
      set(fb::BuiltinOptions::SoftmaxOptions, fb::CreateSoftmaxOptions(b, o.beta));
      break;
    }
    case OpType::kPad: set(fb::BuiltinOptions::PadOptions, fb::CreatePadOptions(b)); break;
    case OpType::kQuantize:
      set(fb::BuiltinOptions::QuantizeOptions, fb::CreateQuantizeOptions(b));
      break;
    case OpType::kDequantize:
      set(fb::BuiltinOptions::DequantizeOptions, fb::CreateDequantizeOptions(b));
      break;
    case OpType::kDetectionPostProcess: {
      const auto& o = std::get<graph::DetectionPostProcessOptions>(op.options);
      out.custom = b.CreateVector(EncodeDetectionPostProcessOptions(o));
      break;
    }
    case OpType::kLogistic:
    case OpType::kRelu:
    case OpType::kRelu6: break;
  }
  return out;
}

Offset<fb::QuantizationParameters> WriteQuantization(FlatBufferBuilder& b,
                                                     const graph::Quantization& q) {
  if (q.empty()) return 0;
  return fb::CreateQuantizationParameters(b, /*min=*/0, /*max=*/0, b.CreateVector(q.scale),
                                          b.CreateVector(q.zero_point),
                                          fb::QuantizationDetails::NONE, 0, q.axis);
}

// Buffer 0 is the empty sentinel; constant tensor i gets its own buffer.
std::vector<uint32_t> WriteBuffers(FlatBufferBuilder& b, const graph::Graph& graph,
                                   std::vector<Offset<fb::Buffer>>* buffers) {
  buffers->push_back(fb::CreateBuffer(b));
  std::vector<uint32_t> index(graph.tensors.size(), 0);
  for (size_t i = 0; i < graph.tensors.size(); ++i) {
    const graph::Tensor& tensor = graph.tensors[i];
    if (!tensor.is_constant()) continue;
    b.ForceVectorAlignment(tensor.data_bytes, sizeof(uint8_t), kBufferAlignment);
    const auto data = b.CreateVector(tensor.data, tensor.data_bytes);
    index[i] = static_cast<uint32_t>(buffers->size());
    buffers->push_back(fb::CreateBuffer(b, data));
  }
  return index;
}

}  // namespace

Result<std::vector<uint8_t>> WriteModel(const graph::Graph& graph, const std::string& description) {
  EB_RETURN_IF_ERROR(graph.Validate().WithPrefix("cannot write model: "));
  FlatBufferBuilder b(1 << 20);
  std::vector<Offset<fb::Buffer>> buffers;
  const std::vector<uint32_t> buffer_index = WriteBuffers(b, graph, &buffers);

  std::vector<Offset<fb::Tensor>> tensors;
  for (size_t i = 0; i < graph.tensors.size(); ++i) {
    const graph::Tensor& t = graph.tensors[i];
    tensors.push_back(fb::CreateTensor(b, b.CreateVector(t.shape), ToTensorType(t.type),
                                       buffer_index[i], b.CreateString(t.name),
                                       WriteQuantization(b, t.quantization)));
  }

  OpCodeTable codes;
  std::vector<Offset<fb::Operator>> operators;
  for (const graph::Op& op : graph.ops) {
    const OptionsOffsets options = WriteOptions(b, op);
    operators.push_back(fb::CreateOperator(b, codes.IndexOf(op.type), b.CreateVector(op.inputs),
                                           b.CreateVector(op.outputs), options.type, options.table,
                                           options.custom, fb::CustomOptionsFormat::FLEXBUFFERS));
  }

  const auto subgraph = fb::CreateSubGraph(b, b.CreateVector(tensors), b.CreateVector(graph.inputs),
                                           b.CreateVector(graph.outputs), b.CreateVector(operators),
                                           b.CreateString("main"));
  const auto model =
      fb::CreateModel(b, kSchemaVersion, codes.Write(b), b.CreateVector(&subgraph, 1),
                      b.CreateString(description), b.CreateVector(buffers));
  fb::FinishModelBuffer(b, model);
  return std::vector<uint8_t>(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
}

Status WriteModelFile(const graph::Graph& graph, const std::string& path,
                      const std::string& description) {
  EB_ASSIGN_OR_RETURN(const std::vector<uint8_t> bytes, WriteModel(graph, description));
  return fileio::WriteFileSafely(path, bytes);
}

}  // namespace edgebench::tflite
