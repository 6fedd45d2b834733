// Checks that the TensorFlow Lite oracle runs both real models and reports
// the detection outputs they are documented to have. The engine comparison
// tests build on this once the interpreter runs whole models.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "support/tflite_oracle.h"

namespace edgebench::testing {
namespace {

const std::string kSourceDir = EDGEBENCH_SOURCE_DIR;
const std::string kV1Model =
    kSourceDir + "/data/models/ssd_mobilenet_v1_0.75_depth_quant_coco.tflite";
const std::string kV2Model =
    kSourceDir + "/cache/models/mobilenet_ssd_v2_coco_quant_postprocess.tflite";
constexpr size_t kInputBytes = 300 * 300 * 3;

// A smooth colour ramp: deterministic and image-like enough to excite the net.
std::vector<uint8_t> RampImage() {
  std::vector<uint8_t> pixels(kInputBytes);
  for (int y = 0; y < 300; ++y) {
    for (int x = 0; x < 300; ++x) {
      uint8_t* p = &pixels[(y * 300 + x) * 3];
      p[0] = static_cast<uint8_t>(x * 255 / 299);
      p[1] = static_cast<uint8_t>(y * 255 / 299);
      p[2] = static_cast<uint8_t>((x + y) % 256);
    }
  }
  return pixels;
}

struct ModelCase {
  std::string name;
  std::string path;
  int max_detections;  // from the model's TFLite_Detection_PostProcess options
};

void PrintTo(const ModelCase& model, std::ostream* os) { *os << model.name; }

class OracleSmokeTest : public ::testing::TestWithParam<ModelCase> {
 protected:
  void SetUp() override {
    std::string why_not;
    if (!TfliteOracleAvailable(&why_not)) GTEST_SKIP() << why_not;
    if (!std::filesystem::exists(GetParam().path)) {
      GTEST_SKIP() << GetParam().path << " is missing (run scripts/fetch-models.sh)";
    }
  }
};

TEST_P(OracleSmokeTest, DetectionOutputsHaveDocumentedShapesAndRanges) {
  const ModelCase& model = GetParam();
  const int n = model.max_detections;
  auto outputs = RunTfliteOracle(model.path, RampImage());
  ASSERT_TRUE(outputs.ok()) << outputs.status().message();
  ASSERT_EQ(outputs->size(), 4u);

  const std::vector<std::vector<int>> shapes = {{1, n, 4}, {1, n}, {1, n}, {1}};
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ((*outputs)[i].dtype, "float32") << "output " << i;
    EXPECT_EQ((*outputs)[i].shape, shapes[i]) << "output " << i;
  }
  const std::vector<float> classes = (*outputs)[1].AsFloats();
  const std::vector<float> scores = (*outputs)[2].AsFloats();
  const std::vector<float> count = (*outputs)[3].AsFloats();
  ASSERT_EQ(count.size(), 1u);
  ASSERT_EQ(scores.size(), static_cast<size_t>(n));
  EXPECT_GE(count[0], 0.0f);
  EXPECT_LE(count[0], static_cast<float>(n));
  EXPECT_EQ(count[0], std::floor(count[0]));

  // The valid detections come sorted by score, with 0-based COCO class ids.
  const int valid = static_cast<int>(count[0]);
  for (int i = 0; i < valid; ++i) {
    EXPECT_GE(scores[i], 0.0f) << "detection " << i;
    EXPECT_LE(scores[i], 1.0f) << "detection " << i;
    if (i > 0) {
      EXPECT_LE(scores[i], scores[i - 1]) << "detection " << i;
    }
    EXPECT_GE(classes[i], 0.0f) << "detection " << i;
    EXPECT_LT(classes[i], 91.0f) << "detection " << i;
  }
}

// The v2 model is Google Coral's build, whose post-processing keeps 20
// detections; the benchmark's v1 model keeps 10.
INSTANTIATE_TEST_SUITE_P(RealModels, OracleSmokeTest,
                         ::testing::Values(ModelCase{"v1", kV1Model, 10},
                                           ModelCase{"v2", kV2Model, 20}),
                         [](const auto& test) { return test.param.name; });

TEST(OracleErrorsTest, WrongInputSizeIsAnErrorNamingTheTensor) {
  std::string why_not;
  if (!TfliteOracleAvailable(&why_not)) GTEST_SKIP() << why_not;
  auto outputs = RunTfliteOracle(kV1Model, std::vector<uint8_t>(100, 0));
  ASSERT_FALSE(outputs.ok());
  EXPECT_NE(outputs.status().message().find("normalized_input_image_tensor"), std::string::npos)
      << outputs.status().message();
  EXPECT_NE(outputs.status().message().find("270000"), std::string::npos)
      << outputs.status().message();
}

TEST(OracleErrorsTest, MissingModelIsAnError) {
  std::string why_not;
  if (!TfliteOracleAvailable(&why_not)) GTEST_SKIP() << why_not;
  auto outputs = RunTfliteOracle(kSourceDir + "/no/such/model.tflite", RampImage());
  ASSERT_FALSE(outputs.ok());
  EXPECT_NE(outputs.status().message().find("model.tflite"), std::string::npos)
      << outputs.status().message();
}

}  // namespace
}  // namespace edgebench::testing
