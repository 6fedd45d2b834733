// SQUEEZE: which dimensions go, negative indices, and errors. The data must
// come out byte for byte as it went in.
#include <gtest/gtest.h>

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

struct Squeeze {
  graph::Graph graph;
  int in = 0;
  int out = 0;
};

Squeeze MakeSqueeze(Shape in_shape, Shape out_shape, std::vector<int32_t> dims) {
  graph::GraphBuilder builder;
  Squeeze s;
  const graph::Quantization q{{0.5f}, {3}, 0};
  s.in = builder.AddTensor("in", DataType::kUInt8, std::move(in_shape), q);
  s.out = builder.AddTensor("out", DataType::kUInt8, std::move(out_shape), q);
  builder.AddOp(OpType::kSqueeze, {s.in}, {s.out}, graph::SqueezeOptions{std::move(dims)});
  s.graph = std::move(builder).Build();
  return s;
}

std::string PrepareError(Squeeze s) {
  SingleOpRunner runner(std::move(s.graph), kernels::PrepareSqueeze);
  const Status status = runner.Prepare();
  return status.ok() ? "ok" : status.message();
}

TEST(SqueezeTest, NamedAndAllDimensions) {
  const std::vector<uint8_t> data = {1, 2, 3, 4, 5, 250};
  struct Case {
    std::vector<int32_t> dims;
    Shape out;
  };
  for (const Case& c : {Case{{}, {3, 2}}, Case{{0}, {3, 1, 2}}, Case{{-2}, {1, 3, 2}},
                        Case{{0, -2}, {3, 2}}, Case{{2, 0, 2}, {3, 2}}}) {
    Squeeze s = MakeSqueeze({1, 3, 1, 2}, c.out, c.dims);
    const int in = s.in;
    const int out = s.out;
    SingleOpRunner runner(std::move(s.graph), kernels::PrepareSqueeze);
    const Status status = runner.Prepare();
    ASSERT_TRUE(status.ok()) << status.message();
    runner.SetInput(in, data);
    runner.Run();
    EXPECT_EQ(runner.Output<uint8_t>(out), data) << graph::ShapeToString(c.out);
  }
}

TEST(SqueezeTest, RejectsDimensionThatIsNotOne) {
  EXPECT_EQ(PrepareError(MakeSqueeze({1, 3, 1, 2}, {1, 1, 2}, {1})),
            "squeeze dimension 1 of input 0 (tensor 0 \"in\") of shape [1,3,1,2] has size 3, "
            "expected 1");
}

TEST(SqueezeTest, RejectsOutOfRangeDimension) {
  EXPECT_EQ(PrepareError(MakeSqueeze({1, 3, 1, 2}, {3, 1, 2}, {-5})),
            "squeeze dimension -5 is out of range for input 0 (tensor 0 \"in\") of shape "
            "[1,3,1,2]");
}

TEST(SqueezeTest, RejectsWrongOutputShape) {
  EXPECT_EQ(PrepareError(MakeSqueeze({1, 3, 1, 2}, {3, 1, 2}, {})),
            "output 0 (tensor 1 \"out\") has shape [3,1,2], expected [3,2]");
}

}  // namespace
}  // namespace edgebench::testing
