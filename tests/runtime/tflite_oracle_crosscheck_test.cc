// edgebench's reference interpreter against real TensorFlow Lite (its
// WebAssembly build, tests/support/tflite_oracle.h) on the same input tensor:
// the two real models and every zoo model, on the original photo.
//
// The oracle runs CONV_2D, DEPTHWISE_CONV_2D and LOGISTIC of quantized models
// with XNNPACK, which requantizes with one rounding; TFLite's reference
// kernels (and these) round twice (Q31 multiply, then a rounding shift), so an
// op fed the same input differs by at most one quantization step in a few
// percent of its elements (OneOpDiffersByAtMostOneStep). Over the ~30 layers
// of a detector those steps add up: measured on the photo, the real models'
// raw outputs differ by 0.01-0.62 steps on average and 21 steps at most, and
// their detections keep class, order and score, with box edges within 0.03.
// The zoo's uint8 twins have random weights that amplify a rounding step
// about 1.5x per layer, so whole-model outputs of those are not comparable;
// they are checked op by op instead, and their float twins whole.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>

#include "detect/detections.h"
#include "image/decode.h"
#include "image/tensor_input.h"
#include "runtime/interpreter.h"
#include "support/tflite_oracle.h"
#include "tflite/reader.h"
#include "tflite/writer.h"
#include "zoo/zoo.h"

namespace edgebench {
namespace {

const std::string kRoot = EDGEBENCH_SOURCE_DIR;
const std::string kPhoto = kRoot + "/data/images/fruit.jpg";
const std::string kRealV1 = kRoot + "/data/models/ssd_mobilenet_v1_0.75_depth_quant_coco.tflite";
const std::string kRealV2 = kRoot + "/cache/models/mobilenet_ssd_v2_coco_quant_postprocess.tflite";

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          fmt::format("edgebench_oracle_{}_{}", ::getpid(), name))
      .string();
}

std::vector<uint8_t> PhotoTensor(const graph::Tensor& input) {
  auto photo = image::LoadImageResized(kPhoto, input.shape[2], input.shape[1]);
  EXPECT_TRUE(photo.ok()) << photo.status().message();
  auto bytes = image::ImageToInputTensor(*photo, input);
  EXPECT_TRUE(bytes.ok()) << bytes.status().message();
  return *bytes;
}

// Runs `graph` on `input` with the reference interpreter; raw output bytes.
std::vector<std::vector<uint8_t>> RunOurs(graph::Graph graph, const std::vector<uint8_t>& input) {
  auto interpreter = runtime::Interpreter::Create(std::move(graph));
  EXPECT_TRUE(interpreter.ok()) << interpreter.status().message();
  if (!interpreter.ok()) return {};
  std::memcpy((*interpreter)->input_data(0), input.data(), input.size());
  (*interpreter)->Invoke();
  std::vector<std::vector<uint8_t>> outputs;
  for (size_t i = 0; i < (*interpreter)->output_count(); ++i) {
    const uint8_t* data = (*interpreter)->output_data(i);
    outputs.emplace_back(data, data + (*interpreter)->output_tensor(i).byte_size());
  }
  return outputs;
}

// The graph cut before its post-processing op: outputs are the raw box
// encodings and class scores.
graph::Graph RawHead(graph::Graph graph) {
  const graph::Op post = graph.ops.back();
  graph.ops.pop_back();
  graph.outputs = {post.inputs[0], post.inputs[1]};
  return graph;
}

struct Difference {
  double max_abs = 0;
  double mean_abs = 0;
  double share_different = 0;
};

Difference Compare(const std::vector<uint8_t>& ours, const std::vector<uint8_t>& theirs,
                   graph::DataType type) {
  Difference d;
  size_t different = 0, count = 0;
  if (type == graph::DataType::kFloat32) {
    count = ours.size() / 4;
    for (size_t i = 0; i < count; ++i) {
      float a, b;
      std::memcpy(&a, &ours[4 * i], 4);
      std::memcpy(&b, &theirs[4 * i], 4);
      const double diff = std::abs(double(a) - double(b)) / std::max(1.0, std::abs(double(b)));
      d.max_abs = std::max(d.max_abs, diff);
      d.mean_abs += diff;
      different += diff > 0;
    }
  } else {
    count = ours.size();
    for (size_t i = 0; i < count; ++i) {
      const double diff = std::abs(int(ours[i]) - int(theirs[i]));
      d.max_abs = std::max(d.max_abs, diff);
      d.mean_abs += diff;
      different += diff > 0;
    }
  }
  d.mean_abs = count ? d.mean_abs / double(count) : 0;
  d.share_different = count ? double(different) / double(count) : 0;
  return d;
}

