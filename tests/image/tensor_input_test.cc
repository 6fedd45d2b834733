#include "image/tensor_input.h"

#include <cstring>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace edgebench::image {
namespace {

using graph::DataType;
using graph::Tensor;
using ::testing::HasSubstr;

Tensor InputTensor(DataType type, int height, int width, float scale = 0, int64_t zero_point = 0) {
  Tensor tensor;
  tensor.name = "normalized_input_image_tensor";
  tensor.type = type;
  tensor.shape = {1, height, width, 3};
  if (scale > 0) {
    tensor.quantization.scale = {scale};
    tensor.quantization.zero_point = {zero_point};
  }
  return tensor;
}

// A 256x1 image whose pixel x holds x in R, 255 - x in G, x in B.
Image AllValues() {
  Image image(256, 1);
  for (int x = 0; x < 256; ++x) {
    image.at(x, 0, 0) = static_cast<uint8_t>(x);
    image.at(x, 0, 1) = static_cast<uint8_t>(255 - x);
    image.at(x, 0, 2) = static_cast<uint8_t>(x);
  }
  return image;
}

TEST(TensorInputTest, Float32Normalizes) {
  Image image(2, 1);
  image.pixels = {0, 255, 51, 204, 127, 128};
  const auto bytes = ImageToInputTensor(image, InputTensor(DataType::kFloat32, 1, 2));
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  ASSERT_EQ(bytes->size(), 6 * sizeof(float));
  float values[6];
  std::memcpy(values, bytes->data(), sizeof(values));
  EXPECT_FLOAT_EQ(values[0], -1.0f);
  EXPECT_FLOAT_EQ(values[1], 1.0f);
  EXPECT_FLOAT_EQ(values[2], -0.6f);  // (51 - 127.5) / 127.5
  EXPECT_FLOAT_EQ(values[3], 0.6f);
  EXPECT_FLOAT_EQ(values[4], -1.0f / 255);
  EXPECT_FLOAT_EQ(values[5], 1.0f / 255);
}

TEST(TensorInputTest, SsdUint8InputTakesRawBytes) {
  // The real SSD MobileNet v1 0.75 quant model's input: UINT8 [1,300,300,3],
  // scale 0.0078125, zero point 128 (real = (q - 128) / 128).
  const Tensor tensor = InputTensor(DataType::kUInt8, 1, 256, 0.0078125f, 128);
  EXPECT_TRUE(IsUnitRangeQuantization(tensor));
  EXPECT_EQ(ResolvePixelMapping(tensor, PixelMapping::kAuto), PixelMapping::kRawBytes);
  const Image image = AllValues();
  const auto bytes = ImageToInputTensor(image, tensor);
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  EXPECT_EQ(*bytes, image.pixels);
}

TEST(TensorInputTest, SsdUint8NormalizedDiffersByAtMostOne) {
  // Quantizing (x - 127.5) / 127.5 with scale 1/128 and zero point 128 gives
  // round((x - 127.5) * 128 / 127.5) + 128. Worked by hand: for x <= 127 the
  // product is -(k + 0.5) - (k + 0.5) / 255 (k = 127 - x), which rounds to
  // -(k + 1), so q = x; for 128 <= x <= 254 it rounds up to x - 127, so
  // q = x + 1; x = 255 gives 256, clamped to 255.
  const Tensor tensor = InputTensor(DataType::kUInt8, 1, 256, 0.0078125f, 128);
  const auto bytes = ImageToInputTensor(AllValues(), tensor, PixelMapping::kNormalize);
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  int differing = 0;
  for (int x = 0; x < 256; ++x) {
    const int q = (*bytes)[static_cast<size_t>(x) * 3];
    const int expected = (x >= 128 && x <= 254) ? x + 1 : x;
    EXPECT_EQ(q, expected) << "x " << x;
    differing += q != x;
  }
  EXPECT_EQ(differing, 127);
}

TEST(TensorInputTest, Int8UnitRangeShiftsBy128) {
  const Tensor tensor = InputTensor(DataType::kInt8, 1, 256, 0.0078125f, 0);
  EXPECT_EQ(ResolvePixelMapping(tensor, PixelMapping::kAuto), PixelMapping::kRawBytes);
  const auto raw = ImageToInputTensor(AllValues(), tensor);
  const auto normalized = ImageToInputTensor(AllValues(), tensor, PixelMapping::kNormalize);
  ASSERT_TRUE(raw.ok() && normalized.ok());
  for (int x = 0; x < 256; ++x) {
    const auto r = static_cast<int8_t>((*raw)[static_cast<size_t>(x) * 3]);
    const auto n = static_cast<int8_t>((*normalized)[static_cast<size_t>(x) * 3]);
    EXPECT_EQ(r, x - 128) << x;
    // Same half-step as uint8: x - 128, or x - 127 for 128..254; 255 clamps to 127.
    EXPECT_EQ(n, (x >= 128 && x <= 254) ? x - 127 : (x == 255 ? 127 : x - 128)) << x;
  }
}

TEST(TensorInputTest, OtherQuantizationIsNormalizedAndClamped) {
  // Scale 1/255, zero point 0 describes [0, 1]: not the unit range, so the
  // normalized value (in [-1, 1]) is quantized and clamped at 0.
  const Tensor tensor = InputTensor(DataType::kUInt8, 1, 256, 1.0f / 255, 0);
  EXPECT_FALSE(IsUnitRangeQuantization(tensor));
  const auto bytes = ImageToInputTensor(AllValues(), tensor);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ((*bytes)[0], 0);          // x = 0 -> -1 -> clamped
  EXPECT_EQ((*bytes)[100 * 3], 0);    // x = 100 -> negative -> clamped
  EXPECT_EQ((*bytes)[255 * 3], 255);  // 1.0 / (1/255)
  EXPECT_EQ((*bytes)[204 * 3], 153);  // 0.6 * 255 = 153
}

TEST(TensorInputTest, KeepsRgbOrderAndLayout) {
  Image image(2, 2);
  image.pixels = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  const auto bytes =
      ImageToInputTensor(image, InputTensor(DataType::kUInt8, 2, 2, 0.0078125f, 128));
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, image.pixels);
}

TEST(TensorInputTest, ErrorsNameTheTensor) {
  const Image image(300, 300);
  Tensor four_channels = InputTensor(DataType::kUInt8, 300, 300, 0.0078125f, 128);
  four_channels.shape[3] = 4;
  auto result = ImageToInputTensor(image, four_channels);
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(),
              HasSubstr("\"normalized_input_image_tensor\" UINT8[1,300,300,4]"));
  EXPECT_THAT(result.status().message(), HasSubstr("expected shape [1,height,width,3]"));

  result = ImageToInputTensor(Image(320, 240), InputTensor(DataType::kFloat32, 300, 300));
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("image is 320x240, expected 300x300"));

  result = ImageToInputTensor(image, InputTensor(DataType::kInt32, 300, 300));
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("expected FLOAT32, UINT8 or INT8"));

  result = ImageToInputTensor(image, InputTensor(DataType::kUInt8, 300, 300));  // no quantization
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("per-tensor"));

  result =
      ImageToInputTensor(image, InputTensor(DataType::kFloat32, 300, 300), PixelMapping::kRawBytes);
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("raw-bytes"));

  std::vector<uint8_t> small(10);
  const Status status =
      WriteInputTensor(image, InputTensor(DataType::kUInt8, 300, 300, 0.0078125f, 128),
                       PixelMapping::kAuto, small.data(), small.size());
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("destination has 10 bytes, expected 270000"));
}

}  // namespace
}  // namespace edgebench::image
