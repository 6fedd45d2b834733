#include "runtimes/onnxruntime/onnxruntime_runtime.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

#include "fileio/regular_file.h"
#include "onnx/onnx_export.h"
#include "runtime/post_processing_split.h"
#include "runtimes/onnxruntime/onnxruntime_library.h"
#include "runtimes/onnxruntime/onnxruntime_profile.h"

namespace edgebench::runtime {
namespace {

// ONNX Runtime's trace takes about 0.7 kB per node and run (70 kB per run
// of SSD MobileNet): this bounds --profile at several thousand runs.
constexpr uint64_t kMaxProfileBytes = uint64_t{1} << 30;

Result<ONNXTensorElementDataType> OrtType(const TensorInfo& t) {
  switch (t.type) {
    case graph::DataType::kFloat32: return ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT;
    case graph::DataType::kUInt8: return ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8;
    case graph::DataType::kInt8: return ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8;
    case graph::DataType::kInt32: return ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32;
    default:
      return Status::Error(fmt::format("onnxruntime: tensor {}: type {} is not supported", t.name,
                                       graph::DataTypeName(t.type)));
  }
}

// One ONNX Runtime session over buffers it owns: inputs and outputs are
// bound once as OrtValues over them, so Invoke allocates nothing of ours.
class OnnxruntimeRuntime : public Runtime {
 public:
  OnnxruntimeRuntime(const OnnxruntimeLibrary& library, int threads)
      : library_(library), api_(*library.api), threads_(threads) {}

  ~OnnxruntimeRuntime() override {
    for (OrtValue* v : input_values_) api_.ReleaseValue(v);
    for (OrtValue* v : output_values_) api_.ReleaseValue(v);
    if (session_ != nullptr) api_.ReleaseSession(session_);
    if (memory_ != nullptr) api_.ReleaseMemoryInfo(memory_);
  }

  Status Open(const graph::Graph& model) {
    EB_ASSIGN_OR_RETURN(exported_, onnx::ExportOnnx(model));
    const onnx::OnnxExport& exported = exported_;
    // The exported outputs are the network's: described (with their
    // quantization) from the network part of the model.
    const SplitModel split = SplitPostProcessing(model);
    profiled_ops_ = DescribeProfiledOps(split.network);
    for (int i : split.network.inputs)
      inputs_.push_back(DescribeTensorInfo(split.network.tensors[i]));
    for (int i : split.network.outputs) {
      outputs_.push_back(DescribeTensorInfo(split.network.tensors[i]));
    }
    if (inputs_.size() != exported.inputs.size() || outputs_.size() != exported.outputs.size()) {
      return Status::Error(
          "onnxruntime: the exported ONNX model's inputs and outputs are not the "
          "network's");
    }
    EB_RETURN_IF_ERROR(CreateSession("", &session_));
    EB_RETURN_IF_ERROR(
        OrtCheck(api_, api_.CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &memory_),
                 "CreateCpuMemoryInfo"));
    EB_RETURN_IF_ERROR(
        Bind(inputs_, exported_.inputs, input_buffers_, input_values_, input_names_));
    EB_RETURN_IF_ERROR(
        Bind(outputs_, exported_.outputs, output_buffers_, output_values_, output_names_));
    return Status::Ok();
  }

  std::string name() const override { return "onnxruntime"; }
  std::string version() const override { return library_.version; }
  std::string backend() const override { return "cpu"; }
  std::string backend_version() const override { return library_.version; }
  int threads() const override { return threads_; }
  bool runs_post_processing() const override { return false; }
  const std::vector<TensorInfo>& inputs() const override { return inputs_; }
  const std::vector<TensorInfo>& outputs() const override { return outputs_; }
  std::span<uint8_t> input_bytes(size_t i) override { return input_buffers_[i]; }
  std::span<const uint8_t> output_bytes(size_t i) const override { return output_buffers_[i]; }