struct Case {
  std::string name;
  std::string path;  // empty: a zoo model, written on the fly
  std::string zoo_name;
  graph::DataType zoo_type = graph::DataType::kUInt8;
};

std::vector<Case> Cases() {
  std::vector<Case> cases = {{"real_v1", kRealV1, "", {}}, {"real_v2", kRealV2, "", {}}};
  for (const zoo::ZooModel& model : zoo::ZooModels()) {
    std::string name = "zoo_" + model.name + "_float32";
    for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    cases.push_back({name, "", model.name, graph::DataType::kFloat32});
  }
  return cases;
}

class OracleCrossCheck : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    std::string why;
    if (!testing::TfliteOracleAvailable(&why)) GTEST_SKIP() << why;
    const Case& c = GetParam();
    path_ = c.path;
    if (path_.empty()) {
      path_ = TempPath(c.name + ".tflite");
      ASSERT_TRUE(zoo::WriteZooModel(c.zoo_name, c.zoo_type, 1, path_).ok());
      owned_ = true;
    }
    if (!std::filesystem::exists(path_)) GTEST_SKIP() << path_ << " missing: run scripts/setup.sh";
    auto graph = tflite::ReadModelFile(path_);
    ASSERT_TRUE(graph.ok()) << graph.status().message();
    graph_ = std::move(graph).value();
    input_ = PhotoTensor(graph_.tensors[graph_.inputs[0]]);
  }
  void TearDown() override {
    if (owned_) std::filesystem::remove(path_);
  }

  std::string path_;
  bool owned_ = false;
  graph::Graph graph_;
  std::vector<uint8_t> input_;
};

TEST_P(OracleCrossCheck, RawOutputsAgree) {
  const graph::Graph head = RawHead(graph_);
  const std::string head_path = TempPath(GetParam().name + "_head.tflite");
  ASSERT_TRUE(tflite::WriteModelFile(head, head_path, "raw head").ok());
  auto theirs = testing::RunTfliteOracle(head_path, input_);
  std::filesystem::remove(head_path);
  ASSERT_TRUE(theirs.ok()) << theirs.status().message();
  const auto ours = RunOurs(head, input_);
  ASSERT_EQ(ours.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const graph::DataType type = head.tensors[head.outputs[i]].type;
    const Difference d = Compare(ours[i], (*theirs)[i].bytes, type);
    RecordProperty(fmt::format("output{}_max_diff", i), fmt::format("{:g}", d.max_abs));
    std::printf("%s raw output %zu: max difference %g, mean %g, %.2f%% of elements differ\n",
                GetParam().name.c_str(), i, d.max_abs, d.mean_abs, 100 * d.share_different);
    if (type == graph::DataType::kFloat32) {
      EXPECT_LE(d.max_abs, 1e-3) << "output " << i;  // relative; summation order differs
    } else {
      EXPECT_LE(d.mean_abs, 1.0) << "output " << i;  // accumulated rounding steps, see the top
      EXPECT_LE(d.max_abs, 24) << "output " << i;
    }
  }
}

