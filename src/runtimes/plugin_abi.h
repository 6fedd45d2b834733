// The interface between edgebench and a runtime built as a plugin: a shared
// library (lib/edgebench/libedgebench-runtime-NAME.so) that edgebench loads
// with dlopen when the runtime is asked for. A runtime whose library is a
// C++ API (OpenCV DNN, Arm NN) is wrapped this way so that edgebench itself
// never links it: without the runtime's library the plugin fails to load and
// the registry says why, while the rest of edgebench runs (and its .deb does
// not depend on the runtime).
//
// Plugins are built in the same tree with the same compiler as edgebench, so
// the interface is plain C++ with standard types; kAbiVersion guards against
// a plugin left over from another build. This header may include nothing of
// edgebench: a plugin links none of its libraries. The host side is
// runtimes/plugin_runtime.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace edgebench::plugin {

// Bump on any change to this file.
inline constexpr int kAbiVersion = 1;

// What a plugin reads: the model as edgebench hands it over.
enum class ModelFormat {
  kTflite,  // a .tflite flatbuffer written by edgebench's writer
  kOnnx,    // an ONNX ModelProto exported by src/onnx
};

enum class ElementType { kFloat32, kUint8, kInt8, kInt32 };

struct TensorDesc {
  std::string name;
  ElementType type = ElementType::kFloat32;
  std::vector<int64_t> shape;
  size_t byte_size = 0;
};

struct BackendDesc {
  std::string name;         // as --backend takes it
  std::string description;  // one line
  std::string version;
  int max_threads = 1;
};

struct OpenRequest {
  std::span<const uint8_t> model;  // in the plugin's format(); valid during Open only
  std::string backend;             // one of backends(); never empty
  int threads = 1;
};

// One opened model. Inputs and outputs are in the model's order.
class Model {
 public:
  virtual ~Model() = default;
  virtual const std::vector<TensorDesc>& inputs() const = 0;
  virtual const std::vector<TensorDesc>& outputs() const = 0;
  virtual std::span<uint8_t> input_bytes(size_t i) = 0;
  virtual std::span<const uint8_t> output_bytes(size_t i) const = 0;
  // Empty when the run succeeded, else one line saying why.
  virtual std::string Invoke() = 0;
  virtual int threads() const = 0;  // actually used
};

class Plugin {
 public:
  virtual ~Plugin() = default;
  // Of the runtime's library, asked of it at run time ("4.6.0").
  virtual std::string version() const = 0;
  virtual ModelFormat format() const = 0;
  // The first is the default. May depend on the machine (Arm NN's CpuAcc
  // exists on arm only).
  virtual std::vector<BackendDesc> backends() const = 0;
  // Null with `error` set to one line when the runtime refuses the model.
  virtual std::unique_ptr<Model> Open(const OpenRequest& request, std::string& error) = 0;
};

}  // namespace edgebench::plugin

// Every plugin defines this: the plugin, or null when it was built for
// another kAbiVersion than `abi_version`. Called once; the plugin owns the
// object for the life of the process.
extern "C" edgebench::plugin::Plugin* edgebench_runtime_plugin(int abi_version);
