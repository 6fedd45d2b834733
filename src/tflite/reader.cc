#include "tflite/reader.h"

#include <fmt/format.h>

#include <cstring>
#include <memory>
#include <new>
#include <vector>

#include "fileio/regular_file.h"
#include "tflite/reader_internal.h"
#include "tflite/schema_generated.h"

namespace edgebench::tflite {
namespace {

// The only schema version TensorFlow Lite (and this reader) accepts.
constexpr uint32_t kSchemaVersion = 3;
// flatbuffers' own limit; its Verifier asserts below it.
constexpr size_t kMaxModelBytes = FLATBUFFERS_MAX_BUFFER_SIZE - 1;
// Flatbuffer scalars are read with plain loads, so the buffer start must be
// aligned as strictly as its widest scalar (and force_align(16) vectors).
constexpr uintptr_t kBufferAlignment = 16;

// fileio::ReadRegularFile, with running out of memory as an error.
Result<std::vector<uint8_t>> ReadFileBytes(const std::string& path) {
  try {
    return fileio::ReadRegularFile(path, kMaxModelBytes);
  } catch (const std::bad_alloc&) {
    return Status::Error(fmt::format("{}: out of memory reading the model", path));
  }
}

// `size` bytes aligned to kBufferAlignment (new[] of an aligned type).
std::shared_ptr<uint8_t> AlignedBuffer(size_t size) {
  struct alignas(kBufferAlignment) Block {
    uint8_t bytes[kBufferAlignment];
  };
  std::shared_ptr<Block[]> blocks(new Block[(size + sizeof(Block) - 1) / sizeof(Block)]);
  return std::shared_ptr<uint8_t>(blocks, reinterpret_cast<uint8_t*>(blocks.get()));
}

Result<graph::Graph> MapModel(const fb::Model& model) {
  if (model.version() != kSchemaVersion) {
    return Status::Error(fmt::format("schema version {} is unsupported, expected {}",
                                     model.version(), kSchemaVersion));
  }
  if (model.subgraphs() == nullptr || model.subgraphs()->size() == 0) {
    return Status::Error("the model has no subgraph");
  }
  const fb::SubGraph& subgraph = *model.subgraphs()->Get(0);
  graph::Graph graph;
  EB_RETURN_IF_ERROR(internal::ReadTensors(model, subgraph, &graph));
  if (subgraph.operators() != nullptr) {
    for (flatbuffers::uoffset_t i = 0; i < subgraph.operators()->size(); ++i) {
      EB_ASSIGN_OR_RETURN(graph::Op op, internal::ReadOp(model, *subgraph.operators()->Get(i),
                                                         static_cast<int>(i), graph));
      graph.ops.push_back(std::move(op));
    }
  }
  if (subgraph.inputs() != nullptr) {
    graph.inputs.assign(subgraph.inputs()->begin(), subgraph.inputs()->end());
  }
  if (subgraph.outputs() != nullptr) {
    graph.outputs.assign(subgraph.outputs()->begin(), subgraph.outputs()->end());
  }
  EB_RETURN_IF_ERROR(graph.Validate());
  EB_RETURN_IF_ERROR(internal::CheckDataflow(graph));
  return graph;
}

// MapModel with running out of memory (copies of constants, tensor lists
// of a crafted file) as an error.
Result<graph::Graph> MapModelInMemory(const fb::Model& model) {
  try {
    return MapModel(model);
  } catch (const std::bad_alloc&) {
    return Status::Error("out of memory reading the model");
  }
}

}  // namespace

Result<graph::Graph> ReadModelBuffer(std::shared_ptr<const void> owner, const uint8_t* data,
                                     size_t size, const std::string& name_for_errors) {
  const std::string prefix = name_for_errors + ": ";
  if (size == 0 || data == nullptr) return Status::Error(prefix + "file is empty");
  if (size > kMaxModelBytes) {
    return Status::Error(prefix + fmt::format("file has {} bytes, more than the {} a flatbuffer "
                                              "can address",
                                              size, kMaxModelBytes));
  }
  if (reinterpret_cast<uintptr_t>(data) % kBufferAlignment != 0) {
    std::shared_ptr<uint8_t> copy = AlignedBuffer(size);
    std::memcpy(copy.get(), data, size);
    data = copy.get();
    owner = std::move(copy);
  }
  // Root offset and identifier come first; shorter input cannot be a model.
  constexpr size_t kHeaderBytes = 2 * sizeof(flatbuffers::uoffset_t);
  if (size < kHeaderBytes) {
    return Status::Error(prefix + fmt::format("file has only {} bytes, too short for a "
                                              "TensorFlow Lite model",
                                              size));
  }
  if (!fb::ModelBufferHasIdentifier(data)) {
    return Status::Error(prefix + "not a TensorFlow Lite model (file identifier is not TFL3)");
  }
  flatbuffers::Verifier verifier(data, size);
  if (!fb::VerifyModelBuffer(verifier)) {
    return Status::Error(prefix + "corrupt TensorFlow Lite flatbuffer (verification failed)");
  }
  Result<graph::Graph> graph = MapModelInMemory(*fb::GetModel(data));
  if (!graph.ok()) return graph.status().WithPrefix(prefix);
  graph->storage.insert(graph->storage.begin(), std::move(owner));
  return graph;
}

Result<graph::Graph> ReadModelFile(const std::string& path) {
  // Read into memory, not mapped: constants point into these bytes for the
  // Graph's life, and a mapping would let a model file rewritten or
  // truncated during a run change the weights or kill the process with
  // SIGBUS. Models are a few MB to a few tens of MB, read once. A FIFO or a
  // device is refused without blocking (fileio::ReadRegularFile).
  EB_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, ReadFileBytes(path));
  auto file = std::make_shared<std::vector<uint8_t>>(std::move(bytes));
  // The owner points at the bytes themselves, as a builder's buffers do.
  std::shared_ptr<const void> owner(file, file->data());
  return ReadModelBuffer(std::move(owner), file->data(), file->size(), path);
}

}  // namespace edgebench::tflite
