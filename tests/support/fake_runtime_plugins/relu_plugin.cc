// A runtime plugin for the host side's tests (runtimes/plugin_runtime_test):
// it takes a .tflite model of one float32 [1,4] input and output and runs
// ReLU on it, whatever the file holds beyond its identifier.
#include <algorithm>
#include <cstring>

#include "runtimes/plugin_abi.h"

namespace {

using edgebench::plugin::BackendDesc;
using edgebench::plugin::ElementType;
using edgebench::plugin::ModelFormat;
using edgebench::plugin::OpenRequest;
using edgebench::plugin::TensorDesc;

class ReluModel : public edgebench::plugin::Model {
 public:
  explicit ReluModel(int threads) : threads_(threads) {}
  const std::vector<TensorDesc>& inputs() const override { return inputs_; }
  const std::vector<TensorDesc>& outputs() const override { return outputs_; }
  std::span<uint8_t> input_bytes(size_t) override { return {input_, sizeof input_}; }
  std::span<const uint8_t> output_bytes(size_t) const override { return {output_, sizeof output_}; }
  std::string Invoke() override {
    float values[4];
    std::memcpy(values, input_, sizeof values);
    if (values[0] == -99) return "refused input -99";
    for (float& v : values) v = std::max(v, 0.0f);
    std::memcpy(output_, values, sizeof values);
    return "";
  }
  int threads() const override { return threads_; }

 private:
  std::vector<TensorDesc> inputs_{{"in", ElementType::kFloat32, {1, 4}, 16}};
  std::vector<TensorDesc> outputs_{{"out", ElementType::kFloat32, {1, 4}, 16}};
  alignas(4) uint8_t input_[16] = {};
  alignas(4) uint8_t output_[16] = {};
  int threads_;
};

class ReluPlugin : public edgebench::plugin::Plugin {
 public:
  std::string version() const override { return "1.2.3"; }
  ModelFormat format() const override { return ModelFormat::kTflite; }
  std::vector<BackendDesc> backends() const override {
    return {{"plain", "a loop", "1.2.3", 1}, {"other", "the same loop", "1.2.3", 2}};
  }
  std::unique_ptr<edgebench::plugin::Model> Open(const OpenRequest& request,
                                                 std::string& error) override {
    if (request.model.size() < 8 || std::memcmp(request.model.data() + 4, "TFL3", 4) != 0) {
      error = "not a .tflite file";
      return nullptr;
    }
    return std::make_unique<ReluModel>(
        std::min(request.threads, request.backend == "other" ? 2 : 1));
  }
};

}  // namespace

extern "C" edgebench::plugin::Plugin* edgebench_runtime_plugin(int abi_version) {
  static ReluPlugin plugin;
  return abi_version == edgebench::plugin::kAbiVersion ? &plugin : nullptr;
}