  Status Invoke() override { return RunSession(session_); }

  // ONNX Runtime's own profiler, on a second session of the same model with
  // profiling on (it can only be turned on when a session is created),
  // writing its trace into a temporary folder removed after.
  Result<std::vector<OpTiming>> TimeOps(int64_t runs) override {
    TemporaryFolder folder;
    EB_RETURN_IF_ERROR(folder.Create());
    OrtSession* profiled = nullptr;
    Status status = CreateSession((folder.path() / "profile").string(), &profiled);
    for (int64_t i = 0; status.ok() && i <= runs; ++i) status = RunSession(profiled);
    std::string trace_path;
    if (profiled != nullptr) {
      char* file = nullptr;
      OrtAllocator* allocator = nullptr;
      Status ended = OrtCheck(api_, api_.GetAllocatorWithDefaultOptions(&allocator), "allocator");
      if (ended.ok()) {
        ended = OrtCheck(api_, api_.SessionEndProfiling(profiled, allocator, &file),
                         "SessionEndProfiling");
      }
      if (file != nullptr) {
        trace_path = file;
        const Status freed = OrtCheck(api_, api_.AllocatorFree(allocator, file), "AllocatorFree");
        if (ended.ok()) ended = freed;
      }
      api_.ReleaseSession(profiled);
      if (status.ok()) status = std::move(ended);
    }
    EB_RETURN_IF_ERROR(status);
    EB_ASSIGN_OR_RETURN(const std::string trace,
                        fileio::ReadRegularTextFile(trace_path, kMaxProfileBytes));
    return OpTimingsFromProfile(trace, exported_.node_ops, profiled_ops_);
  }

 private:
  // A fresh folder under the system's temporary one, removed with all it
  // holds when this goes.
  class TemporaryFolder {
   public:
    ~TemporaryFolder() {
      if (path_.empty()) return;
      std::error_code ignored;
      std::filesystem::remove_all(path_, ignored);
    }
    Status Create() {
      std::error_code error;
      std::string pattern =
          (std::filesystem::temp_directory_path(error) / "edgebench-onnxruntime-XXXXXX").string();
      if (error || mkdtemp(pattern.data()) == nullptr) {
        return Status::Error("onnxruntime: cannot create a temporary folder for its profile: " +
                             (error ? error.message() : std::string(std::strerror(errno))));
      }
      path_ = pattern;
      return Status::Ok();
    }
    const std::filesystem::path& path() const { return path_; }

   private:
    std::filesystem::path path_;
  };

  Status RunSession(OrtSession* session) {
    return OrtCheck(
        api_,
        api_.Run(session, nullptr, input_names_.data(), input_values_.data(), input_values_.size(),
                 output_names_.data(), output_names_.size(), output_values_.data()),
        "Run");
  }

  // A session of the exported model; with `profile_prefix`, ONNX Runtime
  // profiles it into a file starting so.
  Status CreateSession(const std::string& profile_prefix, OrtSession** session) {
    const std::string& bytes = exported_.bytes;
    OrtSessionOptions* options = nullptr;
    EB_RETURN_IF_ERROR(OrtCheck(api_, api_.CreateSessionOptions(&options), "CreateSessionOptions"));
    // Threads map to intra-op threads (one op's work split); ops run one
    // after another, as in edgebench's engine.
    Status status = OrtCheck(api_, api_.SetIntraOpNumThreads(options, threads_), "threads");
    if (status.ok()) status = OrtCheck(api_, api_.SetInterOpNumThreads(options, 1), "threads");
    if (status.ok()) {
      status = OrtCheck(api_, api_.SetSessionExecutionMode(options, ORT_SEQUENTIAL), "mode");
    }
    if (status.ok()) {
      status = OrtCheck(api_, api_.SetSessionGraphOptimizationLevel(options, ORT_ENABLE_ALL),
                        "graph optimization");
    }
    if (status.ok() && !profile_prefix.empty()) {
      status = OrtCheck(api_, api_.EnableProfiling(options, profile_prefix.c_str()), "profiling");
    }
    if (status.ok()) {
      status = OrtCheck(
          api_,
          api_.CreateSessionFromArray(library_.env, bytes.data(), bytes.size(), options, session),
          "opening the exported ONNX model");
    }
    api_.ReleaseSessionOptions(options);
    return status;
  }

