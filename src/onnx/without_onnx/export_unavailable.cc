// The ONNX export of a build without ONNX's library (libonnx-dev): CMake
// compiles this file instead of src/onnx/*.cc.
#include "onnx/onnx_export.h"

namespace edgebench::onnx {

bool OnnxExportAvailable() { return false; }

Result<OnnxExport> ExportOnnx(const graph::Graph&) {
  return Status::Error(
      "this edgebench was built without ONNX export (install libonnx-dev and libprotobuf-dev, "
      "see scripts/setup.sh, and rebuild)");
}

}  // namespace edgebench::onnx
