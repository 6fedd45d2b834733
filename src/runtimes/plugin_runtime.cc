#include "runtimes/plugin_runtime.h"

#include <dlfcn.h>
#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <mutex>

#include "fileio/data_places.h"
#include "onnx/onnx_export.h"
#include "runtime/named_list.h"
#include "runtime/post_processing_split.h"
#include "runtimes/plugin_abi.h"
#include "tflite/writer.h"

namespace edgebench::runtime {
namespace {

struct LoadedPlugin {
  plugin::Plugin* plugin = nullptr;
  std::string path;
};

Result<LoadedPlugin> LoadFrom(const std::string& path, const std::string& name) {
  // Never closed: the plugin and the models it opened live as long as the
  // process.
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    return Status::Error(
        fmt::format("{}: cannot load {} (is the runtime's library installed? see "
                    "scripts/setup.sh): {}",
                    name, path, dlerror()));
  }
  using Entry = plugin::Plugin* (*)(int);
  auto entry = reinterpret_cast<Entry>(dlsym(handle, "edgebench_runtime_plugin"));
  if (entry == nullptr) {
    return Status::Error(fmt::format(
        "{}: {} is not an edgebench runtime plugin (no edgebench_runtime_plugin)", name, path));
  }
  plugin::Plugin* loaded = entry(plugin::kAbiVersion);
  if (loaded == nullptr) {
    return Status::Error(fmt::format(
        "{}: {} was built for another edgebench (plugin interface is not version {}): rebuild it",
        name, path, plugin::kAbiVersion));
  }
  return LoadedPlugin{loaded, path};
}

Result<LoadedPlugin> Find(const std::string& name) {
  const std::string file = "libedgebench-runtime-" + name + ".so";
  std::vector<std::string> tried;
  for (const std::string& dir : fileio::PluginDirs()) {
    const std::string path = dir + "/" + file;
    std::error_code error;
    if (std::filesystem::exists(path, error)) return LoadFrom(path, name);
    tried.push_back(path);
  }
  return Status::Error(fmt::format("{}: plugin not built or not installed: looked for {}", name,
                                   fmt::join(tried, ", ")));
}

// Each plugin is looked for and loaded at most once; the outcome is kept.
Result<LoadedPlugin> Load(const std::string& name) {
  static std::mutex mutex;
  static std::map<std::string, Result<LoadedPlugin>> loaded;
  std::lock_guard lock(mutex);
  auto it = loaded.find(name);
  if (it == loaded.end()) it = loaded.emplace(name, Find(name)).first;
  return it->second;
}

graph::DataType GraphType(plugin::ElementType type) {
  switch (type) {
    case plugin::ElementType::kUint8: return graph::DataType::kUInt8;
    case plugin::ElementType::kInt8: return graph::DataType::kInt8;
    case plugin::ElementType::kInt32: return graph::DataType::kInt32;
    case plugin::ElementType::kFloat32: break;
  }
  return graph::DataType::kFloat32;
}

// The runtime's tensors against the model's: a plugin that reorders or
// retypes a tensor would otherwise be read as garbage.
Status CheckTensors(const std::string& name, const char* kind,
                    const std::vector<plugin::TensorDesc>& actual,
                    const std::vector<TensorInfo>& expected) {
  if (actual.size() != expected.size()) {
    return Status::Error(fmt::format("{}: the runtime reports {} {}s, the model has {}", name,
                                     actual.size(), kind, expected.size()));
  }
  for (size_t i = 0; i < actual.size(); ++i) {
    const TensorInfo& want = expected[i];
    const graph::DataType type = GraphType(actual[i].type);
    if (actual[i].byte_size != want.byte_size || type != want.type) {
      return Status::Error(
          fmt::format("{}: {} {} ({}) is {} of {} bytes on the runtime, {} of {} "
                      "bytes in the model",
                      name, kind, i, want.name, graph::DataTypeName(type), actual[i].byte_size,
                      graph::DataTypeName(want.type), want.byte_size));
    }
  }
  return Status::Ok();
}

// What a plugin is handed: the model's bytes in its format, and the graph
// whose inputs and outputs it then has.
struct HandedModel {
  std::vector<uint8_t> bytes;
  graph::Graph graph;
  bool includes_post_processing = false;
};

Result<HandedModel> Hand(plugin::ModelFormat format, const graph::Graph& model, bool network_only) {
  SplitModel split = SplitPostProcessing(model);
  HandedModel handed;
  if (format == plugin::ModelFormat::kOnnx) {
    EB_ASSIGN_OR_RETURN(const onnx::OnnxExport exported, onnx::ExportOnnx(model));
    handed.bytes.assign(exported.bytes.begin(), exported.bytes.end());
    handed.graph = std::move(split.network);
    return handed;
  }
  handed.includes_post_processing = !network_only && split.post_processing.has_value();
  handed.graph = handed.includes_post_processing ? model : std::move(split.network);
  EB_ASSIGN_OR_RETURN(handed.bytes, tflite::WriteModel(handed.graph, "edgebench"));
  return handed;
}

std::vector<TensorInfo> Describe(const graph::Graph& g, const std::vector<int>& indices) {
  std::vector<TensorInfo> infos;
  for (int i : indices) infos.push_back(DescribeTensorInfo(g.tensors[i]));
  return infos;
}

class PluginRuntime : public Runtime {
 public:
  PluginRuntime(std::string name, plugin::Plugin& plugin, BackendInfo backend,
                std::unique_ptr<plugin::Model> model, const HandedModel& handed)
      : name_(std::move(name)),
        plugin_(plugin),
        backend_(std::move(backend)),
        model_(std::move(model)),
        runs_post_processing_(handed.includes_post_processing),
        inputs_(Describe(handed.graph, handed.graph.inputs)),
        outputs_(Describe(handed.graph, handed.graph.outputs)) {}

