// The armnn runtime plugin (runtimes/plugin_abi.h): Arm NN from Debian
// (20.08) reads the .tflite edgebench hands it with its own TfLite parser,
// optimizes it for one backend and runs it. Backends: CpuAcc (NEON, the Arm
// Compute Library; Debian ships it for arm64 only) where Arm NN's registry
// has it, and CpuRef (Arm NN's plain reference backend, everywhere).
#include <algorithm>
#include <armnn/ArmNN.hpp>
#include <armnnTfLiteParser/ITfLiteParser.hpp>
#include <cstddef>
#include <exception>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "runtimes/armnn/armnn_library.h"
#include "runtimes/plugin_abi.h"

namespace edgebench::armnn_plugin {
namespace {

using plugin::BackendDesc;
using plugin::ElementType;
using plugin::OpenRequest;
using plugin::TensorDesc;

constexpr char kCpuAcc[] = "CpuAcc";
constexpr char kCpuRef[] = "CpuRef";

// Arm NN 20.08 has no setting for CpuAcc's threads (the "NumberOfThreads"
// model option came in a later release): the Compute Library's scheduler
// runs on one thread per core of the machine. CpuRef is single-threaded.
int CpuAccThreads() { return std::max(1, static_cast<int>(std::thread::hardware_concurrency())); }

bool ToElementType(armnn::DataType type, ElementType& out) {
  switch (type) {
    case armnn::DataType::Float32: out = ElementType::kFloat32; return true;
    case armnn::DataType::QAsymmU8: out = ElementType::kUint8; return true;
    case armnn::DataType::QAsymmS8:
    case armnn::DataType::QSymmS8: out = ElementType::kInt8; return true;
    case armnn::DataType::Signed32: out = ElementType::kInt32; return true;
    default: return false;
  }
}

// One bound tensor: its description and the buffer Arm NN reads or writes,
// allocated once when the model is opened. max_align_t words keep the
// buffer aligned for any element type.
struct Bound {
  TensorDesc desc;
  armnn::LayerBindingId binding = 0;
  std::vector<std::max_align_t> storage;
  uint8_t* data() { return reinterpret_cast<uint8_t*>(storage.data()); }
};

class ArmnnModel : public plugin::Model {
 public:
  ArmnnModel(armnn::IRuntime& runtime, armnn::NetworkId id, int threads)
      : runtime_(runtime), id_(id), threads_(threads) {}
  ~ArmnnModel() override {
    try {
      runtime_.UnloadNetwork(id_);
    } catch (const std::exception&) {
      // Nothing to tell from a destructor: the process keeps the memory.
    }
  }
  ArmnnModel(const ArmnnModel&) = delete;
  ArmnnModel& operator=(const ArmnnModel&) = delete;

  // Binds the network's inputs and outputs (parser's order, the file's) to
  // buffers of their own; an error names the first tensor Arm NN gives a
  // type edgebench has not.
  std::string Bind(const armnnTfLiteParser::ITfLiteParser& parser) {
    for (const std::string& name : parser.GetSubgraphInputTensorNames(0)) {
      const armnn::LayerBindingId binding = parser.GetNetworkInputBindingInfo(0, name).first;
      std::string error = Add(name, binding, runtime_.GetInputTensorInfo(id_, binding), inputs_);
      if (!error.empty()) return "input " + error;
    }
    for (const std::string& name : parser.GetSubgraphOutputTensorNames(0)) {
      const armnn::LayerBindingId binding = parser.GetNetworkOutputBindingInfo(0, name).first;
      std::string error = Add(name, binding, runtime_.GetOutputTensorInfo(id_, binding), outputs_);
      if (!error.empty()) return "output " + error;
    }
    for (Bound& b : inputs_) {
      input_tensors_.emplace_back(
          b.binding, armnn::ConstTensor(runtime_.GetInputTensorInfo(id_, b.binding), b.data()));
      input_descs_.push_back(b.desc);
    }
    for (Bound& b : outputs_) {
      output_tensors_.emplace_back(
          b.binding, armnn::Tensor(runtime_.GetOutputTensorInfo(id_, b.binding), b.data()));
      output_descs_.push_back(b.desc);
    }
    return "";
  }

  const std::vector<TensorDesc>& inputs() const override { return input_descs_; }
  const std::vector<TensorDesc>& outputs() const override { return output_descs_; }
  std::span<uint8_t> input_bytes(size_t i) override {
    return {inputs_[i].data(), inputs_[i].desc.byte_size};
  }
  std::span<const uint8_t> output_bytes(size_t i) const override {
    return {reinterpret_cast<const uint8_t*>(outputs_[i].storage.data()),
            outputs_[i].desc.byte_size};
  }

  std::string Invoke() override {
    try {
      if (runtime_.EnqueueWorkload(id_, input_tensors_, output_tensors_) !=
          armnn::Status::Success) {
        return "Arm NN's EnqueueWorkload failed";
      }
    } catch (const std::exception& e) {
      return "Arm NN runtime: " + OneLine(e.what());
    }
    return "";
  }

