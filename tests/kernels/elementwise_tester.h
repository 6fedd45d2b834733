// Test-only helpers for the element-wise kernels (ADD, MUL, LOGISTIC, RELU,
// RELU6, SOFTMAX, QUANTIZE, DEQUANTIZE), and BinaryOpTester for ADD and MUL.
// Expected values come from definition-level loops written here: real
// arithmetic in double, quantized with std::round (ties away from zero) and
// clamped. The kernels' fixed-point rescaling may differ from that by one
// quantization unit; hand-worked cases in each test pin the exact values.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "graph/graph_builder.h"
#include "kernels/reference_kernels.h"
#include "support/single_op.h"

namespace edgebench::testing::elementwise_test {

// EDGEBENCH_TEST_SEED when set (to explore), otherwise a fixed value so runs
// repeat. Testers print the seed they use with every failure.
inline uint32_t DefaultSeed() {
  const char* env = std::getenv("EDGEBENCH_TEST_SEED");
  return env != nullptr ? static_cast<uint32_t>(std::strtoul(env, nullptr, 10)) : 20240917u;
}

inline graph::Quantization Quant(float scale, int64_t zero_point) {
  graph::Quantization q;
  q.scale = {scale};
  q.zero_point = {zero_point};
  return q;
}

inline int32_t TypeMin(graph::DataType type) { return type == graph::DataType::kUInt8 ? 0 : -128; }
inline int32_t TypeMax(graph::DataType type) { return type == graph::DataType::kUInt8 ? 255 : 127; }

// The definition of quantization: round(real / scale) + zero_point, clamped.
inline int32_t QuantizeReal(double real, double scale, int32_t zero_point, graph::DataType type) {
  const double q = std::round(real / scale) + zero_point;
  return static_cast<int32_t>(
      std::clamp(q, static_cast<double>(TypeMin(type)), static_cast<double>(TypeMax(type))));
}

inline std::vector<int32_t> RandomQuantized(std::mt19937& rng, size_t count, graph::DataType type) {
  std::uniform_int_distribution<int32_t> dist(TypeMin(type), TypeMax(type));
  std::vector<int32_t> values(count);
  for (int32_t& v : values) v = dist(rng);
  return values;
}

inline std::vector<float> RandomFloats(std::mt19937& rng, size_t count, float lo, float hi) {
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> values(count);
  for (float& v : values) v = dist(rng);
  return values;
}

// Copies int32 values into the 8-bit type's buffer layout.
template <typename T>
std::vector<T> Narrow(const std::vector<int32_t>& values) {
  return std::vector<T>(values.begin(), values.end());
}

// Sets a UINT8 or INT8 input from int32 values.
inline void SetQuantizedInput(SingleOpRunner& runner, int tensor, graph::DataType type,
                              const std::vector<int32_t>& values) {
  if (type == graph::DataType::kUInt8) {
    runner.SetInput(tensor, Narrow<uint8_t>(values));
  } else {
    runner.SetInput(tensor, Narrow<int8_t>(values));
  }
}

// Reads a UINT8 or INT8 output as int32 values.
inline std::vector<int32_t> QuantizedOutput(const SingleOpRunner& runner, int tensor,
                                            graph::DataType type) {
  if (type == graph::DataType::kUInt8) {
    const std::vector<uint8_t> raw = runner.Output<uint8_t>(tensor);
    return std::vector<int32_t>(raw.begin(), raw.end());
  }
  const std::vector<int8_t> raw = runner.Output<int8_t>(tensor);
  return std::vector<int32_t>(raw.begin(), raw.end());
}

// NumPy's broadcast rule, written out independently of the kernels' plan.
inline graph::Shape BroadcastShapeForTest(const graph::Shape& a, const graph::Shape& b) {
  graph::Shape out(std::max(a.size(), b.size()), 1);
  for (size_t i = 0; i < out.size(); ++i) {
    const size_t o = out.size() - 1 - i;
    const int32_t da = i < a.size() ? a[a.size() - 1 - i] : 1;
    const int32_t db = i < b.size() ? b[b.size() - 1 - i] : 1;
    out[o] = da == 1 ? db : da;
  }
  return out;
}

// The element of an input of shape `in` that output element `flat` of shape
// `out` reads: unravel the output index, pin size-1 input dimensions to 0,
// ravel again.
inline int64_t SourceIndex(const graph::Shape& out, const graph::Shape& in, int64_t flat) {
  std::vector<int64_t> coords(out.size());
  for (size_t d = out.size(); d-- > 0;) {
    coords[d] = flat % out[d];
    flat /= out[d];
  }
  int64_t index = 0;
  const size_t offset = out.size() - in.size();
  for (size_t d = 0; d < in.size(); ++d) {
    index = index * in[d] + (in[d] == 1 ? 0 : coords[offset + d]);
  }
  return index;
}

inline std::pair<double, double> ActivationBounds(graph::Activation activation) {
  switch (activation) {
    case graph::Activation::kNone: return {-INFINITY, INFINITY};
    case graph::Activation::kRelu: return {0.0, INFINITY};
    case graph::Activation::kReluN1To1: return {-1.0, 1.0};
    case graph::Activation::kRelu6: return {0.0, 6.0};
  }
  return {-INFINITY, INFINITY};
}

// A tensor of a test graph.
struct TensorSpec {
  graph::DataType type = graph::DataType::kFloat32;
  graph::Shape shape;
  graph::Quantization quantization;
};

inline TensorSpec Plain(graph::DataType type, graph::Shape shape) {
  return TensorSpec{type, std::move(shape), graph::Quantization{}};
}
inline TensorSpec Float(graph::Shape shape) {
  return Plain(graph::DataType::kFloat32, std::move(shape));
}
inline TensorSpec Quantized(graph::DataType type, graph::Shape shape, float scale,
                            int64_t zero_point) {
  return TensorSpec{type, std::move(shape), Quant(scale, zero_point)};
}

// A one-op graph: tensors 0 "a" and 1 "b" in, tensor 2 "out" out.
inline SingleOpRunner MakeBinaryOp(graph::OpType op, const TensorSpec& a, const TensorSpec& b,
                                   const TensorSpec& out,
                                   graph::Activation activation = graph::Activation::kNone) {
  graph::GraphBuilder builder;
  const int ia = builder.AddTensor("a", a.type, a.shape, a.quantization);
  const int ib = builder.AddTensor("b", b.type, b.shape, b.quantization);
  const int io = builder.AddTensor("out", out.type, out.shape, out.quantization);
  builder.AddOp(op, {ia, ib}, {io}, graph::ElementwiseOptions{activation});
  return SingleOpRunner(std::move(builder).Build(),
                        op == graph::OpType::kAdd ? kernels::PrepareAdd : kernels::PrepareMul);
}

// A one-op graph with one input, tensor 0 "in", and one output, tensor 1
// "out".
inline SingleOpRunner MakeUnaryOp(graph::OpType op, kernels::PrepareFunction prepare,
                                  const TensorSpec& in, const TensorSpec& out,
                                  graph::OpOptions options = {}) {
  graph::GraphBuilder builder;
  const int ii = builder.AddTensor("in", in.type, in.shape, in.quantization);
  const int io = builder.AddTensor("out", out.type, out.shape, out.quantization);
  builder.AddOp(op, {ii}, {io}, std::move(options));
  return SingleOpRunner(std::move(builder).Build(), prepare);
}

struct QuantParams {
  float scale = 1.0f;
  int32_t zero_point = 0;
};

// ADD or MUL on random inputs of two (broadcastable) shapes, checked
// element by element against the definition:
//   float:     a op b in float, clamped to the activation: exact.
//   quantized: (s1 (q1 - zp1)) op (s2 (q2 - zp2)) in double, clamped to the
//              activation, quantized to the output: within 1 unit.
class BinaryOpTester {
 public:
  explicit BinaryOpTester(graph::OpType op) : op_(op) {}

