// A stand-in for an ONNX Runtime library too old for edgebench's C API
// version: OrtGetApiBase() works, GetApi() of any newer version returns
// null, as a real old library does. Written without ONNX Runtime's header so
// it builds everywhere; the struct matches OrtApiBase's layout.
#include <cstdint>

namespace {

struct FakeApiBase {
  const void* (*GetApi)(uint32_t version);
  const char* (*GetVersionString)();
};

const void* GetApi(uint32_t /*version*/) { return nullptr; }
const char* GetVersionString() { return "1.10.0"; }

const FakeApiBase kBase = {GetApi, GetVersionString};

}  // namespace

extern "C" __attribute__((visibility("default"))) const FakeApiBase* OrtGetApiBase() {
  return &kBase;
}
