#include "runtimes/onnxruntime/onnxruntime_runtime.h"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "onnx/onnx_export.h"
#include "runtime/post_processing_split.h"
#include "runtimes/onnxruntime/onnxruntime_library.h"

namespace edgebench::runtime {
namespace {

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
    EB_ASSIGN_OR_RETURN(const onnx::OnnxExport exported, onnx::ExportOnnx(model));
    // The exported outputs are the network's: described (with their
    // quantization) from the network part of the model.
    const SplitModel split = SplitPostProcessing(model);
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
    EB_RETURN_IF_ERROR(CreateSession(exported.bytes));
    EB_RETURN_IF_ERROR(
        OrtCheck(api_, api_.CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &memory_),
                 "CreateCpuMemoryInfo"));
    EB_RETURN_IF_ERROR(Bind(inputs_, input_buffers_, input_values_, input_names_));
    EB_RETURN_IF_ERROR(Bind(outputs_, output_buffers_, output_values_, output_names_));
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

  Status Invoke() override {
    return OrtCheck(
        api_,
        api_.Run(session_, nullptr, input_names_.data(), input_values_.data(), input_values_.size(),
                 output_names_.data(), output_names_.size(), output_values_.data()),
        "Run");
  }

  Result<std::vector<OpTiming>> TimeOps(int64_t /*runs*/) override {
    return Status::Error("onnxruntime: per-op timings are not implemented for this runtime yet");
  }

 private:
  Status CreateSession(const std::string& bytes) {
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
    if (status.ok()) {
      status = OrtCheck(
          api_,
          api_.CreateSessionFromArray(library_.env, bytes.data(), bytes.size(), options, &session_),
          "opening the exported ONNX model");
    }
    api_.ReleaseSessionOptions(options);
    return status;
  }

  Status Bind(const std::vector<TensorInfo>& infos, std::vector<std::vector<uint8_t>>& buffers,
              std::vector<OrtValue*>& values, std::vector<const char*>& names) {
    buffers.reserve(infos.size());  // names and values point into them
    for (const TensorInfo& t : infos) {
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
      names.push_back(t.name.c_str());
    }
    return Status::Ok();
  }

  const OnnxruntimeLibrary& library_;
  const OrtApi& api_;
  int threads_;
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
        "not built: it runs the model exported to ONNX, and this edgebench was built without "
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
    return Status::Error("onnxruntime: " + OnnxruntimeUnavailableReason());
  }
  EB_ASSIGN_OR_RETURN(const OnnxruntimeLibrary* library, LoadOnnxruntime());
  auto runtime = std::make_unique<OnnxruntimeRuntime>(*library, options.threads);
  EB_RETURN_IF_ERROR(runtime->Open(model));
  return std::unique_ptr<Runtime>(std::move(runtime));
}

}  // namespace edgebench::runtime
