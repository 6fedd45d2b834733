// AVERAGE_POOL_2D against hand-worked cases and the definition-level loop of
// pool_tester.h.
#include <gtest/gtest.h>

#include <ostream>
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

struct Pool {
  graph::Graph graph;
  int in = 0;
  int out = 0;
};

Pool MakePool(DataType type, graph::Shape in_shape, graph::Shape out_shape,
              graph::Pool2DOptions options, graph::Quantization q = {},
              graph::Quantization out_q = {}) {
  graph::GraphBuilder builder;
  Pool pool;
  pool.in = builder.AddTensor("in", type, std::move(in_shape), q);
  pool.out = builder.AddTensor("out", type, std::move(out_shape), out_q.empty() ? q : out_q);
  builder.AddOp(OpType::kAveragePool2D, {pool.in}, {pool.out}, options);
  pool.graph = std::move(builder).Build();
  return pool;
}

graph::Pool2DOptions Options(Padding padding, int32_t filter, int32_t stride) {
  graph::Pool2DOptions options;
  options.padding = padding;
  options.filter_h = options.filter_w = filter;
  options.stride_h = options.stride_w = stride;
  return options;
}

// 1..9 in a 3x3 image:
//   1 2 3
//   4 5 6
//   7 8 9
const std::vector<float> kNine = {1, 2, 3, 4, 5, 6, 7, 8, 9};

std::vector<float> RunFloat(Pool pool, const std::vector<float>& input) {
  const int in = pool.in;
  const int out = pool.out;
  SingleOpRunner runner(std::move(pool.graph), kernels::PrepareAveragePool2D);
  const Status status = runner.Prepare();
  EXPECT_TRUE(status.ok()) << status.message();
  if (!status.ok()) return {};
  runner.SetInput(in, input);
  runner.Run();
  return runner.Output<float>(out);
}

TEST(AveragePool2DTest, SameStride2CountsOnlyInsideElements) {
  // Output 2x2; total padding 1, all of it after. Windows: {1,2,4,5}, {3,6},
  // {7,8}, {9}.
  const auto got = RunFloat(
      MakePool(DataType::kFloat32, {1, 3, 3, 1}, {1, 2, 2, 1}, Options(Padding::kSame, 2, 2)),
      kNine);
  EXPECT_EQ(got, (std::vector<float>{3.0f, 4.5f, 7.5f, 9.0f}));
}

TEST(AveragePool2DTest, SameStride1PadsBothSides) {
  // 3x3 filter, padding 1 before and after: the corner sees {1,2,4,5}, the
  // top edge {1..6}, the centre all nine.
  const auto got = RunFloat(
      MakePool(DataType::kFloat32, {1, 3, 3, 1}, {1, 3, 3, 1}, Options(Padding::kSame, 3, 1)),
      kNine);
  EXPECT_EQ(got, (std::vector<float>{3.0f, 3.5f, 4.0f, 4.5f, 5.0f, 5.5f, 6.0f, 6.5f, 7.0f}));
}

TEST(AveragePool2DTest, ValidStride1) {
  const auto got = RunFloat(
      MakePool(DataType::kFloat32, {1, 3, 3, 1}, {1, 2, 2, 1}, Options(Padding::kValid, 2, 1)),
      kNine);
  EXPECT_EQ(got, (std::vector<float>{3.0f, 4.0f, 6.0f, 7.0f}));
}

TEST(AveragePool2DTest, FusedRelu6Clamps) {
  auto options = Options(Padding::kValid, 2, 1);
  options.activation = Activation::kRelu6;
  const auto got = RunFloat(MakePool(DataType::kFloat32, {1, 3, 3, 1}, {1, 2, 2, 1}, options),
                            {-9, -9, 9, -9, -9, 9, 20, 20, 20});
  // Windows: {-9,-9,-9,-9} = -9 -> 0; {-9,9,-9,9} = 0; {-9,-9,20,20} = 5.5;
  // {-9,9,20,20} = 10 -> 6.
  EXPECT_EQ(got, (std::vector<float>{0.0f, 0.0f, 5.5f, 6.0f}));
}