  int threads() const override { return threads_; }

 private:
  static std::string Add(const std::string& name, armnn::LayerBindingId binding,
                         const armnn::TensorInfo& info, std::vector<Bound>& list) {
    Bound b;
    b.binding = binding;
    b.desc.name = name;
    if (!ToElementType(info.GetDataType(), b.desc.type)) {
      return "\"" + name + "\" has Arm NN type " + armnn::GetDataTypeName(info.GetDataType()) +
             ", which edgebench has no type for";
    }
    for (unsigned int d = 0; d < info.GetNumDimensions(); ++d) {
      b.desc.shape.push_back(info.GetShape()[d]);
    }
    b.desc.byte_size = info.GetNumBytes();
    b.storage.resize((b.desc.byte_size + sizeof(std::max_align_t) - 1) / sizeof(std::max_align_t));
    list.push_back(std::move(b));
    return "";
  }

  armnn::IRuntime& runtime_;
  armnn::NetworkId id_;
  int threads_;
  // Bound before any Invoke and never resized after: the tensors below
  // point into these buffers.
  std::vector<Bound> inputs_, outputs_;
  std::vector<TensorDesc> input_descs_, output_descs_;
  armnn::InputTensors input_tensors_;
  armnn::OutputTensors output_tensors_;
};

// Optimizes `network` for exactly the backend asked for (no fallback to
// another: the record must say what ran) and loads it.
std::unique_ptr<ArmnnModel> Load(armnn::IRuntime& runtime, const armnn::INetwork& network,
                                 const std::string& backend, std::string& error) {
  std::vector<std::string> messages;
  armnn::IOptimizedNetworkPtr optimized = armnn::Optimize(
      network, {armnn::BackendId(backend)}, runtime.GetDeviceSpec(), armnn::OptimizerOptions(),
      armnn::Optional<std::vector<std::string>&>(messages));
  if (!optimized) {
    std::string joined;
    for (const std::string& m : messages) joined += (joined.empty() ? "" : "; ") + OneLine(m);
    error = "Arm NN optimizer refused the model for " + backend + ": " +
            (joined.empty() ? "no network returned" : joined);
    return nullptr;
  }
  armnn::NetworkId id = 0;
  std::string message;
  if (runtime.LoadNetwork(id, std::move(optimized), message) != armnn::Status::Success) {
    error = "Arm NN could not load the network on " + backend + ": " + OneLine(message);
    return nullptr;
  }
  const int threads = backend == kCpuAcc ? CpuAccThreads() : 1;
  return std::make_unique<ArmnnModel>(runtime, id, threads);
}

class ArmnnPlugin : public plugin::Plugin {
 public:
  std::string version() const override { return LoadedLibraryVersion("libarmnn.so"); }

  plugin::ModelFormat format() const override { return plugin::ModelFormat::kTflite; }

  std::vector<BackendDesc> backends() const override {
    std::vector<BackendDesc> list;
    if (BackendRegistered(kCpuAcc)) {
      // The Compute Library, which CpuAcc runs on, is loaded with it.
      const std::string acl = LoadedLibraryVersion("libarm_compute.so");
      list.push_back({kCpuAcc, "Arm NN's NEON backend (the Arm Compute Library)",
                      version() + (acl.empty() ? "" : ", Compute Library " + acl),
                      CpuAccThreads()});
    }
    if (BackendRegistered(kCpuRef)) {
      list.push_back({kCpuRef, "Arm NN's reference backend (plain C++, one thread)", version(), 1});
    }
    return list;
  }

  std::unique_ptr<plugin::Model> Open(const OpenRequest& request, std::string& error) override {
    armnn::IRuntime* runtime = SharedRuntime(error);
    if (runtime == nullptr) return nullptr;
    try {
      armnnTfLiteParser::ITfLiteParserPtr parser = armnnTfLiteParser::ITfLiteParser::Create();
      const std::vector<uint8_t> bytes(request.model.begin(), request.model.end());
      armnn::INetworkPtr network = parser->CreateNetworkFromBinary(bytes);
      if (!network) {
        error = "Arm NN's TfLite parser returned no network";
        return nullptr;
      }
      if (parser->GetSubgraphCount() != 1) {
        error = "Arm NN's TfLite parser found " + std::to_string(parser->GetSubgraphCount()) +
                " subgraphs, expected 1";
        return nullptr;
      }
      std::unique_ptr<ArmnnModel> model = Load(*runtime, *network, request.backend, error);
      if (model == nullptr) return nullptr;
      error = model->Bind(*parser);
      if (!error.empty()) return nullptr;
      return model;
    } catch (const std::exception& e) {
      error = "Arm NN refused the model: " + OneLine(e.what());
      return nullptr;
    }
  }
};

}  // namespace
}  // namespace edgebench::armnn_plugin

extern "C" edgebench::plugin::Plugin* edgebench_runtime_plugin(int abi_version) {
  static edgebench::armnn_plugin::ArmnnPlugin plugin;
  return abi_version == edgebench::plugin::kAbiVersion ? &plugin : nullptr;
}
