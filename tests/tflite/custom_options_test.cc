// The FlexBuffer options of TFLite_Detection_PostProcess.
#include "tflite/custom_options.h"

#include <flatbuffers/flexbuffers.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace edgebench::tflite {
namespace {

using ::testing::HasSubstr;

// A map like the converter writes, built key by key so tests can drop or
// change one.
std::vector<uint8_t> Map(const std::string& skip = "", const std::string& bad_key = "") {
  flexbuffers::Builder b;
  b.Map([&] {
    auto add_int = [&](const char* key, int value) {
      if (key == skip) return;
      if (key == bad_key) {
        b.String(key, "ten");
      } else {
        b.Int(key, value);
      }
    };
    auto add_float = [&](const char* key, float value) {
      if (key == skip) return;
      if (key == bad_key) {
        b.String(key, "ten");
      } else {
        b.Float(key, value);
      }
    };
    add_int("max_detections", 10);
    add_int("max_classes_per_detection", 1);
    add_int("num_classes", 90);
    add_float("nms_score_threshold", 0.3f);
    add_float("nms_iou_threshold", 0.6f);
    add_float("y_scale", 10.0f);
    add_float("x_scale", 10.0f);
    add_float("h_scale", 5.0f);
    add_float("w_scale", 5.0f);
  });
  b.Finish();
  return b.GetBuffer();
}

TEST(CustomOptionsTest, ReadsTheConverterKeysAndDefaults) {
  const std::vector<uint8_t> bytes = Map();
  auto options = ParseDetectionPostProcessOptions(bytes.data(), bytes.size());
  ASSERT_TRUE(options.ok()) << options.status().message();
  EXPECT_EQ(options->max_detections, 10);
  EXPECT_EQ(options->num_classes, 90);
  EXPECT_FLOAT_EQ(options->nms_score_threshold, 0.3f);
  EXPECT_FLOAT_EQ(options->h_scale, 5.0f);
  // Absent keys take TensorFlow Lite's defaults.
  EXPECT_EQ(options->detections_per_class, 100);
  EXPECT_FALSE(options->use_regular_nms);
}

TEST(CustomOptionsTest, EncodeThenParseGivesEveryField) {
  graph::DetectionPostProcessOptions in;
  in.max_detections = 7;
  in.max_classes_per_detection = 3;
  in.detections_per_class = 5;
  in.use_regular_nms = true;
  in.nms_score_threshold = 0.125f;
  in.nms_iou_threshold = 0.375f;
  in.num_classes = 4;
  in.y_scale = 1.5f;
  in.x_scale = 2.5f;
  in.h_scale = 3.5f;
  in.w_scale = 4.5f;
  const std::vector<uint8_t> bytes = EncodeDetectionPostProcessOptions(in);
  auto out = ParseDetectionPostProcessOptions(bytes.data(), bytes.size());
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(out->max_detections, 7);
  EXPECT_EQ(out->max_classes_per_detection, 3);
  EXPECT_EQ(out->detections_per_class, 5);
  EXPECT_TRUE(out->use_regular_nms);
  EXPECT_EQ(out->nms_score_threshold, 0.125f);
  EXPECT_EQ(out->nms_iou_threshold, 0.375f);
  EXPECT_EQ(out->num_classes, 4);
  EXPECT_EQ(out->y_scale, 1.5f);
  EXPECT_EQ(out->x_scale, 2.5f);
  EXPECT_EQ(out->h_scale, 3.5f);
  EXPECT_EQ(out->w_scale, 4.5f);
}

TEST(CustomOptionsTest, MissingRequiredKey) {
  const std::vector<uint8_t> bytes = Map("num_classes");
  auto options = ParseDetectionPostProcessOptions(bytes.data(), bytes.size());
  ASSERT_FALSE(options.ok());
  EXPECT_EQ(options.status().message(), "option num_classes is missing");
}

TEST(CustomOptionsTest, WrongValueType) {
  const std::vector<uint8_t> bytes = Map("", "y_scale");
  auto options = ParseDetectionPostProcessOptions(bytes.data(), bytes.size());
  ASSERT_FALSE(options.ok());
  EXPECT_EQ(options.status().message(), "option y_scale is not a number");
}

TEST(CustomOptionsTest, EmptyAndGarbage) {
  EXPECT_FALSE(ParseDetectionPostProcessOptions(nullptr, 0).ok());
  const std::vector<uint8_t> garbage = {0xde, 0xad, 0xbe, 0xef, 0x01, 0x02};
  auto options = ParseDetectionPostProcessOptions(garbage.data(), garbage.size());
  ASSERT_FALSE(options.ok());
  EXPECT_THAT(options.status().message(), HasSubstr("FlexBuffer"));
}

TEST(CustomOptionsTest, EveryTruncationIsRejectedWithoutCrash) {
  const std::vector<uint8_t> bytes = Map();
  for (size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(ParseDetectionPostProcessOptions(bytes.data(), n).ok()) << n;
  }
}

TEST(CustomOptionsTest, FlippedBytesNeverCrash) {
  const std::vector<uint8_t> bytes = Map();
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::vector<uint8_t> damaged = bytes;
    damaged[i] ^= 0xff;
    // Either outcome is fine; only a crash or a sanitizer report is not.
    (void)ParseDetectionPostProcessOptions(damaged.data(), damaged.size()).ok();
  }
}

}  // namespace
}  // namespace edgebench::tflite
