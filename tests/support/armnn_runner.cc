#include "support/armnn_runner.h"

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#ifdef EDGEBENCH_HAVE_ARMNN
#include <armnn/ArmNN.hpp>
#include <armnn/Exceptions.hpp>
#include <armnn/LayerVisitorBase.hpp>
#include <armnn/Utils.hpp>
#include <armnnTfLiteParser/ITfLiteParser.hpp>
#endif

namespace edgebench::testing {

#ifndef EDGEBENCH_HAVE_ARMNN

bool ArmnnAvailable(std::string* why_not) {
  if (why_not != nullptr) {
    *why_not =
        "Arm NN was not found when CMake ran (install libarmnn-dev, "
        "libarmnntfliteparser-dev and libarmnn-cpuref-backend22, then re-run CMake)";
  }
  return false;
}

Result<std::vector<ArmnnOutput>> RunWithArmnn(const std::string& tflite_path,
                                              const std::vector<std::vector<uint8_t>>&, ArmnnTaps) {
  return Status::Error(tflite_path + ": Arm NN is not available in this build");
}

#else  // EDGEBENCH_HAVE_ARMNN

namespace {

const char kBackend[] = "CpuRef";

// Debian ships CpuRef as a dynamic backend plugin, not built into
// libarmnn, so the runtime must be told where the plugin lies. The folder
// CMake found can be overridden with EDGEBENCH_ARMNN_BACKEND_DIR.
std::string BackendDir() {
  const char* from_env = std::getenv("EDGEBENCH_ARMNN_BACKEND_DIR");
  if (from_env != nullptr && *from_env != '\0') return from_env;
#ifdef EDGEBENCH_ARMNN_BACKEND_DIR
  return EDGEBENCH_ARMNN_BACKEND_DIR;
#else
  return "";
#endif
}

armnn::IRuntimePtr CreateRuntime() {
  // Arm NN logs to stdout by default; warnings and up are enough in tests.
  armnn::ConfigureLogging(true, false, armnn::LogSeverity::Warning);
  armnn::IRuntime::CreationOptions options;
  options.m_DynamicBackendsPath = BackendDir();
  return armnn::IRuntime::Create(options);
}

bool HasCpuRef(const armnn::IRuntime& runtime) {
  const armnn::BackendIdSet& backends = runtime.GetDeviceSpec().GetSupportedBackends();
  return backends.count(armnn::BackendId(kBackend)) != 0;
}

Result<graph::DataType> ToDataType(armnn::DataType type, const std::string& tensor) {
  switch (type) {
    case armnn::DataType::Float32: return graph::DataType::kFloat32;
    case armnn::DataType::QAsymmU8: return graph::DataType::kUInt8;
    case armnn::DataType::QAsymmS8:
    case armnn::DataType::QSymmS8: return graph::DataType::kInt8;
    case armnn::DataType::Signed32: return graph::DataType::kInt32;
    case armnn::DataType::QSymmS16: return graph::DataType::kInt16;
    case armnn::DataType::Boolean: return graph::DataType::kBool;
    default:
      return Status::Error("output \"" + tensor + "\" has Arm NN type " +
                           armnn::GetDataTypeName(type) + ", which edgebench has no type for");
  }
}

// The stage that refused, for the one-line error.
enum class Stage { kParser, kOptimizer, kRuntime };

const char* StageName(Stage stage) {
  switch (stage) {
    case Stage::kParser: return "Arm NN TfLite parser";
    case Stage::kOptimizer: return "Arm NN optimizer";
    case Stage::kRuntime: return "Arm NN runtime";
  }
  return "Arm NN";
}

// Arm NN messages may span lines (the optimizer lists every layer it could
// not place); the Status stays one line.
std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

Status StageError(const std::string& path, Stage stage, const std::string& message) {
  return Status::Error(path + ": " + StageName(stage) + " refused: " + OneLine(message));
}

struct Bindings {
  std::vector<std::string> names;
  std::vector<armnn::BindingPointInfo> points;
};

Result<armnn::INetworkPtr> Parse(const std::string& path, Bindings* inputs, Bindings* outputs) {
  armnnTfLiteParser::ITfLiteParserPtr parser = armnnTfLiteParser::ITfLiteParser::Create();
  armnn::INetworkPtr network = parser->CreateNetworkFromBinaryFile(path.c_str());
  if (!network) return StageError(path, Stage::kParser, "no network returned");
  if (parser->GetSubgraphCount() != 1) {
    return StageError(path, Stage::kParser,
                      "expected 1 subgraph, found " + std::to_string(parser->GetSubgraphCount()));
  }
  inputs->names = parser->GetSubgraphInputTensorNames(0);
  for (const std::string& name : inputs->names) {
    inputs->points.push_back(parser->GetNetworkInputBindingInfo(0, name));
  }
  outputs->names = parser->GetSubgraphOutputTensorNames(0);
  for (const std::string& name : outputs->names) {
    outputs->points.push_back(parser->GetNetworkOutputBindingInfo(0, name));
  }
  return network;
}

// Finds the network's TFLite_Detection_PostProcess layers.
class PostProcessFinder : public armnn::LayerVisitorBase<armnn::VisitorNoThrowPolicy> {
 public:
  void VisitDetectionPostProcessLayer(const armnn::IConnectableLayer* layer,
                                      const armnn::DetectionPostProcessDescriptor&,
                                      const armnn::ConstTensor&, const char*) override {
    layers.push_back(layer);
  }
  std::vector<const armnn::IConnectableLayer*> layers;
};

// Makes the two inputs of the post-process layer (box encodings, class
// scores) outputs of `network` too, appended to `outputs`. Adding an output
// changes nothing Arm NN computes.
Status TapPostProcessInputs(const std::string& path, armnn::INetwork& network,
                            const Bindings& inputs, Bindings* outputs) {
  PostProcessFinder finder;
  network.Accept(finder);
  if (finder.layers.size() != 1) {
    return StageError(path, Stage::kParser,
                      "expected 1 TFLite_Detection_PostProcess layer, found " +
                          std::to_string(finder.layers.size()));
  }
  // The visitor hands out const layers of this network, which is ours to
  // change.
  auto* post_process = const_cast<armnn::IConnectableLayer*>(finder.layers[0]);
  // Binding ids of their own: one above every id the parser gave out.
  armnn::LayerBindingId id = 0;
  for (const Bindings* b : {&inputs, static_cast<const Bindings*>(outputs)}) {
    for (const armnn::BindingPointInfo& point : b->points) id = std::max(id, point.first);
  }
  for (unsigned int slot = 0; slot < 2; ++slot) {
    armnn::IOutputSlot* source = post_process->GetInputSlot(slot).GetConnection();
    if (source == nullptr) {
      return StageError(path, Stage::kParser,
                        "post-process input " + std::to_string(slot) + " is not connected");
    }
    const std::string name = "post-process input " + std::to_string(slot);
    armnn::IConnectableLayer* tap = network.AddOutputLayer(++id, name.c_str());
    source->Connect(tap->GetInputSlot(0));
    outputs->names.push_back(name);
    outputs->points.emplace_back(id, source->GetTensorInfo());
  }
  return Status::Ok();
}

Result<armnn::NetworkId> OptimizeAndLoad(const std::string& path, const armnn::INetwork& network,
                                         armnn::IRuntime& runtime) {
  std::vector<std::string> messages;
  armnn::IOptimizedNetworkPtr optimized(nullptr, nullptr);
  try {
    optimized = armnn::Optimize(network, {armnn::BackendId(kBackend)}, runtime.GetDeviceSpec(),
                                armnn::OptimizerOptions(),
                                armnn::Optional<std::vector<std::string>&>(messages));
  } catch (const std::exception& e) {
    return StageError(path, Stage::kOptimizer, e.what());
  }
  if (!optimized) {
    std::string joined;
    for (const std::string& m : messages) joined += (joined.empty() ? "" : "; ") + m;
    return StageError(path, Stage::kOptimizer, joined.empty() ? "no network returned" : joined);
  }
  armnn::NetworkId id = 0;
  std::string error;
  try {
    if (runtime.LoadNetwork(id, std::move(optimized), error) != armnn::Status::Success) {
      return StageError(path, Stage::kRuntime, "LoadNetwork failed: " + error);
    }
  } catch (const std::exception& e) {
    return StageError(path, Stage::kRuntime, std::string("LoadNetwork: ") + e.what());
  }
  return id;
}

Result<ArmnnOutput> MakeOutput(const std::string& name, const armnn::TensorInfo& info) {
  ArmnnOutput out;
  out.name = name;
  EB_ASSIGN_OR_RETURN(out.type, ToDataType(info.GetDataType(), name));
  for (unsigned int d = 0; d < info.GetNumDimensions(); ++d) {
    out.shape.push_back(static_cast<int32_t>(info.GetShape()[d]));
  }
  if (info.IsQuantized()) {
    out.scale = info.GetQuantizationScale();
    out.zero_point = info.GetQuantizationOffset();
  }
  out.bytes.assign(info.GetNumBytes(), 0);
  return out;
}

// Binds the inputs and outputs and runs the loaded network once.
Result<std::vector<ArmnnOutput>> Execute(const std::string& path, armnn::IRuntime& runtime,
                                         armnn::NetworkId id, const Bindings& inputs,
                                         const Bindings& outputs,
                                         const std::vector<std::vector<uint8_t>>& input_bytes) {
  if (input_bytes.size() != inputs.points.size()) {
    return Status::Error(path + ": Arm NN sees " + std::to_string(inputs.points.size()) +
                         " inputs, the caller gave " + std::to_string(input_bytes.size()));
  }
  armnn::InputTensors input_tensors;
  for (size_t i = 0; i < inputs.points.size(); ++i) {
    const armnn::LayerBindingId binding = inputs.points[i].first;
    const armnn::TensorInfo info = runtime.GetInputTensorInfo(id, binding);
    if (info.GetNumBytes() != input_bytes[i].size()) {
      return Status::Error(path + ": input " + std::to_string(i) + " \"" + inputs.names[i] +
                           "\" takes " + std::to_string(info.GetNumBytes()) + " bytes, got " +
                           std::to_string(input_bytes[i].size()));
    }
    input_tensors.emplace_back(binding, armnn::ConstTensor(info, input_bytes[i].data()));
  }
  std::vector<ArmnnOutput> results;
  for (size_t i = 0; i < outputs.points.size(); ++i) {
    const armnn::TensorInfo info = runtime.GetOutputTensorInfo(id, outputs.points[i].first);
    EB_ASSIGN_OR_RETURN(ArmnnOutput out, MakeOutput(outputs.names[i], info));
    results.push_back(std::move(out));
  }
  // Bound after every output exists: the vector must not move the bytes.
  armnn::OutputTensors output_tensors;
  for (size_t i = 0; i < outputs.points.size(); ++i) {
    const armnn::LayerBindingId binding = outputs.points[i].first;
    output_tensors.emplace_back(
        binding, armnn::Tensor(runtime.GetOutputTensorInfo(id, binding), results[i].bytes.data()));
  }
  if (runtime.EnqueueWorkload(id, input_tensors, output_tensors) != armnn::Status::Success) {
    return StageError(path, Stage::kRuntime, "EnqueueWorkload failed");
  }
  return results;
}

}  // namespace

bool ArmnnAvailable(std::string* why_not) {
  try {
    armnn::IRuntimePtr runtime = CreateRuntime();
    if (HasCpuRef(*runtime)) return true;
    if (why_not != nullptr) {
      *why_not = "Arm NN has no CpuRef backend (looked for its plugin in \"" + BackendDir() +
                 "\"; install libarmnn-cpuref-backend22 or set EDGEBENCH_ARMNN_BACKEND_DIR)";
    }
  } catch (const std::exception& e) {
    if (why_not != nullptr) *why_not = std::string("Arm NN runtime: ") + OneLine(e.what());
  }
  return false;
}

Result<std::vector<ArmnnOutput>> RunWithArmnn(const std::string& tflite_path,
                                              const std::vector<std::vector<uint8_t>>& input_bytes,
                                              ArmnnTaps taps) {
  Bindings inputs;
  Bindings outputs;
  armnn::INetworkPtr network(nullptr, nullptr);
  try {
    EB_ASSIGN_OR_RETURN(network, Parse(tflite_path, &inputs, &outputs));
    if (taps == ArmnnTaps::kPostProcessInputs) {
      EB_RETURN_IF_ERROR(TapPostProcessInputs(tflite_path, *network, inputs, &outputs));
    }
  } catch (const std::exception& e) {
    return StageError(tflite_path, Stage::kParser, e.what());
  }
  armnn::IRuntimePtr runtime(nullptr, nullptr);
  try {
    runtime = CreateRuntime();
  } catch (const std::exception& e) {
    return StageError(tflite_path, Stage::kRuntime, e.what());
  }
  if (!HasCpuRef(*runtime)) {
    return StageError(tflite_path, Stage::kRuntime,
                      "no CpuRef backend in \"" + BackendDir() + "\"");
  }
  EB_ASSIGN_OR_RETURN(armnn::NetworkId id, OptimizeAndLoad(tflite_path, *network, *runtime));
  try {
    return Execute(tflite_path, *runtime, id, inputs, outputs, input_bytes);
  } catch (const std::exception& e) {
    return StageError(tflite_path, Stage::kRuntime, e.what());
  }
}

#endif  // EDGEBENCH_HAVE_ARMNN

}  // namespace edgebench::testing
