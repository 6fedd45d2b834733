// The `opencv` runtime: OpenCV's DNN module (Debian's libopencv-dnn) on the
// ONNX export of the network, as a plugin (runtimes/plugin_abi.h) so that
// edgebench itself never links OpenCV. Backend "cpu" is OpenCV's own CPU
// kernels (DNN_BACKEND_OPENCV, DNN_TARGET_CPU), the only backend Debian's
// build offers on a machine without OpenCL.
#include <algorithm>
#include <opencv2/core.hpp>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/dnn.hpp>
#include <string_view>

#include "runtimes/opencv/onnx_for_opencv.h"
#include "runtimes/plugin_abi.h"

namespace edgebench::opencv_plugin {
namespace {

using plugin::BackendDesc;
using plugin::ElementType;
using plugin::ModelFormat;
using plugin::OpenRequest;
using plugin::TensorDesc;

// OpenCV 4.6 imports Clip only with its bounds as attributes (opset 6);
// edgebench exports opset 13, where they are inputs. 4.7 reads both.
constexpr bool kClipBoundsAsAttributes = CV_VERSION_MAJOR == 4 && CV_VERSION_MINOR < 7;

// cv::Exception's what() spans lines, and an import error nests the failing
// layer's whole message with each line prefixed by "> ": one line of its
// text (err) and the function that raised it.
std::string OneLine(const cv::Exception& e) {
  std::string line;
  std::string_view rest = e.err;
  while (!rest.empty()) {
    const size_t end = std::min(rest.find('\n'), rest.size());
    std::string_view part = rest.substr(0, end);
    rest.remove_prefix(std::min(end + 1, rest.size()));
    part.remove_prefix(std::min(part.find_first_not_of("> \t"), part.size()));
    part = part.substr(0, part.find_last_not_of(" \t") + 1);
    if (part.empty()) continue;
    if (!line.empty()) line += ' ';
    line += part;
  }
  return e.func.empty() ? line : line + " (in " + e.func + ")";
}

// OpenCV's element type of an ONNX TensorProto.DataType; -1 when OpenCV's
// DNN has none.
int CvDepth(int32_t onnx_type) {
  switch (onnx_type) {
    case 1: return CV_32F;
    case 2: return CV_8U;
    case 3: return CV_8S;
    case 6: return CV_32S;
    default: return -1;
  }
}

bool ToElementType(int depth, ElementType& type) {
  switch (depth) {
    case CV_32F: type = ElementType::kFloat32; return true;
    case CV_8U: type = ElementType::kUint8; return true;
    case CV_8S: type = ElementType::kInt8; return true;
    case CV_32S: type = ElementType::kInt32; return true;
    default: return false;
  }
}

std::span<uint8_t> BytesOf(const cv::Mat& m) { return {m.data, m.total() * m.elemSize()}; }

class OpencvModel : public plugin::Model {
 public:
  OpencvModel(cv::dnn::Net net, int threads) : net_(std::move(net)), threads_(threads) {}

  // Input buffers from the ONNX graph's inputs (OpenCV 4.6 cannot report
  // them before a forward), then one forward on zeros: OpenCV sets the
  // network up (fuses layers, allocates its blobs) on the first forward,
  // and the outputs are described as it produced them. Empty or why not.
  std::string Prepare(const OnnxForOpencv& onnx) {
    for (const OnnxValue& in : onnx.inputs) {
      const int depth = CvDepth(in.elem_type);
      std::vector<int> dims(in.dims.begin(), in.dims.end());
      ElementType type{};
      if (depth < 0 || !ToElementType(depth, type) ||
          std::any_of(dims.begin(), dims.end(), [](int d) { return d <= 0; })) {
        return "input " + in.name + " has an element type or shape OpenCV cannot take";
      }
      input_mats_.emplace_back(static_cast<int>(dims.size()), dims.data(), depth, cv::Scalar(0));
      inputs_.push_back({in.name, type, in.dims, BytesOf(input_mats_.back()).size()});
    }
    for (const OnnxValue& out : onnx.outputs) output_names_.push_back(out.name);
    if (std::string error = Forward(); !error.empty()) return error;
    for (size_t i = 0; i < output_mats_.size(); ++i) {
      const cv::Mat& m = output_mats_[i];
      TensorDesc desc{output_names_[i],
                      ElementType::kFloat32,
                      {m.size.p, m.size.p + m.dims},
                      BytesOf(m).size()};
      if (!m.isContinuous() || !ToElementType(m.depth(), desc.type)) {
        return "output " + desc.name + " comes back in a layout or type edgebench cannot read";
      }
      outputs_.push_back(std::move(desc));
      output_data_.push_back(m.data);
    }
    return "";
  }