// One 1x2 window over two values: the average's rounding alone.
struct RoundingCase {
  DataType type;
  int32_t a;
  int32_t b;
  int32_t expected;
};

void PrintTo(const RoundingCase& c, std::ostream* os) {
  *os << graph::DataTypeName(c.type) << " {" << c.a << ", " << c.b << "} -> " << c.expected;
}

class AveragePool2DRoundingTest : public ::testing::TestWithParam<RoundingCase> {};

TEST_P(AveragePool2DRoundingTest, RoundsHalfAwayFromZero) {
  const RoundingCase c = GetParam();
  graph::Pool2DOptions options = Options(Padding::kValid, 1, 1);
  options.filter_w = 2;
  Pool pool = MakePool(c.type, {1, 1, 2, 1}, {1, 1, 1, 1}, options, {{0.1f}, {0}, 0});
  const int in = pool.in;
  const int out = pool.out;
  SingleOpRunner runner(std::move(pool.graph), kernels::PrepareAveragePool2D);
  const Status status = runner.Prepare();
  ASSERT_TRUE(status.ok()) << status.message();
  if (c.type == DataType::kUInt8) {
    runner.SetInput(in, std::vector<uint8_t>{static_cast<uint8_t>(c.a), static_cast<uint8_t>(c.b)});
    runner.Run();
    EXPECT_EQ(runner.Output<uint8_t>(out)[0], c.expected) << c.a << " and " << c.b;
  } else {
    runner.SetInput(in, std::vector<int8_t>{static_cast<int8_t>(c.a), static_cast<int8_t>(c.b)});
    runner.Run();
    EXPECT_EQ(runner.Output<int8_t>(out)[0], c.expected) << c.a << " and " << c.b;
  }
}

INSTANTIATE_TEST_SUITE_P(
    HandWorked, AveragePool2DRoundingTest,
    ::testing::Values(RoundingCase{DataType::kUInt8, 1, 2, 2},            // 1.5 -> 2
                      RoundingCase{DataType::kUInt8, 2, 3, 3},            // 2.5 -> 3
                      RoundingCase{DataType::kUInt8, 0, 1, 1},            // 0.5 -> 1
                      RoundingCase{DataType::kUInt8, 4, 4, 4},            // exact
                      RoundingCase{DataType::kUInt8, 255, 254, 255},      // 254.5 -> 255
                      RoundingCase{DataType::kInt8, -1, -2, -2},          // -1.5 -> -2
                      RoundingCase{DataType::kInt8, -1, 0, -1},           // -0.5 -> -1
                      RoundingCase{DataType::kInt8, 1, 0, 1},             // 0.5 -> 1
                      RoundingCase{DataType::kInt8, -3, 2, -1},           // -0.5 -> -1
                      RoundingCase{DataType::kInt8, -128, -127, -128}));  // -127.5

TEST(AveragePool2DTest, QuantizedThreeElementWindowRounds) {
  // Counts that are not a power of two: 1x3 windows. uint8 {1,1,2} = 1.33
  // -> 1, {1,2,2} = 1.67 -> 2; int8 {-1,-1,-2} -> -1, {-1,-2,-2} -> -2.
  graph::Pool2DOptions options = Options(Padding::kValid, 1, 3);
  options.filter_w = 3;
  for (DataType type : {DataType::kUInt8, DataType::kInt8}) {
    Pool pool = MakePool(type, {1, 1, 6, 1}, {1, 1, 2, 1}, options, {{0.5f}, {3}, 0});
    const int in = pool.in;
    const int out = pool.out;
    SingleOpRunner runner(std::move(pool.graph), kernels::PrepareAveragePool2D);
    ASSERT_TRUE(runner.Prepare().ok());
    if (type == DataType::kUInt8) {
      runner.SetInput(in, std::vector<uint8_t>{1, 1, 2, 1, 2, 2});
      runner.Run();
      EXPECT_EQ(runner.Output<uint8_t>(out), (std::vector<uint8_t>{1, 2}));
    } else {
      runner.SetInput(in, std::vector<int8_t>{-1, -1, -2, -1, -2, -2});
      runner.Run();
      EXPECT_EQ(runner.Output<int8_t>(out), (std::vector<int8_t>{-1, -2}));
    }
  }
}

