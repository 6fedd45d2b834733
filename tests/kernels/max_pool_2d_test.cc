// MAX_POOL_2D against hand-worked cases and the definition-level loop of
// pool_tester.h.
#include <gtest/gtest.h>

#include <vector>

#include "graph/graph_builder.h"
#include "kernels/reference_kernels.h"
#include "pool_tester.h"
#include "support/single_op.h"

namespace edgebench::testing {
namespace {

using graph::Activation;
using graph::DataType;
using graph::OpType;
using graph::Padding;

graph::Pool2DOptions Options(Padding padding, int32_t filter, int32_t stride) {
  graph::Pool2DOptions options;
  options.padding = padding;
  options.filter_h = options.filter_w = filter;
  options.stride_h = options.stride_w = stride;
  return options;
}

// Runs a one-op MAX_POOL_2D; in_shape/out_shape NHWC.
template <typename T>
std::vector<T> RunMaxPool(DataType type, graph::Shape in_shape, graph::Shape out_shape,
                          graph::Pool2DOptions options, const std::vector<T>& input,
                          graph::Quantization q = {}) {
  graph::GraphBuilder builder;
  const int in = builder.AddTensor("in", type, std::move(in_shape), q);
  const int out = builder.AddTensor("out", type, std::move(out_shape), q);
  builder.AddOp(OpType::kMaxPool2D, {in}, {out}, options);
  SingleOpRunner runner(std::move(builder).Build(), kernels::PrepareMaxPool2D);
  const Status status = runner.Prepare();
  EXPECT_TRUE(status.ok()) << status.message();
  if (!status.ok()) return {};
  runner.SetInput(in, input);
  runner.Run();
  return runner.Output<T>(out);
}

const std::vector<float> kNine = {1, 2, 3, 4, 5, 6, 7, 8, 9};

TEST(MaxPool2DTest, SameStride2) {
  // Windows {1,2,4,5}, {3,6}, {7,8}, {9}.
  EXPECT_EQ(RunMaxPool<float>(DataType::kFloat32, {1, 3, 3, 1}, {1, 2, 2, 1},
                              Options(Padding::kSame, 2, 2), kNine),
            (std::vector<float>{5, 6, 8, 9}));
}

TEST(MaxPool2DTest, PaddingNeverWinsOverNegativeValues) {
  // All inputs negative: SAME padding must not contribute a 0.
  EXPECT_EQ(RunMaxPool<float>(DataType::kFloat32, {1, 1, 3, 1}, {1, 1, 3, 1},
                              Options(Padding::kSame, 3, 1), {-5, -7, -3}),
            (std::vector<float>{-5, -3, -3}));
}

TEST(MaxPool2DTest, TwoChannelsPoolSeparately) {
  // Channel 0 holds 1..4, channel 1 holds 40..10.
  EXPECT_EQ(RunMaxPool<float>(DataType::kFloat32, {1, 2, 2, 2}, {1, 1, 1, 2},
                              Options(Padding::kValid, 2, 1), {1, 40, 2, 30, 3, 20, 4, 10}),
            (std::vector<float>{4, 40}));
}

TEST(MaxPool2DTest, FloatReluN1To1Clamps) {
  auto options = Options(Padding::kValid, 1, 1);
  options.activation = Activation::kReluN1To1;
  EXPECT_EQ(RunMaxPool<float>(DataType::kFloat32, {1, 1, 3, 1}, {1, 1, 3, 1}, options,
                              {-3.0f, 0.25f, 7.0f}),
            (std::vector<float>{-1.0f, 0.25f, 1.0f}));
}

TEST(MaxPool2DTest, QuantizedRelu6ClampsInQuantizedDomain) {
  // uint8 scale 0.1, zero point 10: real 0 is 10, real 6 is 70.
  auto options = Options(Padding::kValid, 1, 1);
  options.filter_w = 2;
  options.stride_w = 2;
  options.activation = Activation::kRelu6;
  EXPECT_EQ(RunMaxPool<uint8_t>(DataType::kUInt8, {1, 1, 6, 1}, {1, 1, 3, 1}, options,
                                {5, 3, 40, 12, 200, 2}, {{0.1f}, {10}, 0}),
            (std::vector<uint8_t>{10, 40, 70}));
}

TEST(MaxPool2DTest, Int8UsesSignedOrder) {
  EXPECT_EQ(
      RunMaxPool<int8_t>(DataType::kInt8, {1, 1, 4, 1}, {1, 1, 4, 1},
                         Options(Padding::kValid, 1, 1), {-128, -100, 5, -1}, {{0.1f}, {0}, 0}),
      (std::vector<int8_t>{-128, -100, 5, -1}));
  auto options = Options(Padding::kValid, 1, 1);
  options.filter_w = 2;
  options.stride_w = 2;
  EXPECT_EQ(RunMaxPool<int8_t>(DataType::kInt8, {1, 1, 4, 1}, {1, 1, 2, 1}, options,
                               {-128, -100, 5, -1}, {{0.1f}, {0}, 0}),
            (std::vector<int8_t>{-100, 5}));
}

TEST(MaxPool2DTest, RandomShapesMatchDefinition) {
  const uint32_t seed = PoolTestSeed();
  for (DataType type : {DataType::kFloat32, DataType::kUInt8, DataType::kInt8}) {
    for (Padding padding : {Padding::kSame, Padding::kValid}) {
      for (int32_t size : {1, 3, 13}) {
        for (int32_t filter = 1; filter <= 3; ++filter) {
          for (int32_t stride = 1; stride <= 2; ++stride) {
            if (padding == Padding::kValid && filter > size) continue;
            PoolTester()
                .input(2, size + 1, size, 3)
                .filter(std::min(filter + 1, 3), filter)
                .stride(3 - stride, stride)
                .padding(padding)
                .type(type)
                .quantization(0.05f, type == DataType::kUInt8 ? 100 : -20)
                .activation(size == 13 ? Activation::kRelu6 : Activation::kNone)
                .seed(seed + size * 100 + filter * 10 + stride)
                .Test(OpType::kMaxPool2D);
          }
        }
      }
    }
  }
}

TEST(MaxPool2DTest, RejectsWrongOutputShape) {
  graph::GraphBuilder builder;
  const int in = builder.AddTensor("in", DataType::kFloat32, {1, 4, 4, 2});
  const int out = builder.AddTensor("out", DataType::kFloat32, {1, 2, 2, 1});
  builder.AddOp(OpType::kMaxPool2D, {in}, {out}, Options(Padding::kSame, 2, 2));
  SingleOpRunner runner(std::move(builder).Build(), kernels::PrepareMaxPool2D);
  const Status status = runner.Prepare();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(),
            "output 0 (tensor 1 \"out\") has shape [1,2,2,1], expected [1,2,2,2]");
}

TEST(MaxPool2DTest, RejectsZeroStride) {
  graph::GraphBuilder builder;
  const int in = builder.AddTensor("in", DataType::kFloat32, {1, 4, 4, 2});
  const int out = builder.AddTensor("out", DataType::kFloat32, {1, 2, 2, 2});
  builder.AddOp(OpType::kMaxPool2D, {in}, {out}, Options(Padding::kSame, 2, 0));
  SingleOpRunner runner(std::move(builder).Build(), kernels::PrepareMaxPool2D);
  const Status status = runner.Prepare();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "filter 2x2 and stride 0x0 (HxW) must be between 1 and 65536");
}

TEST(MaxPool2DTest, RejectsMismatchedOutputType) {
  graph::GraphBuilder builder;
  const int in = builder.AddTensor("in", DataType::kUInt8, {1, 2, 2, 1}, {{0.5f}, {0}, 0});
  const int out = builder.AddTensor("out", DataType::kInt8, {1, 1, 1, 1}, {{0.5f}, {0}, 0});
  builder.AddOp(OpType::kMaxPool2D, {in}, {out}, Options(Padding::kValid, 2, 1));
  SingleOpRunner runner(std::move(builder).Build(), kernels::PrepareMaxPool2D);
  const Status status = runner.Prepare();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "output 0 (tensor 1 \"out\") is INT8, expected UINT8");
}

}  // namespace
}  // namespace edgebench::testing
