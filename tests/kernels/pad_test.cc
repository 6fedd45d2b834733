// PAD against a hand-worked case and a definition-level loop: output element
// at index i is input[i - before] where that lies inside the input, else the
// pad value (0.0, or the output zero point for quantized types).
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "graph/graph_builder.h"
#include "kernels/reference_kernels.h"
#include "support/single_op.h"

namespace edgebench::testing {
namespace {

using graph::DataType;
using graph::OpType;
using graph::Shape;

uint32_t TestSeed() {
  const char* env = std::getenv("EDGEBENCH_TEST_SEED");
  return env != nullptr ? static_cast<uint32_t>(std::strtoul(env, nullptr, 10)) : 9090u;
}

struct Pad {
  graph::Graph graph;
  int in = 0;
  int out = 0;
};

Pad MakePad(DataType type, Shape in_shape, Shape out_shape, const std::vector<int32_t>& paddings,
            Shape paddings_shape, graph::Quantization q = {}) {
  graph::GraphBuilder builder;
  Pad p;
  p.in = builder.AddTensor("in", type, std::move(in_shape), q);
  const int pads =
      builder.AddConstant("paddings", DataType::kInt32, std::move(paddings_shape), paddings);
  p.out = builder.AddTensor("out", type, std::move(out_shape), q);
  builder.AddOp(OpType::kPad, {p.in, pads}, {p.out});
  p.graph = std::move(builder).Build();
  return p;
}

template <typename T>
std::vector<T> RunPad(Pad p, const std::vector<T>& input) {
  const int in = p.in;
  const int out = p.out;
  SingleOpRunner runner(std::move(p.graph), kernels::PreparePad);
  const Status status = runner.Prepare();
  EXPECT_TRUE(status.ok()) << status.message();
  if (!status.ok()) return {};
  runner.SetInput(in, input);
  runner.Run();
  return runner.Output<T>(out);
}

std::string PrepareError(Pad p) {
  SingleOpRunner runner(std::move(p.graph), kernels::PreparePad);
  const Status status = runner.Prepare();
  return status.ok() ? "ok" : status.message();
}

TEST(PadTest, FloatHandWorked) {
  // [[1,2],[3,4]] with one row before and two columns after.
  EXPECT_EQ(RunPad<float>(MakePad(DataType::kFloat32, {2, 2}, {3, 4}, {1, 0, 0, 2}, {2, 2}),
                          {1, 2, 3, 4}),
            (std::vector<float>{0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0}));
}

TEST(PadTest, Uint8PadsWithZeroPoint) {
  EXPECT_EQ(RunPad<uint8_t>(
                MakePad(DataType::kUInt8, {1, 2}, {1, 5}, {0, 0, 2, 1}, {2, 2}, {{0.5f}, {7}, 0}),
                {200, 0}),
            (std::vector<uint8_t>{7, 7, 200, 0, 7}));
}

// The definition, on int32 stand-ins for the values.
std::vector<int32_t> ExpectedPad(const Shape& in_shape, const std::vector<int32_t>& paddings,
                                 const std::vector<int32_t>& input, int32_t pad_value) {
  Shape out_shape = in_shape;
  for (size_t d = 0; d < in_shape.size(); ++d)
    out_shape[d] += paddings[2 * d] + paddings[2 * d + 1];
  std::vector<int32_t> result;
  const int64_t count = graph::NumElements(out_shape);
  for (int64_t i = 0; i < count; ++i) {
    int64_t rest = i;
    int64_t in_offset = 0;
    bool inside = true;
    int64_t out_stride = count;
    int64_t in_stride = graph::NumElements(in_shape);
    for (size_t d = 0; d < out_shape.size(); ++d) {
      out_stride /= out_shape[d];
      in_stride = in_shape[d] == 0 ? 0 : in_stride / in_shape[d];
      const int64_t coordinate = rest / out_stride - paddings[2 * d];
      rest %= out_stride;
      inside = inside && coordinate >= 0 && coordinate < in_shape[d];
      in_offset += coordinate * in_stride;
    }
    result.push_back(inside ? input[in_offset] : pad_value);
  }
  return result;
}

TEST(PadTest, RandomRank4MatchesDefinition) {
  const uint32_t seed = TestSeed();
  std::mt19937 rng(seed);
  const std::vector<int32_t> sizes = {1, 3, 13};
  for (int trial = 0; trial < 12; ++trial) {
    const Shape in_shape = {sizes[rng() % 3], sizes[rng() % 3], sizes[rng() % 3], sizes[rng() % 3]};
    std::vector<int32_t> paddings(8);
    for (int32_t& p : paddings) p = static_cast<int32_t>(rng() % 3);
    Shape out_shape = in_shape;
    for (size_t d = 0; d < 4; ++d) out_shape[d] += paddings[2 * d] + paddings[2 * d + 1];
    std::vector<int32_t> input(static_cast<size_t>(graph::NumElements(in_shape)));
    for (int32_t& v : input) v = static_cast<int32_t>(rng() % 256) - 128;
    const int32_t zero_point = -17;
    const auto got = RunPad<int8_t>(
        MakePad(DataType::kInt8, in_shape, out_shape, paddings, {4, 2}, {{0.1f}, {zero_point}, 0}),
        std::vector<int8_t>(input.begin(), input.end()));
    EXPECT_EQ(std::vector<int32_t>(got.begin(), got.end()),
              ExpectedPad(in_shape, paddings, input, zero_point))
        << "input " << graph::ShapeToString(in_shape) << " trial " << trial << " seed " << seed;
  }
}

TEST(PadTest, RejectsPaddingsOfWrongShape) {
  EXPECT_EQ(PrepareError(MakePad(DataType::kFloat32, {2, 2}, {2, 2}, {0, 0, 0, 0, 0, 0}, {3, 2})),
            "input 1 (tensor 1 \"paddings\") has shape [3,2], expected [2,2]");
}

TEST(PadTest, RejectsNegativePadding) {
  EXPECT_EQ(PrepareError(MakePad(DataType::kFloat32, {2, 2}, {1, 2}, {-1, 0, 0, 0}, {2, 2})),
            "input 1 (tensor 1 \"paddings\") holds padding -1, expected 0 to 2^30");
}

TEST(PadTest, RejectsWrongOutputShape) {
  EXPECT_EQ(PrepareError(MakePad(DataType::kFloat32, {2, 2}, {3, 3}, {1, 0, 0, 2}, {2, 2})),
            "output 0 (tensor 2 \"out\") has shape [3,3], expected [3,4]");
}

TEST(PadTest, RejectsComputedPaddings) {
  graph::GraphBuilder builder;
  const int in = builder.AddTensor("in", DataType::kFloat32, {2});
  const int pads = builder.AddTensor("paddings", DataType::kInt32, {1, 2});
  const int out = builder.AddTensor("out", DataType::kFloat32, {2});
  builder.AddOp(OpType::kPad, {in, pads}, {out});
  SingleOpRunner runner(std::move(builder).Build(), kernels::PreparePad);
  const Status status = runner.Prepare();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "input 1 (tensor 1 \"paddings\") must be a constant tensor");
}

}  // namespace
}  // namespace edgebench::testing