TEST_P(OracleCrossCheck, DetectionsAgree) {
  auto theirs = testing::RunTfliteOracle(path_, input_);
  ASSERT_TRUE(theirs.ok()) << theirs.status().message();
  auto interpreter = runtime::Interpreter::Create(graph_);
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().message();
  std::memcpy((*interpreter)->input_data(0), input_.data(), input_.size());
  (*interpreter)->Invoke();
  auto ours = detect::ReadDetections(**interpreter);
  ASSERT_TRUE(ours.ok()) << ours.status().message();
  const auto boxes = (*theirs)[0].AsFloats();
  const auto classes = (*theirs)[1].AsFloats();
  const auto scores = (*theirs)[2].AsFloats();
  const int count = static_cast<int>((*theirs)[3].AsFloats()[0]);
  // A quantized score step is 1/256; accumulated steps may reorder the tail
  // of near-equal scores, so the strong detections are compared one by one.
  const double tolerance =
      GetParam().zoo_type == graph::DataType::kFloat32 && !GetParam().zoo_name.empty() ? 1e-3
                                                                                       : 4.0 / 256;
  int compared = 0;
  for (int i = 0; i < count && i < static_cast<int>(ours->size()); ++i) {
    if (scores[i] < 0.5f) break;
    const detect::Detection& d = (*ours)[i];
    EXPECT_EQ(d.class_index, static_cast<int>(classes[i])) << "detection " << i;
    EXPECT_NEAR(d.score, scores[i], tolerance) << "detection " << i;
    EXPECT_NEAR(d.box.ymin, boxes[4 * i], 0.03) << "detection " << i;
    EXPECT_NEAR(d.box.xmin, boxes[4 * i + 1], 0.03) << "detection " << i;
    EXPECT_NEAR(d.box.ymax, boxes[4 * i + 2], 0.03) << "detection " << i;
    EXPECT_NEAR(d.box.xmax, boxes[4 * i + 3], 0.03) << "detection " << i;
    std::printf("%s detection %d: class %d score %.4f (TFLite %.4f)\n", GetParam().name.c_str(), i,
                d.class_index, d.score, scores[i]);
    ++compared;
  }
  if (GetParam().zoo_name.empty()) {
    // The real models on the original photo: apple (52) first, banana (51)
    // second, as TensorFlow Lite finds them.
    ASSERT_GE(ours->size(), 2u);
    EXPECT_EQ((*ours)[0].class_index, 52);
    EXPECT_EQ((*ours)[1].class_index, 51);
    EXPECT_GE(compared, 2);
  }
}

INSTANTIATE_TEST_SUITE_P(Models, OracleCrossCheck, ::testing::ValuesIn(Cases()),
                         [](const auto& test_info) { return test_info.param.name; });

// One uint8 op fed the same input in both: at most one step apart. Run on
// the real v1 model and on both zoo uint8 models.
class OracleOneOp : public ::testing::TestWithParam<std::string> {};

TEST_P(OracleOneOp, OneOpDiffersByAtMostOneStep) {
  std::string why;
  if (!testing::TfliteOracleAvailable(&why)) GTEST_SKIP() << why;
  Result<graph::Graph> model = GetParam() == "real_v1"
                                   ? tflite::ReadModelFile(kRealV1)
                                   : zoo::BuildZooModel(GetParam(), graph::DataType::kUInt8, 1);
  ASSERT_TRUE(model.ok()) << model.status().message();
  const std::vector<uint8_t> photo = PhotoTensor(model->tensors[model->inputs[0]]);
  // Ops 0..2: 3x3 stride-2 conv, depthwise 3x3, 1x1 conv.
  for (int op = 0; op <= 2; ++op) {
    graph::Graph before = *model;
    before.ops.resize(op);
    std::vector<uint8_t> input = photo;
    if (op > 0) {
      before.outputs = {before.ops.back().outputs[0]};
      input = RunOurs(before, photo).at(0);
    }
    graph::Graph single = *model;
    single.ops = {model->ops[op]};
    single.inputs = {model->ops[op].inputs[0]};
    single.outputs = {model->ops[op].outputs[0]};
    const std::string path = TempPath(fmt::format("op{}.tflite", op));
    ASSERT_TRUE(tflite::WriteModelFile(single, path, "one op").ok());
    auto theirs = testing::RunTfliteOracle(path, input);
    std::filesystem::remove(path);
    ASSERT_TRUE(theirs.ok()) << theirs.status().message();
    const Difference d =
        Compare(RunOurs(single, input).at(0), (*theirs)[0].bytes, graph::DataType::kUInt8);
    std::printf("%s op %d alone: max difference %g, %.2f%% of elements differ\n",
                GetParam().c_str(), op, d.max_abs, 100 * d.share_different);
    EXPECT_LE(d.max_abs, 1) << "op " << op;
  }
}

std::vector<std::string> OneOpModels() {
  std::vector<std::string> names = {"real_v1"};
  for (const zoo::ZooModel& model : zoo::ZooModels()) names.push_back(model.name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(Models, OracleOneOp, ::testing::ValuesIn(OneOpModels()),
                         [](const auto& test_info) {
                           std::string name = test_info.param;
                           for (char& c : name)
                             c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

}  // namespace
}  // namespace edgebench