  Status Check() const {
    EB_RETURN_IF_ERROR(CheckTensors(name_, "input", model_->inputs(), inputs_));
    return CheckTensors(name_, "output", model_->outputs(), outputs_);
  }

  std::string name() const override { return name_; }
  std::string version() const override { return plugin_.version(); }
  std::string backend() const override { return backend_.name; }
  std::string backend_version() const override { return backend_.version; }
  int threads() const override { return model_->threads(); }
  bool runs_post_processing() const override { return runs_post_processing_; }
  const std::vector<TensorInfo>& inputs() const override { return inputs_; }
  const std::vector<TensorInfo>& outputs() const override { return outputs_; }
  std::span<uint8_t> input_bytes(size_t i) override { return model_->input_bytes(i); }
  std::span<const uint8_t> output_bytes(size_t i) const override { return model_->output_bytes(i); }

  Status Invoke() override {
    const std::string error = model_->Invoke();
    return error.empty() ? Status::Ok() : Status::Error(name_ + ": " + error);
  }

  Result<std::vector<OpTiming>> TimeOps(int64_t /*runs*/) override {
    return Status::Error(name_ + ": this runtime does not report per-op timings");
  }

 private:
  std::string name_;
  plugin::Plugin& plugin_;
  BackendInfo backend_;
  std::unique_ptr<plugin::Model> model_;
  bool runs_post_processing_;
  std::vector<TensorInfo> inputs_, outputs_;
};

}  // namespace

std::string PluginUnavailableReason(const std::string& name) {
  auto loaded = Load(name);
  if (!loaded.ok()) return loaded.status().message();
  // E.g. Arm NN without the package of any of its backends.
  if (loaded->plugin->backends().empty()) {
    return fmt::format("{}: {} loads, but the runtime has no backend on this machine", name,
                       loaded->path);
  }
  return "";
}

std::string PluginVersion(const std::string& name) {
  auto loaded = Load(name);
  return loaded.ok() ? loaded->plugin->version() : "";
}

std::vector<BackendInfo> PluginBackends(const std::string& name) {
  auto loaded = Load(name);
  std::vector<BackendInfo> list;
  if (!loaded.ok()) return list;
  for (const plugin::BackendDesc& b : loaded->plugin->backends()) {
    list.push_back({b.name, b.description, b.version, b.max_threads});
  }
  return list;
}

Result<std::unique_ptr<Runtime>> OpenPluginRuntime(const std::string& name,
                                                   const graph::Graph& model,
                                                   const RuntimeOptions& options) {
  EB_ASSIGN_OR_RETURN(const LoadedPlugin loaded, Load(name));
  const std::vector<BackendInfo> backends = PluginBackends(name);
  if (backends.empty()) return Status::Error(name + ": the plugin offers no backend");
  const BackendInfo* backend =
      options.backend.empty() ? &backends.front() : FindNamed(backends, options.backend);
  if (backend == nullptr) {
    return Status::Error(
        fmt::format("{}: no backend '{}' (known: {})", name, options.backend, JoinNames(backends)));
  }
  EB_ASSIGN_OR_RETURN(const HandedModel handed,
                      Hand(loaded.plugin->format(), model, options.network_only));
  std::string error;
  std::unique_ptr<plugin::Model> opened =
      loaded.plugin->Open({handed.bytes, backend->name, options.threads}, error);
  if (opened == nullptr) return Status::Error(fmt::format("{}: {}", name, error));
  auto runtime =
      std::make_unique<PluginRuntime>(name, *loaded.plugin, *backend, std::move(opened), handed);
  EB_RETURN_IF_ERROR(runtime->Check());
  return std::unique_ptr<Runtime>(std::move(runtime));
}

}  // namespace edgebench::runtime
