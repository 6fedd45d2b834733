// The zoo's models against their real twins: same op sequence, options and
// tensor shapes op by op, same anchors and post-processing, same cost; plus
// validity and determinism of the synthetic weights.
#include "zoo/zoo.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "graph/model_stats.h"
#include "runtime/interpreter.h"
#include "support/tflite_oracle.h"
#include "tflite/reader.h"
#include "zoo/architectures.h"
#include "zoo/ssd_anchors.h"
#include "zoo/weights.h"

namespace edgebench::zoo {
namespace {

using graph::DataType;
using graph::Graph;
using graph::OpType;

constexpr uint64_t kSeed = 7;
const std::string kV1 = "ssd_mobilenet_v1_0.75";
const std::string kV2 = "ssd_mobilenet_v2";

std::string RealTwinPath(const std::string& name) {
  const std::string root = EDGEBENCH_SOURCE_DIR;
  if (name == kV1) return root + "/data/models/ssd_mobilenet_v1_0.75_depth_quant_coco.tflite";
  return root + "/cache/models/mobilenet_ssd_v2_coco_quant_postprocess.tflite";
}

// Building runs the float network once (seconds in a debug build): build
// each (model, type) once per process (CTest runs a type's tests in one,
// tests/CMakeLists.txt).
const Graph& Zoo(const std::string& name, DataType dtype) {
  static std::map<std::pair<std::string, DataType>, Graph> cache;
  auto key = std::make_pair(name, dtype);
  auto it = cache.find(key);
  if (it == cache.end()) {
    Result<Graph> graph = BuildZooModel(name, dtype, kSeed);
    EXPECT_TRUE(graph.ok()) << graph.status().message();
    it = cache.emplace(key, graph.ok() ? std::move(graph).value() : Graph{}).first;
  }
  return it->second;
}

// Reads the real twin, or returns nullptr (and the test skips) when the file
// has not been fetched.
const Graph* Real(const std::string& name) {
  static std::map<std::string, Graph> cache;
  auto it = cache.find(name);
  if (it == cache.end()) {
    const std::string path = RealTwinPath(name);
    if (!std::filesystem::exists(path)) return nullptr;
    Result<Graph> graph = tflite::ReadModelFile(path);
    EXPECT_TRUE(graph.ok()) << graph.status().message();
    if (!graph.ok()) return nullptr;
    it = cache.emplace(name, std::move(graph).value()).first;
  }
  return &it->second;
}

#define EB_REAL_OR_SKIP(var, name)                                                            \
  const Graph* var = Real(name);                                                              \
  if (var == nullptr) {                                                                       \
    GTEST_SKIP() << "real twin " << RealTwinPath(name)                                        \
                 << " is absent; run the setup script that fetches it to compare against it"; \
  }

TEST(ZooTest, ListsBothBenchmarkModels) {
  ASSERT_EQ(ZooModels().size(), 2u);
  EXPECT_EQ(ZooModels()[0].name, kV1);
  EXPECT_EQ(ZooModels()[1].name, kV2);
  for (const ZooModel& model : ZooModels()) {
    EXPECT_FALSE(model.description.empty());
    EXPECT_NE(model.real_twin.find(".tflite"), std::string::npos);
  }
}

TEST(ZooTest, RejectsUnknownNameAndType) {
  Result<Graph> unknown = BuildZooModel("resnet50", DataType::kFloat32, kSeed);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("resnet50"), std::string::npos);
  Result<Graph> int8 = BuildZooModel(kV1, DataType::kInt8, kSeed);
  ASSERT_FALSE(int8.ok());
  EXPECT_NE(int8.status().message().find("INT8"), std::string::npos);
}

std::vector<uint8_t> InputBytes(DataType dtype) {
  const std::vector<float> image = SyntheticImage(300, 300, kSeed);
  if (dtype == DataType::kFloat32) {
    std::vector<uint8_t> bytes(image.size() * sizeof(float));
    std::memcpy(bytes.data(), image.data(), bytes.size());
    return bytes;
  }
  std::vector<uint8_t> bytes(image.size());
  for (size_t i = 0; i < image.size(); ++i) {
    bytes[i] = static_cast<uint8_t>(std::lround(image[i] * 128 + 128));
  }
  return bytes;
}

struct Detections {
  std::vector<float> boxes, classes, scores;
  int count = 0;
};

// Our interpreter on the synthetic image.
Result<Detections> RunInterpreter(const Graph& graph) {
  EB_ASSIGN_OR_RETURN(std::unique_ptr<runtime::Interpreter> interpreter,
                      runtime::Interpreter::Create(graph));
  const std::vector<uint8_t> input = InputBytes(graph.tensors[graph.inputs[0]].type);
  std::memcpy(interpreter->input_data(0), input.data(), input.size());
  interpreter->Invoke();
  Detections d;
  for (auto [index, out] : {std::pair{0, &d.boxes}, {1, &d.classes}, {2, &d.scores}}) {
    const std::span<const float> values = interpreter->output<float>(index);
    out->assign(values.begin(), values.end());
  }
  d.count = static_cast<int>(interpreter->output<float>(3)[0]);
  return d;
}

using ModelParam = std::pair<std::string, DataType>;

std::string ParamName(const ::testing::TestParamInfo<ModelParam>& param_info) {
  std::string label = param_info.param.first + "_" + graph::DataTypeName(param_info.param.second);
  for (char& ch : label) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return label;
}

class ZooModelTest : public ::testing::TestWithParam<ModelParam> {
 protected:
  const std::string& name() const { return GetParam().first; }
  DataType dtype() const { return GetParam().second; }
};

TEST_P(ZooModelTest, Validates) {
  const Graph& graph = Zoo(name(), dtype());
  ASSERT_FALSE(graph.ops.empty());
  const Status status = graph.Validate();
  EXPECT_TRUE(status.ok()) << status.message();
  ASSERT_EQ(graph.inputs.size(), 1u);
  EXPECT_EQ(graph.tensors[graph.inputs[0]].type, dtype());
  EXPECT_EQ(graph.tensors[graph.inputs[0]].shape, (graph::Shape{1, 300, 300, 3}));
  EXPECT_EQ(graph.outputs.size(), 4u);
  for (const graph::Tensor& tensor : graph.tensors) {
    if (!tensor.is_constant() || tensor.type != DataType::kFloat32) continue;
    const float* values = reinterpret_cast<const float*>(tensor.data);
    for (int64_t i = 0; i < tensor.num_elements(); ++i) {
      ASSERT_TRUE(std::isfinite(values[i])) << tensor.name << "[" << i << "]";
    }
  }
}

TEST_P(ZooModelTest, SameSeedGivesIdenticalConstantsAndOtherSeedDoesNot) {
  const Graph& first = Zoo(name(), dtype());
  Result<Graph> again = BuildZooModel(name(), dtype(), kSeed);
  ASSERT_TRUE(again.ok()) << again.status().message();
  Result<Graph> other = BuildZooModel(name(), dtype(), kSeed + 1);
  ASSERT_TRUE(other.ok()) << other.status().message();
  ASSERT_EQ(first.tensors.size(), again->tensors.size());
  ASSERT_EQ(first.tensors.size(), other->tensors.size());
  int weights_compared = 0, weights_differing = 0;
  for (size_t i = 0; i < first.tensors.size(); ++i) {
    const graph::Tensor& a = first.tensors[i];
    const graph::Tensor& b = again->tensors[i];
    const graph::Tensor& c = other->tensors[i];
    ASSERT_EQ(a.is_constant(), b.is_constant()) << a.name;
    EXPECT_EQ(a.quantization.scale, b.quantization.scale) << a.name;
    EXPECT_EQ(a.quantization.zero_point, b.quantization.zero_point) << a.name;
    if (!a.is_constant()) continue;
    ASSERT_EQ(a.data_bytes, b.data_bytes) << a.name;
    EXPECT_EQ(std::memcmp(a.data, b.data, a.data_bytes), 0) << a.name;
    if (a.name.ends_with("/weights")) {
      ++weights_compared;
      if (std::memcmp(a.data, c.data, a.data_bytes) != 0) ++weights_differing;
    }
  }
  EXPECT_GT(weights_compared, 30);
  EXPECT_EQ(weights_differing, weights_compared);
}

// The model runs end to end on the synthetic image and its detections are
// well formed: what a benchmark of it exercises.
TEST_P(ZooModelTest, RunsInTheInterpreter) {
  Result<Detections> run = RunInterpreter(Zoo(name(), dtype()));
  ASSERT_TRUE(run.ok()) << run.status().message();
  const auto& options =
      std::get<graph::DetectionPostProcessOptions>(Zoo(name(), dtype()).ops.back().options);
  ASSERT_GE(run->count, 1);
  ASSERT_LE(run->count, options.max_detections);
  for (int i = 0; i < run->count; ++i) {
    EXPECT_GE(run->scores[i], options.nms_score_threshold) << "detection " << i;
    EXPECT_LE(run->scores[i], 1.0f) << "detection " << i;
    EXPECT_GE(run->classes[i], 0.0f) << "detection " << i;
    EXPECT_LT(run->classes[i], static_cast<float>(options.num_classes)) << "detection " << i;
    for (int k = 0; k < 4; ++k) {
      EXPECT_TRUE(std::isfinite(run->boxes[4 * i + k])) << "detection " << i;
    }
  }
}

// Written as .tflite and read back, the model is the same graph; real
// TensorFlow Lite (when the oracle is available) loads and runs the file.
TEST_P(ZooModelTest, WritesATfliteFileThatReadsBackAndRunsInTflite) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("edgebench_zoo_test_" + std::to_string(::getpid()) + ".tflite"))
                               .string();
  const Status written = WriteZooModel(name(), dtype(), kSeed, path);
  ASSERT_TRUE(written.ok()) << written.message();
  Result<Graph> read = tflite::ReadModelFile(path);
  ASSERT_TRUE(read.ok()) << read.status().message();
  const Graph& built = Zoo(name(), dtype());
  ASSERT_EQ(read->ops.size(), built.ops.size());
  for (size_t i = 0; i < built.ops.size(); ++i) {
    const graph::Op& a = built.ops[i];
    const graph::Op& b = read->ops[i];
    ASSERT_EQ(a.type, b.type) << "op " << i;
    ASSERT_EQ(a.inputs.size(), b.inputs.size()) << "op " << i;
    for (size_t k = 0; k < a.inputs.size(); ++k) {
      const graph::Tensor& ta = built.tensors[a.inputs[k]];
      const graph::Tensor& tb = read->tensors[b.inputs[k]];
      EXPECT_EQ(ta.shape, tb.shape) << "op " << i << " input " << k;
      ASSERT_EQ(ta.data_bytes, tb.data_bytes) << "op " << i << " input " << k;
      if (ta.is_constant()) {
        EXPECT_EQ(std::memcmp(ta.data, tb.data, ta.data_bytes), 0) << "op " << i << " input " << k;
      }
    }
  }

  std::string why_not;
  if (!testing::TfliteOracleAvailable(&why_not)) {
    std::filesystem::remove(path);
    GTEST_SKIP() << why_not;
  }
  Result<std::vector<testing::OracleOutput>> oracle =
      testing::RunTfliteOracle(path, InputBytes(dtype()));
  std::filesystem::remove(path);
  ASSERT_TRUE(oracle.ok()) << oracle.status().message();
  ASSERT_EQ(oracle->size(), 4u);
  const std::vector<float> count = (*oracle)[3].AsFloats();
  ASSERT_EQ(count.size(), 1u);
  const auto& options = std::get<graph::DetectionPostProcessOptions>(built.ops.back().options);
  EXPECT_GE(count[0], 1.0f);
  EXPECT_LE(count[0], static_cast<float>(options.max_detections));
  if (dtype() != DataType::kFloat32) return;
  // In float, TensorFlow Lite and the reference kernels agree closely, so
  // the detections must be the same ones.
  Result<Detections> ours = RunInterpreter(built);
  ASSERT_TRUE(ours.ok()) << ours.status().message();
  ASSERT_EQ(ours->count, static_cast<int>(count[0]));
  const std::vector<float> classes = (*oracle)[1].AsFloats();
  const std::vector<float> scores = (*oracle)[2].AsFloats();
  for (int i = 0; i < ours->count; ++i) {
    EXPECT_EQ(ours->classes[i], classes[i]) << "detection " << i;
    EXPECT_NEAR(ours->scores[i], scores[i], 1e-3f) << "detection " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(AllModels, ZooModelTest,
                         ::testing::Values(std::make_pair(kV1, DataType::kFloat32),
                                           std::make_pair(kV1, DataType::kUInt8),
                                           std::make_pair(kV2, DataType::kFloat32),
                                           std::make_pair(kV2, DataType::kUInt8)),
                         ParamName);

// Anchors generated from the published settings equal the tensor stored in
// the real v1 file, dequantized, to within half its quantization step.
TEST(SsdAnchorsTest, EqualTheRealV1AnchorTensor) {
  EB_REAL_OR_SKIP(real, kV1);
  const graph::Op& post = real->ops.back();
  ASSERT_EQ(post.type, OpType::kDetectionPostProcess);
  const graph::Tensor& stored = real->tensors[post.inputs[2]];
  ASSERT_EQ(stored.type, DataType::kUInt8);
  ASSERT_EQ(stored.shape, (graph::Shape{1917, 4}));
  const float scale = stored.quantization.scale[0];
  const int64_t zero_point = stored.quantization.zero_point[0];

  const std::vector<float> anchors = GenerateSsdAnchors(SsdAnchorOptions{});
  ASSERT_EQ(anchors.size(), 1917u * 4);
  for (size_t i = 0; i < anchors.size(); ++i) {
    const float real_value = scale * static_cast<float>(stored.data[i] - zero_point);
    ASSERT_NEAR(anchors[i], real_value, 0.5f * scale + 1e-6f)
        << "anchor " << i / 4 << " coordinate " << i % 4;
  }
}

TEST(SsdAnchorsTest, HandWorkedCorners) {
  const std::vector<float> anchors = GenerateSsdAnchors(SsdAnchorOptions{});
  // First anchor: 19x19 layer, cell (0, 0), box (0.1, aspect 1).
  EXPECT_FLOAT_EQ(anchors[0], 0.5f / 19);
  EXPECT_FLOAT_EQ(anchors[1], 0.5f / 19);
  EXPECT_FLOAT_EQ(anchors[2], 0.1f);
  EXPECT_FLOAT_EQ(anchors[3], 0.1f);
  // Second: scale 0.2, aspect 2: h = 0.2 / sqrt(2), w = 0.2 * sqrt(2).
  EXPECT_FLOAT_EQ(anchors[6], 0.2f / std::sqrt(2.0f));
  EXPECT_FLOAT_EQ(anchors[7], 0.2f * std::sqrt(2.0f));
  // Last: 1x1 layer, scale 0.95, interpolated box sqrt(0.95 * 1.0), aspect 1.
  const size_t last = anchors.size() - 4;
  EXPECT_FLOAT_EQ(anchors[last + 0], 0.5f);
  EXPECT_FLOAT_EQ(anchors[last + 1], 0.5f);
  EXPECT_FLOAT_EQ(anchors[last + 2], std::sqrt(0.95f));
  EXPECT_EQ(AnchorsPerLocation(SsdAnchorOptions{}), (std::vector<int>{3, 6, 6, 6, 6, 6}));
}

// Options that must match between zoo and real, per op type. Fused
// activations are compared only for uint8, where the real files dropped the
// ReLU6s that their output ranges already clamp; the float models keep them.
void ExpectSameOptions(const graph::Op& zoo, const graph::Op& real, bool compare_activation,
                       const std::string& where) {
  if (const auto* z = std::get_if<graph::Conv2DOptions>(&zoo.options)) {
    const auto& r = std::get<graph::Conv2DOptions>(real.options);
    EXPECT_EQ(z->padding, r.padding) << where;
    EXPECT_EQ(z->stride_w, r.stride_w) << where;
    EXPECT_EQ(z->stride_h, r.stride_h) << where;
    EXPECT_EQ(z->dilation_w, r.dilation_w) << where;
    EXPECT_EQ(z->dilation_h, r.dilation_h) << where;
    if (compare_activation) {
      EXPECT_EQ(z->activation, r.activation) << where;
    }
  } else if (const auto* zd = std::get_if<graph::DepthwiseConv2DOptions>(&zoo.options)) {
    const auto& r = std::get<graph::DepthwiseConv2DOptions>(real.options);
    EXPECT_EQ(zd->padding, r.padding) << where;
    EXPECT_EQ(zd->stride_w, r.stride_w) << where;
    EXPECT_EQ(zd->stride_h, r.stride_h) << where;
    EXPECT_EQ(zd->depth_multiplier, r.depth_multiplier) << where;
    if (compare_activation) {
      EXPECT_EQ(zd->activation, r.activation) << where;
    }
  } else if (const auto* zr = std::get_if<graph::ReshapeOptions>(&zoo.options)) {
    EXPECT_EQ(zr->new_shape, std::get<graph::ReshapeOptions>(real.options).new_shape) << where;
  } else if (const auto* zc = std::get_if<graph::ConcatenationOptions>(&zoo.options)) {
    const auto& r = std::get<graph::ConcatenationOptions>(real.options);
    EXPECT_EQ(zc->axis, r.axis) << where;
    EXPECT_EQ(zc->activation, r.activation) << where;
  } else if (const auto* ze = std::get_if<graph::ElementwiseOptions>(&zoo.options)) {
    EXPECT_EQ(ze->activation, std::get<graph::ElementwiseOptions>(real.options).activation)
        << where;
  } else if (const auto* zp = std::get_if<graph::DetectionPostProcessOptions>(&zoo.options)) {
    const auto& r = std::get<graph::DetectionPostProcessOptions>(real.options);
    EXPECT_EQ(zp->max_detections, r.max_detections) << where;
    EXPECT_EQ(zp->max_classes_per_detection, r.max_classes_per_detection) << where;
    EXPECT_EQ(zp->detections_per_class, r.detections_per_class) << where;
    EXPECT_EQ(zp->use_regular_nms, r.use_regular_nms) << where;
    EXPECT_EQ(zp->nms_score_threshold, r.nms_score_threshold) << where;
    EXPECT_EQ(zp->nms_iou_threshold, r.nms_iou_threshold) << where;
    EXPECT_EQ(zp->num_classes, r.num_classes) << where;
    EXPECT_EQ(zp->y_scale, r.y_scale) << where;
    EXPECT_EQ(zp->x_scale, r.x_scale) << where;
    EXPECT_EQ(zp->h_scale, r.h_scale) << where;
    EXPECT_EQ(zp->w_scale, r.w_scale) << where;
  }
}

class RealTwinTest : public ZooModelTest {};

TEST_P(RealTwinTest, SameOpsOptionsAndShapesOpByOp) {
  EB_REAL_OR_SKIP(real, name());
  const Graph& zoo = Zoo(name(), dtype());
  const bool quantized = dtype() == DataType::kUInt8;
  ASSERT_EQ(zoo.ops.size(), real->ops.size());
  for (size_t i = 0; i < zoo.ops.size(); ++i) {
    const graph::Op& z = zoo.ops[i];
    const graph::Op& r = real->ops[i];
    const std::string where = "op " + std::to_string(i) + " (" + graph::OpTypeName(r.type) + ")";
    ASSERT_EQ(z.type, r.type) << where;
    ASSERT_EQ(z.inputs.size(), r.inputs.size()) << where;
    ASSERT_EQ(z.outputs.size(), r.outputs.size()) << where;
    ExpectSameOptions(z, r, quantized, where);
    for (size_t k = 0; k < z.inputs.size(); ++k) {
      const graph::Tensor& zt = zoo.tensors[z.inputs[k]];
      const graph::Tensor& rt = real->tensors[r.inputs[k]];
      EXPECT_EQ(zt.shape, rt.shape) << where << " input " << k;
      EXPECT_EQ(zt.is_constant(), rt.is_constant()) << where << " input " << k;
      if (quantized) {
        EXPECT_EQ(zt.type, rt.type) << where << " input " << k;
      }
    }
    for (size_t k = 0; k < z.outputs.size(); ++k) {
      const graph::Tensor& zt = zoo.tensors[z.outputs[k]];
      const graph::Tensor& rt = real->tensors[r.outputs[k]];
      EXPECT_EQ(zt.shape, rt.shape) << where << " output " << k;
      if (quantized) {
        EXPECT_EQ(zt.type, rt.type) << where << " output " << k;
      }
    }
  }
}

// The quantizations the real files fix regardless of data: the input, the
// sigmoid's output, and [0, 6] on backbone ReLU6 outputs.
TEST_P(RealTwinTest, FixedQuantizationsMatch) {
  if (dtype() != DataType::kUInt8) GTEST_SKIP() << "float model has no quantization";
  EB_REAL_OR_SKIP(real, name());
  const Graph& zoo = Zoo(name(), dtype());
  ASSERT_EQ(zoo.ops.size(), real->ops.size());
  int fixed_ranges = 0;
  for (size_t i = 0; i < zoo.ops.size(); ++i) {
    const graph::Tensor& z = zoo.tensors[zoo.ops[i].outputs[0]];
    const graph::Tensor& r = real->tensors[real->ops[i].outputs[0]];
    if (r.quantization.empty()) continue;
    const float rs = r.quantization.scale[0];
    const int64_t rz = r.quantization.zero_point[0];
    // v2's extra layers were calibrated and merely happened to reach [0, 6].
    if (r.name.find("layer_19_") != std::string::npos) continue;
    const bool fixed =
        zoo.ops[i].type == OpType::kLogistic || (rz == 0 && std::fabs(rs * 255 - 6.0f) < 1e-3f);
    if (!fixed) continue;
    ++fixed_ranges;
    ASSERT_FALSE(z.quantization.empty()) << "op " << i;
    EXPECT_NEAR(z.quantization.scale[0], rs, 1e-4f * rs) << "op " << i << " " << z.name;
    EXPECT_EQ(z.quantization.zero_point[0], rz) << "op " << i << " " << z.name;
  }
  EXPECT_GT(fixed_ranges, 20);
  const graph::Tensor& zi = zoo.tensors[zoo.inputs[0]];
  const graph::Tensor& ri = real->tensors[real->inputs[0]];
  EXPECT_NEAR(zi.quantization.scale[0], ri.quantization.scale[0], 1e-6f);
  EXPECT_EQ(zi.quantization.zero_point[0], ri.quantization.zero_point[0]);
}

TEST_P(RealTwinTest, SameMacsAndParameterCount) {
  EB_REAL_OR_SKIP(real, name());
  const Graph& zoo = Zoo(name(), dtype());
  EXPECT_EQ(graph::TotalMacs(zoo), graph::TotalMacs(*real));
  EXPECT_EQ(graph::CountParameters(zoo).count, graph::CountParameters(*real).count);
}

INSTANTIATE_TEST_SUITE_P(AllModels, RealTwinTest,
                         ::testing::Values(std::make_pair(kV1, DataType::kFloat32),
                                           std::make_pair(kV1, DataType::kUInt8),
                                           std::make_pair(kV2, DataType::kFloat32),
                                           std::make_pair(kV2, DataType::kUInt8)),
                         ParamName);

// The published size of SSD MobileNet v1 0.75: about 728M MACs and 4.1M
// parameters; counted here by hand-written loops, not graph::TotalMacs.
TEST(ZooCostTest, V1CostsWhatThePublishedModelCosts) {
  const Graph& zoo = Zoo(kV1, DataType::kFloat32);
  int64_t macs = 0, params = 0;
  for (const graph::Op& op : zoo.ops) {
    if (op.type != OpType::kConv2D && op.type != OpType::kDepthwiseConv2D) continue;
    const graph::Shape& out = zoo.tensors[op.outputs[0]].shape;
    const graph::Shape& w = zoo.tensors[op.inputs[1]].shape;
    const int64_t per_output =
        op.type == OpType::kConv2D ? int64_t{w[1]} * w[2] * w[3] : int64_t{w[1]} * w[2];
    macs += int64_t{out[1]} * out[2] * out[3] * per_output;
    params += zoo.tensors[op.inputs[1]].num_elements() + zoo.tensors[op.inputs[2]].num_elements();
  }
  EXPECT_NEAR(static_cast<double>(macs), 728e6, 15e6);
  EXPECT_NEAR(static_cast<double>(params), 4.1e6, 0.15e6);
}

// Batch norm folded with measured statistics keeps every layer's calibrated
// output in a sane range: neither dead nor exploding.
TEST(ZooActivationTest, CalibratedRangesStaySane) {
  for (Net (*build)(uint64_t) : {&BuildSsdMobilenetV1Net, &BuildSsdMobilenetV2Net}) {
    const Net net = build(kSeed);
    for (const Layer& layer : net.layers) {
      if (layer.kind != LayerKind::kConv2D && layer.kind != LayerKind::kDepthwiseConv2D &&
          layer.kind != LayerKind::kAdd) {
        continue;
      }
      EXPECT_GT(layer.observed_max - layer.observed_min, 0.5f) << layer.name;
      EXPECT_LT(std::max(-layer.observed_min, layer.observed_max), 200.0f) << layer.name;
    }
  }
}

}  // namespace
}  // namespace edgebench::zoo