  BinaryOpTester& shapes(graph::Shape a, graph::Shape b) {
    shape1_ = std::move(a);
    shape2_ = std::move(b);
    return *this;
  }
  BinaryOpTester& type(graph::DataType type) {
    type_ = type;
    return *this;
  }
  BinaryOpTester& input1(float scale, int32_t zero_point) {
    q1_ = {scale, zero_point};
    return *this;
  }
  BinaryOpTester& input2(float scale, int32_t zero_point) {
    q2_ = {scale, zero_point};
    return *this;
  }
  BinaryOpTester& output(float scale, int32_t zero_point) {
    qout_ = {scale, zero_point};
    return *this;
  }
  BinaryOpTester& activation(graph::Activation activation) {
    activation_ = activation;
    return *this;
  }
  BinaryOpTester& seed(uint32_t seed) {
    seed_ = seed;
    return *this;
  }

  void Test() const {
    SCOPED_TRACE("seed " + std::to_string(seed_) + ", shapes " + graph::ShapeToString(shape1_) +
                 " and " + graph::ShapeToString(shape2_) + ", type " + graph::DataTypeName(type_) +
                 ", activation " + graph::ActivationName(activation_));
    const bool quantized = type_ != graph::DataType::kFloat32;
    const graph::Shape out_shape = BroadcastShapeForTest(shape1_, shape2_);
    graph::GraphBuilder builder;
    const int a = builder.AddTensor("a", type_, shape1_,
                                    quantized ? Quant(q1_.scale, q1_.zero_point) : Quant0());
    const int b = builder.AddTensor("b", type_, shape2_,
                                    quantized ? Quant(q2_.scale, q2_.zero_point) : Quant0());
    const int out = builder.AddTensor("out", type_, out_shape,
                                      quantized ? Quant(qout_.scale, qout_.zero_point) : Quant0());
    builder.AddOp(op_, {a, b}, {out}, graph::ElementwiseOptions{activation_});
    SingleOpRunner runner(std::move(builder).Build(), Prepare());
    const Status status = runner.Prepare();
    ASSERT_TRUE(status.ok()) << status.message();

    std::mt19937 rng(seed_);
    if (quantized) {
      TestQuantized(runner, rng, a, b, out, out_shape);
    } else {
      TestFloat(runner, rng, a, b, out, out_shape);
    }
  }

