// Test-only fluent tester for FULLY_CONNECTED, with the same contract as
// ConvTester (conv_tester.h): random data from a printed seed, a
// definition-level expectation in double, explicit tolerances.
#pragma once

#include <gtest/gtest.h>

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "conv_tester.h"

namespace edgebench::testing {

class FullyConnectedTester {
 public:
  // Any rank; read as rows of depth() values.
  FullyConnectedTester& input_shape(graph::Shape shape) {
    input_shape_ = std::move(shape);
    return *this;
  }
  // Values per row; the input's last dimension unless set.
  FullyConnectedTester& depth(int32_t d) {
    depth_ = d;
    return *this;
  }
  FullyConnectedTester& units(int32_t u) {
    units_ = u;
    return *this;
  }
  FullyConnectedTester& keep_num_dims(bool keep) {
    keep_num_dims_ = keep;
    return *this;
  }
  FullyConnectedTester& activation(graph::Activation a) {
    activation_ = a;
    return *this;
  }
  FullyConnectedTester& bias(bool has_bias) {
    has_bias_ = has_bias;
    return *this;
  }
  // INT8 only: one weight scale per unit (else one in all).
  FullyConnectedTester& per_channel(bool on) {
    per_channel_ = on;
    return *this;
  }
  FullyConnectedTester& seed(uint32_t s) {
    seed_ = s;
    return *this;
  }
  FullyConnectedTester& prepare(kernels::PrepareFunction f) {
    prepare_ = f;
    return *this;
  }

  void Test(graph::DataType type) const {
    SCOPED_TRACE(Describe(type));
    std::mt19937 rng(seed_);
    if (type == graph::DataType::kFloat32) {
      TestFloat(rng);
    } else if (type == graph::DataType::kUInt8) {
      TestQuantized<uint8_t>(rng, type);
    } else {
      TestQuantized<int8_t>(rng, type);
    }
  }

 private:
  int32_t Depth() const { return depth_ > 0 ? depth_ : input_shape_.back(); }
  int64_t Batches() const { return graph::NumElements(input_shape_) / Depth(); }
  size_t WeightCount() const { return static_cast<size_t>(units_) * Depth(); }
  graph::Shape OutputShape() const {
    if (!keep_num_dims_) return {static_cast<int32_t>(Batches()), units_};
    graph::Shape shape = input_shape_;
    shape.back() = units_;
    return shape;
  }

  // out[b][u] = sum_d in[b][d] * w[u][d] + bias[u]
  conv_test::Expectation Reference(const std::vector<double>& in, const std::vector<double>& w,
                                   const std::vector<double>& b) const {
    conv_test::Expectation e;
    const int32_t depth = Depth();
    e.terms = depth + 1;
    for (int64_t row = 0; row < Batches(); ++row) {
      for (int32_t u = 0; u < units_; ++u) {
        double sum = b.empty() ? 0.0 : b[u];
        double magnitude = std::abs(sum);
        for (int32_t d = 0; d < depth; ++d) {
          const double term = in[row * depth + d] * w[static_cast<size_t>(u) * depth + d];
          sum += term;
          magnitude += std::abs(term);
        }
        e.real.push_back(sum);
        e.magnitude.push_back(magnitude);
      }
    }
    return e;
  }

  void TestFloat(std::mt19937& rng) const {
    const std::vector<float> in =
        conv_test::RandomFloats(rng, static_cast<size_t>(graph::NumElements(input_shape_)));
    const std::vector<float> w = conv_test::RandomFloats(rng, WeightCount());
    const std::vector<float> b =
        has_bias_ ? conv_test::RandomFloats(rng, units_) : std::vector<float>{};
    const conv_test::Expectation e =
        Reference({in.begin(), in.end()}, {w.begin(), w.end()}, {b.begin(), b.end()});

    graph::GraphBuilder builder;
    const auto f32 = graph::DataType::kFloat32;
    const int input = builder.AddTensor("input", f32, input_shape_);
    const int weights = builder.AddConstant("weights", f32, {units_, Depth()}, w);
    const int bias = has_bias_ ? builder.AddConstant("bias", f32, {units_}, b) : graph::kNoTensor;
    const int output = builder.AddTensor("output", f32, OutputShape());
    AddOp(builder, input, weights, bias, output);
    const std::vector<float> got =
        conv_test::RunSingleOp<float>(std::move(builder), Prepare(), input, in, output);
    if (got.empty()) return;
    conv_test::CompareFloat(got, e, activation_, OutputShape());
  }

