#include "tflite/reader.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

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

std::string ErrnoText() { return std::strerror(errno); }

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
    // new[] of a type with 16-byte alignment gives an aligned copy.
    struct alignas(kBufferAlignment) Block {
      uint8_t bytes[kBufferAlignment];
    };
    std::shared_ptr<Block[]> copy(new Block[(size + sizeof(Block) - 1) / sizeof(Block)]);
    std::memcpy(copy.get(), data, size);
    data = reinterpret_cast<const uint8_t*>(copy.get());
    owner = std::shared_ptr<const void>(copy, copy.get());
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
  Result<graph::Graph> graph = MapModel(*fb::GetModel(data));
  if (!graph.ok()) return graph.status().WithPrefix(prefix);
  graph->storage.insert(graph->storage.begin(), std::move(owner));
  return graph;
}

Result<graph::Graph> ReadModelFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Error(fmt::format("{}: cannot open: {}", path, ErrnoText()));
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const std::string error = ErrnoText();
    ::close(fd);
    return Status::Error(fmt::format("{}: cannot stat: {}", path, error));
  }
  if (!S_ISREG(info.st_mode)) {
    ::close(fd);
    return Status::Error(fmt::format("{}: not a regular file", path));
  }
  const size_t size = static_cast<size_t>(info.st_size);
  if (size == 0) {
    ::close(fd);
    return Status::Error(fmt::format("{}: file is empty", path));
  }
  void* mapping = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  const std::string map_error = ErrnoText();
  ::close(fd);  // the mapping stays valid without the descriptor
  if (mapping == MAP_FAILED) {
    return Status::Error(fmt::format("{}: cannot map {} bytes: {}", path, size, map_error));
  }
  std::shared_ptr<const void> owner(
      mapping, [size](const void* address) { ::munmap(const_cast<void*>(address), size); });
  return ReadModelBuffer(std::move(owner), static_cast<const uint8_t*>(mapping), size, path);
}

}  // namespace edgebench::tflite