 private:
  static graph::Quantization Quant0() { return {}; }

  kernels::PrepareFunction Prepare() const {
    return op_ == graph::OpType::kAdd ? kernels::PrepareAdd : kernels::PrepareMul;
  }

  double Apply(double x, double y) const { return op_ == graph::OpType::kAdd ? x + y : x * y; }

  void TestFloat(SingleOpRunner& runner, std::mt19937& rng, int a, int b, int out,
                 const graph::Shape& out_shape) const {
    const std::vector<float> x = RandomFloats(rng, graph::NumElements(shape1_), -8.0f, 8.0f);
    const std::vector<float> y = RandomFloats(rng, graph::NumElements(shape2_), -8.0f, 8.0f);
    runner.SetInput(a, x);
    runner.SetInput(b, y);
    runner.Run();
    const std::vector<float> got = runner.Output<float>(out);
    ASSERT_EQ(static_cast<int64_t>(got.size()), graph::NumElements(out_shape));
    const auto [lo, hi] = ActivationBounds(activation_);
    for (int64_t i = 0; i < static_cast<int64_t>(got.size()); ++i) {
      const float u = x[SourceIndex(out_shape, shape1_, i)];
      const float v = y[SourceIndex(out_shape, shape2_, i)];
      const float exact = op_ == graph::OpType::kAdd ? u + v : u * v;
      const float expected = static_cast<float>(std::clamp<double>(exact, lo, hi));
      ASSERT_EQ(got[i], expected) << "output " << i << " from " << u << " and " << v;
    }
  }