  template <typename T>
  void TestQuantized(std::mt19937& rng, graph::DataType type) const {
    const bool per_channel = per_channel_ && type == graph::DataType::kInt8;
    const conv_test::QuantizedData d = conv_test::RandomQuantizedData(
        rng, type, static_cast<size_t>(graph::NumElements(input_shape_)), WeightCount(), units_,
        per_channel);
    std::vector<double> w(d.weights.size());
    for (size_t i = 0; i < w.size(); ++i) {
      w[i] =
          static_cast<double>(d.weight_scales[i / Depth()]) * (d.weights[i] - d.weights_zero_point);
    }
    std::vector<double> b;
    for (int32_t u = 0; has_bias_ && u < units_; ++u) {
      b.push_back(static_cast<double>(d.in.scale) * d.weight_scales[u] * d.bias[u]);
    }
    const conv_test::Expectation e =
        Reference(conv_test::Dequantize(d.input, d.in.scale, d.in.zero_point), w, b);
    const conv_test::Operand out = conv_test::ChooseOutputQuantization(e.real, type);

    graph::GraphBuilder builder;
    const int input = builder.AddTensor("input", type, input_shape_, conv_test::PerTensor(d.in));
    const int weights =
        builder.AddConstant("weights", type, {units_, Depth()}, conv_test::Narrow<T>(d.weights),
                            conv_test::WeightQuantization(d, per_channel, 0));
    const int bias = has_bias_
                         ? builder.AddConstant("bias", graph::DataType::kInt32, {units_}, d.bias)
                         : graph::kNoTensor;
    const int output = builder.AddTensor("output", type, OutputShape(), conv_test::PerTensor(out));
    AddOp(builder, input, weights, bias, output);
    const std::vector<T> got = conv_test::RunSingleOp<T>(std::move(builder), Prepare(), input,
                                                         conv_test::Narrow<T>(d.input), output);
    if (got.empty()) return;
    conv_test::CompareQuantized(conv_test::Widen(got), e, out, activation_, type, OutputShape());
  }

  void AddOp(graph::GraphBuilder& builder, int input, int weights, int bias, int output) const {
    graph::FullyConnectedOptions o;
    o.activation = activation_;
    o.keep_num_dims = keep_num_dims_;
    builder.AddOp(graph::OpType::kFullyConnected, {input, weights, bias}, {output}, o);
  }

  kernels::PrepareFunction Prepare() const {
    return prepare_ != nullptr ? prepare_ : kernels::PrepareFullyConnected;
  }

  std::string Describe(graph::DataType type) const {
    std::ostringstream s;
    s << "FULLY_CONNECTED " << graph::DataTypeName(type) << " input "
      << graph::ShapeToString(input_shape_) << " depth " << Depth() << " units " << units_
      << (keep_num_dims_ ? " keep_num_dims " : " ") << graph::ActivationName(activation_)
      << (has_bias_ ? " bias" : " no-bias")
      << (per_channel_ && type == graph::DataType::kInt8 ? " per-channel" : "") << " seed "
      << seed_;
    return s.str();
  }

  graph::Shape input_shape_ = {1, 8};
  int32_t depth_ = 0;
  int32_t units_ = 4;
  bool keep_num_dims_ = false;
  graph::Activation activation_ = graph::Activation::kNone;
  bool has_bias_ = true;
  bool per_channel_ = true;
  uint32_t seed_ = conv_test::DefaultSeed();
  kernels::PrepareFunction prepare_ = nullptr;
};

}  // namespace edgebench::testing