  // Binds each of `infos` to a buffer, named as the ONNX graph names it
  // (`exported`, in the same order).
  Status Bind(const std::vector<TensorInfo>& infos,
              const std::vector<onnx::OnnxValueInfo>& exported,
              std::vector<std::vector<uint8_t>>& buffers, std::vector<OrtValue*>& values,
              std::vector<const char*>& names) {
    buffers.reserve(infos.size());  // values point into them
    for (size_t i = 0; i < infos.size(); ++i) {
      const TensorInfo& t = infos[i];
      EB_ASSIGN_OR_RETURN(const ONNXTensorElementDataType type, OrtType(t));
      buffers.emplace_back(t.byte_size);
      const std::vector<int64_t> shape(t.shape.begin(), t.shape.end());
      OrtValue* value = nullptr;
      EB_RETURN_IF_ERROR(
          OrtCheck(api_,
                   api_.CreateTensorWithDataAsOrtValue(memory_, buffers.back().data(), t.byte_size,
                                                       shape.data(), shape.size(), type, &value),
                   "tensor " + t.name));
      values.push_back(value);
      names.push_back(exported[i].onnx_name.c_str());
    }
    return Status::Ok();
  }

  const OnnxruntimeLibrary& library_;
  const OrtApi& api_;
  int threads_;
  onnx::OnnxExport exported_;  // kept for the profiling session (TimeOps)
  std::vector<ProfiledOp> profiled_ops_;
  OrtSession* session_ = nullptr;
  OrtMemoryInfo* memory_ = nullptr;
  std::vector<TensorInfo> inputs_, outputs_;
  std::vector<std::vector<uint8_t>> input_buffers_, output_buffers_;
  std::vector<OrtValue*> input_values_, output_values_;
  std::vector<const char*> input_names_, output_names_;
};

// The library, only where the exported model can be made: without ONNX
// export the library is not even loaded.
Result<const OnnxruntimeLibrary*> UsableLibrary() {
  if (!onnx::OnnxExportAvailable()) {
    return Status::Error(
        "onnxruntime: not built: it runs the model exported to ONNX, and this edgebench was built "
        "without "
        "ONNX export (libonnx-dev)");
  }
  return LoadOnnxruntime();
}

}  // namespace

std::string OnnxruntimeUnavailableReason() {
  auto library = UsableLibrary();
  return library.ok() ? "" : library.status().message();
}

std::string OnnxruntimeVersion() {
  auto library = UsableLibrary();
  return library.ok() ? (*library)->version : "";
}

std::vector<BackendInfo> OnnxruntimeBackends() {
  return {{"cpu", "ONNX Runtime's CPU execution provider", OnnxruntimeVersion(),
           std::max(1, static_cast<int>(std::thread::hardware_concurrency()))}};
}

Result<std::unique_ptr<Runtime>> OpenOnnxruntime(const graph::Graph& model,
                                                 const RuntimeOptions& options) {
  if (!onnx::OnnxExportAvailable()) {
    return Status::Error(OnnxruntimeUnavailableReason());
  }
  EB_ASSIGN_OR_RETURN(const OnnxruntimeLibrary* library, LoadOnnxruntime());
  auto runtime = std::make_unique<OnnxruntimeRuntime>(*library, options.threads);
  EB_RETURN_IF_ERROR(runtime->Open(model));
  return std::unique_ptr<Runtime>(std::move(runtime));
}

}  // namespace edgebench::runtime