  const std::vector<TensorDesc>& inputs() const override { return inputs_; }
  const std::vector<TensorDesc>& outputs() const override { return outputs_; }
  std::span<uint8_t> input_bytes(size_t i) override { return BytesOf(input_mats_[i]); }
  std::span<const uint8_t> output_bytes(size_t i) const override {
    return BytesOf(output_mats_[i]);
  }
  int threads() const override { return threads_; }

  std::string Invoke() override {
    // Another model opened since may have set OpenCV's (process-wide)
    // thread count to its own.
    if (cv::getNumThreads() != threads_) cv::setNumThreads(threads_);
    if (std::string error = Forward(); !error.empty()) return error;
    for (size_t i = 0; i < output_mats_.size(); ++i) {
      if (output_mats_[i].data != output_data_[i]) {
        return "OpenCV moved output " + outputs_[i].name + " out of its buffer";
      }
    }
    return "";
  }

 private:
  // setInput copies each input into the network; forward copies each
  // requested output (by name, in the graph's order) into output_mats_,
  // whose buffers, once allocated by the first forward, it keeps.
  std::string Forward() {
    try {
      for (size_t i = 0; i < input_mats_.size(); ++i)
        net_.setInput(input_mats_[i], inputs_[i].name);
      net_.forward(output_mats_, output_names_);
      return "";
    } catch (const cv::Exception& e) {
      return "OpenCV failed to run the network: " + OneLine(e);
    } catch (const std::exception& e) {
      return std::string("OpenCV failed to run the network: ") + e.what();
    }
  }

  cv::dnn::Net net_;
  int threads_;
  std::vector<TensorDesc> inputs_, outputs_;
  std::vector<cv::Mat> input_mats_, output_mats_;
  std::vector<cv::String> output_names_;
  std::vector<const uint8_t*> output_data_;
};

class OpencvPlugin : public plugin::Plugin {
 public:
  // OpenCV logs an import failure to stderr as well as throwing it: the
  // thrown error is what edgebench reports, on one line.
  OpencvPlugin() { cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT); }

  std::string version() const override { return cv::getVersionString(); }
  ModelFormat format() const override { return ModelFormat::kOnnx; }
  std::vector<BackendDesc> backends() const override {
    return {{"cpu", "OpenCV's own CPU kernels (DNN_BACKEND_OPENCV, DNN_TARGET_CPU)", version(),
             cv::getNumberOfCPUs()}};
  }

  std::unique_ptr<plugin::Model> Open(const OpenRequest& request, std::string& error) override {
    OnnxForOpencv onnx;
    if (!ReadOnnxForOpencv(request.model, kClipBoundsAsAttributes, onnx, error)) return nullptr;
    cv::dnn::Net net;
    try {
      net = cv::dnn::readNetFromONNX(onnx.bytes.data(), onnx.bytes.size());
      net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
      net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    } catch (const cv::Exception& e) {
      error = onnx.quantized
                  ? "OpenCV " + version() +
                        " cannot run the quantized (QDQ) ONNX export of this model: "
                  : "OpenCV " + version() + " cannot import the ONNX export of this model: ";
      error += OneLine(e);
      return nullptr;
    } catch (const std::exception& e) {
      error = "OpenCV " + version() + " cannot import the ONNX export of this model: " + e.what();
      return nullptr;
    }
    // OpenCV's thread count is one setting for the whole process: the size
    // of the pool of its parallel framework (TBB in Debian's build) that
    // every parallel_for_ of every network shares. 1 runs each layer on
    // the calling thread. More threads than CPUs is refused by TBB (with a
    // warning on stderr), so the count is capped at the CPUs.
    const int threads = std::clamp(request.threads, 1, cv::getNumberOfCPUs());
    cv::setNumThreads(threads);
    auto model = std::make_unique<OpencvModel>(std::move(net), threads);
    error = model->Prepare(onnx);
    if (!error.empty()) return nullptr;
    return model;
  }
};

}  // namespace
}  // namespace edgebench::opencv_plugin

extern "C" edgebench::plugin::Plugin* edgebench_runtime_plugin(int abi_version) {
  static edgebench::opencv_plugin::OpencvPlugin plugin;
  return abi_version == edgebench::plugin::kAbiVersion ? &plugin : nullptr;
}
