// Tensors and their buffers: types, shapes, quantization, constant data.
#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "graph/op_validation.h"
#include "tflite/reader_internal.h"
#include "tflite/type_map.h"

namespace edgebench::tflite::internal {
namespace {

using graph::kMaxTensorBytes;

std::string Describe(int index, const fb::Tensor& tensor) {
  return fmt::format("tensor {} \"{}\"", index,
                     tensor.name() != nullptr ? tensor.name()->str() : std::string());
}

Status ReadShape(const fb::Tensor& tensor, graph::DataType type, const std::string& where,
                 graph::Shape* shape) {
  if (tensor.shape() != nullptr) shape->assign(tensor.shape()->begin(), tensor.shape()->end());
  int64_t bytes = static_cast<int64_t>(graph::DataTypeSize(type));
  for (int32_t dim : *shape) {
    if (dim < 0) {
      return Status::Error(fmt::format("{}: shape {} has a negative dimension", where,
                                       graph::ShapeToString(*shape)));
    }
    // Checked before multiplying, so the product never exceeds the limit.
    if (dim > 0 && bytes > kMaxTensorBytes / dim) {
      return Status::Error(fmt::format("{}: shape {} needs more than {} bytes", where,
                                       graph::ShapeToString(*shape), kMaxTensorBytes));
    }
    bytes *= dim;
  }
  return Status::Ok();
}

Status ReadQuantization(const fb::Tensor& tensor, const std::string& where,
                        graph::Quantization* quantization) {
  const fb::QuantizationParameters* q = tensor.quantization();
  // Float tensors often carry only min/max (or nothing); that is no
  // quantization for the engine.
  if (q == nullptr || q->scale() == nullptr || q->scale()->size() == 0) return Status::Ok();
  if (q->details_type() != fb::QuantizationDetails::NONE) {
    return Status::Error(fmt::format(
        "{}: custom quantization is unsupported; supported: affine scale and zero point", where));
  }
  quantization->scale.assign(q->scale()->begin(), q->scale()->end());
  for (float scale : quantization->scale) {
    if (!std::isfinite(scale) || scale < 0.0f) {
      return Status::Error(
          fmt::format("{}: quantization scale {} is not a finite value >= 0", where, scale));
    }
  }
  if (q->zero_point() == nullptr || q->zero_point()->size() == 0) {
    quantization->zero_point.assign(quantization->scale.size(), 0);
  } else if (q->zero_point()->size() != q->scale()->size()) {
    return Status::Error(fmt::format("{}: has {} quantization scales but {} zero points", where,
                                     q->scale()->size(), q->zero_point()->size()));
  } else {
    // Copied as bytes: a crafted file may place this int64 vector at a
    // 4-byte boundary, where loading int64 values is undefined behaviour.
    const auto* zero_points = q->zero_point();
    quantization->zero_point.resize(zero_points->size());
    std::memcpy(quantization->zero_point.data(), zero_points->Data(),
                zero_points->size() * sizeof(int64_t));
  }
  quantization->axis = q->quantized_dimension();
  return Status::Ok();
}

// Points `tensor` at its buffer's bytes, or at an aligned copy of them.
Status ReadData(const fb::Model& model, const fb::Tensor& source, const std::string& where,
                graph::Tensor* tensor, graph::Graph* graph) {
  const uint32_t buffer_count = model.buffers() != nullptr ? model.buffers()->size() : 0;
  if (source.buffer() >= buffer_count) {
    return Status::Error(
        fmt::format("{}: buffer index {} is out of range, the model has {} "
                    "buffers",
                    where, source.buffer(), buffer_count));
  }
  const fb::Buffer& buffer = *model.buffers()->Get(source.buffer());
  // Offsets 0 and 1 both mean "not set" in the format.
  if (buffer.offset() > 1) {
    return Status::Error(
        fmt::format("{}: buffer {} keeps its data outside the flatbuffer, which is unsupported",
                    where, source.buffer()));
  }
  if (buffer.data() == nullptr || buffer.data()->size() == 0) return Status::Ok();
  const size_t bytes = buffer.data()->size();
  if (bytes != tensor->byte_size()) {
    return Status::Error(
        fmt::format("{}: shape {} and type {} need {} bytes but buffer {} holds "
                    "{}",
                    where, graph::ShapeToString(tensor->shape), graph::DataTypeName(tensor->type),
                    tensor->byte_size(), source.buffer(), bytes));
  }
  const uint8_t* data = buffer.data()->data();
  if (reinterpret_cast<uintptr_t>(data) % graph::DataTypeSize(tensor->type) != 0) {
    std::shared_ptr<uint8_t[]> copy(new uint8_t[bytes]);  // new[] aligns to 16
    std::memcpy(copy.get(), data, bytes);
    data = copy.get();
    graph->storage.push_back(std::shared_ptr<const void>(copy, copy.get()));
  }
  tensor->data = data;
  tensor->data_bytes = bytes;
  return Status::Ok();
}

Result<graph::Tensor> ReadTensor(const fb::Model& model, const fb::Tensor& source, int index,
                                 graph::Graph* graph) {
  const std::string where = Describe(index, source);
  graph::Tensor tensor;
  if (source.name() != nullptr) tensor.name = source.name()->str();
  const std::optional<graph::DataType> type = FromTensorType(source.type());
  if (!type) {
    return Status::Error(fmt::format("{}: type {} is unsupported; supported: {}", where,
                                     TensorTypeName(static_cast<int8_t>(source.type())),
                                     SupportedTypesList()));
  }
  tensor.type = *type;
  if (source.sparsity() != nullptr) {
    return Status::Error(
        fmt::format("{}: sparse tensors are unsupported; supported: dense", where));
  }
  if (source.is_variable()) {
    return Status::Error(fmt::format("{}: variable tensors are unsupported", where));
  }
  EB_RETURN_IF_ERROR(ReadShape(source, tensor.type, where, &tensor.shape));
  EB_RETURN_IF_ERROR(ReadQuantization(source, where, &tensor.quantization));
  EB_RETURN_IF_ERROR(ReadData(model, source, where, &tensor, graph));
  return tensor;
}

}  // namespace

Status ReadTensors(const fb::Model& model, const fb::SubGraph& subgraph, graph::Graph* graph) {
  if (subgraph.tensors() == nullptr) return Status::Ok();
  const auto& tensors = *subgraph.tensors();
  if (tensors.size() > static_cast<uint32_t>(std::numeric_limits<int>::max())) {
    return Status::Error("too many tensors");
  }
  graph->tensors.reserve(tensors.size());
  for (flatbuffers::uoffset_t i = 0; i < tensors.size(); ++i) {
    EB_ASSIGN_OR_RETURN(graph::Tensor tensor,
                        ReadTensor(model, *tensors.Get(i), static_cast<int>(i), graph));
    graph->tensors.push_back(std::move(tensor));
  }
  return Status::Ok();
}

}  // namespace edgebench::tflite::internal