TEST(AveragePool2DTest, QuantizedReluClampsAtZeroPoint) {
  // Scale 0.5, zero point 100: real 0 is 100, real 6 is 112.
  auto options = Options(Padding::kValid, 1, 1);
  options.filter_w = 2;
  options.activation = Activation::kRelu6;
  Pool pool = MakePool(DataType::kUInt8, {1, 1, 6, 1}, {1, 1, 5, 1}, options, {{0.5f}, {100}, 0});
  const int in = pool.in;
  const int out = pool.out;
  SingleOpRunner runner(std::move(pool.graph), kernels::PrepareAveragePool2D);
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput(in, std::vector<uint8_t>{90, 96, 104, 110, 130, 130});
  runner.Run();
  // Averages 93, 100, 107, 120, 130 -> clamped to [100, 112].
  EXPECT_EQ(runner.Output<uint8_t>(out), (std::vector<uint8_t>{100, 100, 107, 112, 112}));
}

TEST(AveragePool2DTest, RandomShapesMatchDefinition) {
  const uint32_t seed = PoolTestSeed();
  for (DataType type : {DataType::kFloat32, DataType::kUInt8, DataType::kInt8}) {
    for (Padding padding : {Padding::kSame, Padding::kValid}) {
      for (int32_t size : {1, 3, 13}) {
        for (int32_t filter = 1; filter <= 3; ++filter) {
          for (int32_t stride = 1; stride <= 2; ++stride) {
            if (padding == Padding::kValid && filter > size) continue;
            PoolTester()
                .input(2, size, size + 1, 3)
                .filter(filter, std::min(filter + 1, 3))
                .stride(stride, 3 - stride)
                .padding(padding)
                .type(type)
                .quantization(0.05f, type == DataType::kUInt8 ? 128 : 0)
                .activation(size == 13 ? Activation::kRelu : Activation::kNone)
                .seed(seed + size * 100 + filter * 10 + stride)
                .Test(OpType::kAveragePool2D);
          }
        }
      }
    }
  }
}

TEST(AveragePool2DTest, RejectsWrongOutputShape) {
  Pool pool =
      MakePool(DataType::kFloat32, {1, 3, 3, 1}, {1, 3, 3, 1}, Options(Padding::kValid, 2, 1));
  SingleOpRunner runner(std::move(pool.graph), kernels::PrepareAveragePool2D);
  const Status status = runner.Prepare();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(),
            "output 0 (tensor 1 \"out\") has shape [1,3,3,1], expected [1,2,2,1]");
}

TEST(AveragePool2DTest, RejectsRank3Input) {
  Pool pool = MakePool(DataType::kFloat32, {3, 3, 1}, {1, 3, 1}, Options(Padding::kValid, 2, 1));
  SingleOpRunner runner(std::move(pool.graph), kernels::PrepareAveragePool2D);
  const Status status = runner.Prepare();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "input 0 (tensor 0 \"in\") has shape [3,3,1], expected rank 4");
}

TEST(AveragePool2DTest, RejectsFilterLargerThanValidInput) {
  Pool pool =
      MakePool(DataType::kFloat32, {1, 2, 2, 1}, {1, 1, 1, 1}, Options(Padding::kValid, 3, 1));
  SingleOpRunner runner(std::move(pool.graph), kernels::PrepareAveragePool2D);
  const Status status = runner.Prepare();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(),
            "filter 3x3 does not fit input 0 (tensor 0 \"in\") of shape [1,2,2,1]");
}

TEST(AveragePool2DTest, RejectsRescalingQuantization) {
  Pool pool = MakePool(DataType::kUInt8, {1, 2, 2, 1}, {1, 1, 1, 1}, Options(Padding::kValid, 2, 1),
                       {{0.5f}, {3}, 0}, {{0.25f}, {3}, 0});
  SingleOpRunner runner(std::move(pool.graph), kernels::PrepareAveragePool2D);
  const Status status = runner.Prepare();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(),
            "output 0 (tensor 1 \"out\") has scale 0.25 and zero point 3, expected the input's "
            "0.5 and 3");
}

}  // namespace
}  // namespace edgebench::testing