  void TestQuantized(SingleOpRunner& runner, std::mt19937& rng, int a, int b, int out,
                     const graph::Shape& out_shape) const {
    const std::vector<int32_t> x = RandomQuantized(rng, graph::NumElements(shape1_), type_);
    const std::vector<int32_t> y = RandomQuantized(rng, graph::NumElements(shape2_), type_);
    SetQuantizedInput(runner, a, type_, x);
    SetQuantizedInput(runner, b, type_, y);
    runner.Run();
    const std::vector<int32_t> got = QuantizedOutput(runner, out, type_);
    ASSERT_EQ(static_cast<int64_t>(got.size()), graph::NumElements(out_shape));
    const auto [lo, hi] = ActivationBounds(activation_);
    for (int64_t i = 0; i < static_cast<int64_t>(got.size()); ++i) {
      const int32_t u = x[SourceIndex(out_shape, shape1_, i)];
      const int32_t v = y[SourceIndex(out_shape, shape2_, i)];
      const double real = Apply(static_cast<double>(q1_.scale) * (u - q1_.zero_point),
                                static_cast<double>(q2_.scale) * (v - q2_.zero_point));
      const int32_t expected =
          QuantizeReal(std::clamp(real, lo, hi), qout_.scale, qout_.zero_point, type_);
      ASSERT_LE(std::abs(got[i] - expected), 1)
          << "output " << i << " from q " << u << " and " << v << ": got " << got[i]
          << ", expected " << expected << " (real " << real << ")";
    }
  }

  graph::OpType op_;
  graph::Shape shape1_ = {1, 3};
  graph::Shape shape2_ = {1, 3};
  graph::DataType type_ = graph::DataType::kFloat32;
  QuantParams q1_;
  QuantParams q2_;
  QuantParams qout_;
  graph::Activation activation_ = graph::Activation::kNone;
  uint32_t seed_ = DefaultSeed();
};

// RELU or RELU6 (by `activation`) on every possible 8-bit input, against
// the definition: dequantize, clamp to the activation's real range, quantize
// to the output.
inline void TestClampActivationOnAllInputs(graph::OpType op, graph::Activation activation,
                                           graph::DataType type, QuantParams in, QuantParams out) {
  SCOPED_TRACE(std::string(graph::DataTypeName(type)) + " input " + std::to_string(in.scale) + "/" +
               std::to_string(in.zero_point) + " output " + std::to_string(out.scale) + "/" +
               std::to_string(out.zero_point));
  const int32_t lo = TypeMin(type);
  const int32_t hi = TypeMax(type);
  const graph::Shape shape = {hi - lo + 1};
  SingleOpRunner runner =
      MakeUnaryOp(op, op == graph::OpType::kRelu ? kernels::PrepareRelu : kernels::PrepareRelu6,
                  Quantized(type, shape, in.scale, in.zero_point),
                  Quantized(type, shape, out.scale, out.zero_point));
  const Status status = runner.Prepare();
  ASSERT_TRUE(status.ok()) << status.message();
  std::vector<int32_t> inputs;
  for (int32_t q = lo; q <= hi; ++q) inputs.push_back(q);
  SetQuantizedInput(runner, 0, type, inputs);
  runner.Run();
  const std::vector<int32_t> got = QuantizedOutput(runner, 1, type);
  const auto [min, max] = ActivationBounds(activation);
  for (size_t i = 0; i < inputs.size(); ++i) {
    const double x = static_cast<double>(in.scale) * (inputs[i] - in.zero_point);
    const int32_t expected = QuantizeReal(std::clamp(x, min, max), out.scale, out.zero_point, type);
    ASSERT_LE(std::abs(got[i] - expected), 1)
        << "q " << inputs[i] << " (x " << x << "): got " << got[i] << ", expected " << expected;
  }
}

}  // namespace edgebench::testing::elementwise_test
