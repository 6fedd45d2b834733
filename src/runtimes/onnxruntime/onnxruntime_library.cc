#include "runtimes/onnxruntime/onnxruntime_library.h"

#include <dlfcn.h>
#include <fmt/format.h>

#include <cstdlib>
#include <map>
#include <mutex>

#include "fileio/data_places.h"
#include "runtimes/onnxruntime/onnxruntime_runtime.h"  // UseOnnxruntimeLibrary

// ONNX Runtime itself leaks a few bytes it allocates once (14 in 1.30.0,
// inside the library): LeakSanitizer, in the sanitizer build, is told to
// ignore allocations made by the library, not edgebench's own, and not to
// list that on stderr, where a command's output must stay one error line.
extern "C" const char* __lsan_default_suppressions() { return "leak:libonnxruntime.so"; }
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }

namespace edgebench::runtime {
namespace {

#if defined(__x86_64__)
constexpr char kCachedLibrary[] = "onnxruntime/lib/linux-x64/libonnxruntime.so.1";
#elif defined(__aarch64__)
constexpr char kCachedLibrary[] = "onnxruntime/lib/linux-arm64/libonnxruntime.so.1";
#else
constexpr char kCachedLibrary[] = "";
#endif

std::mutex& LibraryMutex() {
  static std::mutex mutex;
  return mutex;
}

std::string& ChosenPath() {
  static std::string path;
  return path;
}

// The path to load, and how it was chosen (for messages).
Result<std::pair<std::string, std::string>> LibraryPath() {
  if (!ChosenPath().empty()) return std::pair{ChosenPath(), std::string("--onnxruntime-lib")};
  if (const char* env = std::getenv("EDGEBENCH_ONNXRUNTIME_LIB"); env != nullptr && *env != 0) {
    return std::pair{std::string(env), std::string("EDGEBENCH_ONNXRUNTIME_LIB")};
  }
  if (kCachedLibrary[0] == 0) {
    return Status::Error(
        "no ONNX Runtime library for this architecture in the cache: give --onnxruntime-lib");
  }
  auto found = fileio::FindIn(fileio::CacheRoots(), kCachedLibrary,
                              "ONNX Runtime (see scripts/setup.sh, or give --onnxruntime-lib)");
  if (!found.ok()) return found.status();
  return std::pair{*found, std::string("the cache")};
}

Result<OnnxruntimeLibrary> Open(const std::string& path, const std::string& source) {
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    return Status::Error(
        fmt::format("onnxruntime: cannot load {} (from {}): {}", path, source, dlerror()));
  }
  using GetApiBase = const OrtApiBase* (*)();
  auto get_api_base = reinterpret_cast<GetApiBase>(dlsym(handle, "OrtGetApiBase"));
  if (get_api_base == nullptr) {
    return Status::Error(
        fmt::format("onnxruntime: {} has no OrtGetApiBase: not an ONNX Runtime library", path));
  }
  const OrtApiBase* base = get_api_base();
  OnnxruntimeLibrary library;
  library.path = path;
  library.version = base->GetVersionString();
  library.api = base->GetApi(ORT_API_VERSION);
  if (library.api == nullptr) {
    return Status::Error(
        fmt::format("onnxruntime: {} is ONNX Runtime {}, too old: edgebench needs C API version {} "
                    "(ONNX Runtime 1.{} or newer)",
                    path, library.version, ORT_API_VERSION, ORT_API_VERSION));
  }
  EB_RETURN_IF_ERROR(OrtCheck(
      *library.api, library.api->CreateEnv(ORT_LOGGING_LEVEL_WARNING, "edgebench", &library.env),
      "CreateEnv"));
  return library;
}

}  // namespace

Status OrtCheck(const OrtApi& api, OrtStatus* status, const std::string& what) {
  if (status == nullptr) return Status::Ok();
  std::string message = fmt::format("onnxruntime: {}: {}", what, api.GetErrorMessage(status));
  api.ReleaseStatus(status);
  for (char& c : message) {
    if (c == '\n') c = ' ';  // one line
  }
  return Status::Error(message);
}

Result<const OnnxruntimeLibrary*> LoadOnnxruntime() {
  std::lock_guard lock(LibraryMutex());
  auto path = LibraryPath();
  if (!path.ok()) return Status::Error("onnxruntime: " + path.status().message());
  // Each path is loaded at most once; its outcome is remembered.
  static std::map<std::string, Result<OnnxruntimeLibrary>> loaded;
  auto it = loaded.find(path->first);
  if (it == loaded.end()) it = loaded.emplace(path->first, Open(path->first, path->second)).first;
  if (!it->second.ok()) return it->second.status();
  return &*it->second;
}

void UseOnnxruntimeLibrary(const std::string& path) {
  std::lock_guard lock(LibraryMutex());
  ChosenPath() = path;
}

}  // namespace edgebench::runtime
