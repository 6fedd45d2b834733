#include "runtimes/armnn/armnn_library.h"

#include <link.h>

#include <armnn/BackendRegistry.hpp>
#include <armnn/Utils.hpp>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <mutex>

namespace edgebench::armnn_plugin {
namespace {

namespace fs = std::filesystem;

// The path the loader opened for the first loaded library whose file name
// starts with `prefix`; empty if none.
std::string LoadedLibraryPath(const std::string& prefix) {
  struct Search {
    const std::string* prefix;
    std::string path;
  } search{&prefix, ""};
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* data) {
        auto* s = static_cast<Search*>(data);
        if (info->dlpi_name == nullptr) return 0;
        const std::string path = info->dlpi_name;
        if (fs::path(path).filename().string().rfind(*s->prefix, 0) != 0) return 0;
        s->path = path;
        return 1;
      },
      &search);
  return search.path;
}

}  // namespace

std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

std::string LoadedLibraryVersion(const std::string& prefix) {
  const std::string path = LoadedLibraryPath(prefix);
  if (path.empty()) return "";
  std::error_code error;
  const fs::path real = fs::canonical(path, error);
  const std::string name = (error ? fs::path(path) : real).filename().string();
  // libarmnn.so.22.0 -> 22.0
  return name.size() > prefix.size() + 1 ? name.substr(prefix.size() + 1) : "";
}

std::string DynamicBackendDir() {
  const char* from_env = std::getenv("EDGEBENCH_ARMNN_BACKEND_DIR");
  if (from_env != nullptr && *from_env != '\0') return from_env;
  // libarmnn.so.22 -> armnn22 beside it.
  const std::string library = LoadedLibraryPath("libarmnn.so");
  const std::string version = LoadedLibraryVersion("libarmnn.so");
  if (library.empty() || version.empty()) return "";
  return (fs::path(library).parent_path() / ("armnn" + version.substr(0, version.find('.'))))
      .string();
}

armnn::IRuntime* SharedRuntime(std::string& error) {
  static std::once_flag once;
  // Never destroyed: plugins are never unloaded, and Arm NN deregisters its
  // dynamic backends when the runtime goes, which at exit would race the
  // library's own static destructors.
  static armnn::IRuntime* runtime = nullptr;
  static std::string failure;
  std::call_once(once, [] {
    // Arm NN logs to stdout by default; a benchmark's output must stay the
    // benchmark's. Errors reach edgebench as exceptions and statuses.
    armnn::ConfigureLogging(false, false, armnn::LogSeverity::Fatal);
    armnn::IRuntime::CreationOptions options;
    options.m_DynamicBackendsPath = DynamicBackendDir();
    try {
      runtime = armnn::IRuntime::CreateRaw(options);
    } catch (const std::exception& e) {
      failure = "Arm NN runtime: " + OneLine(e.what());
    }
  });
  error = failure;
  return runtime;
}

bool BackendRegistered(const char* backend) {
  std::string ignored;
  if (SharedRuntime(ignored) == nullptr) return false;
  return armnn::BackendRegistryInstance().IsBackendRegistered(armnn::BackendId(backend));
}

}  // namespace edgebench::armnn_plugin
