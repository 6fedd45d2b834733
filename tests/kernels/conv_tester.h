// Test-only fluent testers for CONV_2D and DEPTHWISE_CONV_2D, plus the
// helpers the FULLY_CONNECTED tester shares. Each Test() builds a one-op
// graph with random data from a printed seed, runs a kernel (the reference
// one unless prepare() names another), and compares every output with a
// definition-level loop computed here in double precision:
//   float:     |got - expected| <= n * FLT_EPSILON * sum|terms| + 1e-6, the
//              worst-case bound of an n-term float sum, with a margin of 2.
//   quantized: expected = round(real / out_scale) + out_zp, clamped; the
//              kernel's fixed-point rescaling may differ by one unit.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "graph/graph_builder.h"
#include "kernels/reference_kernels.h"
#include "support/single_op.h"

namespace edgebench::testing {

namespace conv_test {

// The seed of a tester that was given none: EDGEBENCH_TEST_SEED when set (to
// explore), otherwise a fixed value so runs repeat.
inline uint32_t DefaultSeed() {
  const char* env = std::getenv("EDGEBENCH_TEST_SEED");
  return env != nullptr ? static_cast<uint32_t>(std::strtoul(env, nullptr, 10)) : 20240917u;
}

inline int32_t RandomInt(std::mt19937& rng, int32_t lo, int32_t hi) {
  return std::uniform_int_distribution<int32_t>(lo, hi)(rng);
}
inline float RandomFloat(std::mt19937& rng, float lo, float hi) {
  return std::uniform_real_distribution<float>(lo, hi)(rng);
}

inline std::vector<float> RandomFloats(std::mt19937& rng, size_t count) {
  std::vector<float> values(count);
  for (float& v : values) v = RandomFloat(rng, -1.0f, 1.0f);
  return values;
}
inline std::vector<int32_t> RandomInts(std::mt19937& rng, size_t count, int32_t lo, int32_t hi) {
  std::vector<int32_t> values(count);
  for (int32_t& v : values) v = RandomInt(rng, lo, hi);
  return values;
}

template <typename T>
std::vector<T> Narrow(const std::vector<int32_t>& values) {
  return std::vector<T>(values.begin(), values.end());
}
template <typename T>
std::vector<int32_t> Widen(const std::vector<T>& values) {
  return std::vector<int32_t>(values.begin(), values.end());
}

inline int32_t TypeMin(graph::DataType type) { return type == graph::DataType::kUInt8 ? 0 : -128; }
inline int32_t TypeMax(graph::DataType type) { return type == graph::DataType::kUInt8 ? 255 : 127; }

// Real bounds of a fused activation (infinite where it has none).
inline std::pair<double, double> ActivationBounds(graph::Activation activation) {
  const double inf = INFINITY;
  switch (activation) {
    case graph::Activation::kNone: return {-inf, inf};
    case graph::Activation::kRelu: return {0.0, inf};
    case graph::Activation::kReluN1To1: return {-1.0, 1.0};
    case graph::Activation::kRelu6: return {0.0, 6.0};
  }
  return {-inf, inf};
}

// Per-tensor quantization of one operand.
struct Operand {
  float scale = 1.0f;
  int32_t zero_point = 0;
};

// Chooses the output's quantization from the real results so the values
// span a little more than the type's range: most outputs land inside, a few
// saturate at either end, and the clamps are exercised.
inline Operand ChooseOutputQuantization(const std::vector<double>& real, graph::DataType type) {
  double lo = 0.0;
  double hi = 0.0;
  for (double r : real) {
    lo = std::min(lo, r);
    hi = std::max(hi, r);
  }
  Operand out;
  out.scale = static_cast<float>(std::max(hi - lo, 1e-3) / 280.0);
  const double middle = (TypeMin(type) + TypeMax(type)) / 2.0;
  out.zero_point = static_cast<int32_t>(std::clamp(std::round(middle - (lo + hi) / 2.0 / out.scale),
                                                   static_cast<double>(TypeMin(type)),
                                                   static_cast<double>(TypeMax(type))));
  return out;
}

// The quantized value the definition gives for real result `real`.
inline int32_t ExpectedQuantized(double real, const Operand& out, graph::Activation activation,
                                 graph::DataType type) {
  const double scale = out.scale;
  int32_t q = static_cast<int32_t>(std::clamp(std::round(real / scale) + out.zero_point,
                                              static_cast<double>(TypeMin(type)),
                                              static_cast<double>(TypeMax(type))));
  const auto [lo, hi] = ActivationBounds(activation);
  if (std::isfinite(lo))
    q = std::max(q, out.zero_point + static_cast<int32_t>(std::round(lo / scale)));
  if (std::isfinite(hi))
    q = std::min(q, out.zero_point + static_cast<int32_t>(std::round(hi / scale)));
  return q;
}

// "[0,3,4,1]": the coordinates of flat index `i` in a row-major `shape`.
inline std::string Position(size_t i, const graph::Shape& shape) {
  std::string text = "]";
  for (size_t d = shape.size(); d-- > 0;) {
    const size_t extent = shape[d] > 0 ? static_cast<size_t>(shape[d]) : 1;
    text = (d == 0 ? "[" : ",") + std::to_string(i % extent) + text;
    i /= extent;
  }
  return text;
}

// Compares kernel output with the definition; reports at most 10 failures.
// `real` holds the unclamped real results, `magnitude` the sum of |terms|
// and `terms` the number of products of each output (float tolerance).
struct Expectation {
  std::vector<double> real;
  std::vector<double> magnitude;
  int64_t terms = 0;
};

inline void CompareFloat(const std::vector<float>& got, const Expectation& e,
                         graph::Activation activation, const graph::Shape& shape) {
  const auto [lo, hi] = ActivationBounds(activation);
  ASSERT_EQ(got.size(), e.real.size());
  int failures = 0;
  for (size_t i = 0; i < got.size() && failures < 10; ++i) {
    const double expected = std::clamp(e.real[i], lo, hi);
    const double tolerance = static_cast<double>(e.terms) * FLT_EPSILON * e.magnitude[i] + 1e-6;
    if (std::abs(got[i] - expected) > tolerance) {
      ADD_FAILURE() << "output " << Position(i, shape) << ": got " << got[i] << ", expected "
                    << expected << " (unclamped " << e.real[i] << ", tolerance " << tolerance
                    << ")";
      ++failures;
    }
  }
}

inline void CompareQuantized(const std::vector<int32_t>& got, const Expectation& e,
                             const Operand& out, graph::Activation activation, graph::DataType type,
                             const graph::Shape& shape) {
  ASSERT_EQ(got.size(), e.real.size());
  int failures = 0;
  for (size_t i = 0; i < got.size() && failures < 10; ++i) {
    const int32_t expected = ExpectedQuantized(e.real[i], out, activation, type);
    if (std::abs(got[i] - expected) > 1) {
      ADD_FAILURE() << "output " << Position(i, shape) << ": got " << got[i] << ", expected "
                    << expected << " +-1 (real " << e.real[i] << ", output scale " << out.scale
                    << ", zero point " << out.zero_point << ")";
      ++failures;
    }
  }
}

// Random quantized operands of one problem, as integers, with their
// quantization; weight_scales has one entry per output channel.
struct QuantizedData {
  std::vector<int32_t> input;
  std::vector<int32_t> weights;
  std::vector<int32_t> bias;
  Operand in;
  int32_t weights_zero_point = 0;
  std::vector<float> weight_scales;
};

// uint8: asymmetric per-tensor weights. int8: symmetric weights, one scale
// per output channel when `per_channel`, else one for all.
inline QuantizedData RandomQuantizedData(std::mt19937& rng, graph::DataType type,
                                         size_t input_count, size_t weight_count, int32_t channels,
                                         bool per_channel) {
  QuantizedData d;
  const bool u8 = type == graph::DataType::kUInt8;
  d.in.scale = RandomFloat(rng, 0.01f, 0.05f);
  d.in.zero_point = u8 ? RandomInt(rng, 64, 192) : RandomInt(rng, -64, 64);
  d.input = RandomInts(rng, input_count, TypeMin(type), TypeMax(type));
  d.weights_zero_point = u8 ? RandomInt(rng, 64, 192) : 0;
  d.weights = RandomInts(rng, weight_count, u8 ? 0 : -127, TypeMax(type));
  const float base = RandomFloat(rng, 0.002f, 0.02f);
  d.weight_scales.assign(channels, base);
  if (per_channel) {
    for (float& s : d.weight_scales) s = base * RandomFloat(rng, 0.25f, 4.0f);
  }
  d.bias = RandomInts(rng, channels, -5000, 5000);
  return d;
}

inline std::vector<double> Dequantize(const std::vector<int32_t>& q, double scale,
                                      int32_t zero_point) {
  std::vector<double> real(q.size());
  for (size_t i = 0; i < q.size(); ++i) real[i] = scale * (q[i] - zero_point);
  return real;
}

inline graph::Quantization PerTensor(const Operand& o) {
  graph::Quantization q;
  q.scale = {o.scale};
  q.zero_point = {o.zero_point};
  return q;
}

inline graph::Quantization WeightQuantization(const QuantizedData& d, bool per_channel,
                                              int32_t axis) {
  graph::Quantization q;
  if (per_channel) {
    q.scale = d.weight_scales;
    q.zero_point.assign(d.weight_scales.size(), 0);
    q.axis = axis;
  } else {
    q.scale = {d.weight_scales[0]};
    q.zero_point = {d.weights_zero_point};
  }
  return q;
}

// Prepares and runs the one-op graph of `builder` on `input_values` and
// returns output `output`; empty (with a test failure) if Prepare failed.
template <typename Out, typename In>
std::vector<Out> RunSingleOp(graph::GraphBuilder builder, kernels::PrepareFunction prepare,
                             int input, const std::vector<In>& input_values, int output) {
  SingleOpRunner runner(std::move(builder).Build(), prepare);
  const Status status = runner.Prepare();
  EXPECT_TRUE(status.ok()) << status.message();
  if (!status.ok()) return {};
  runner.SetInput(input, input_values);
  runner.Run();
  return runner.Output<Out>(output);
}

// The error Prepare reports for the one-op graph of `builder` ("" if none).
inline std::string PrepareError(graph::GraphBuilder builder, kernels::PrepareFunction prepare) {
  SingleOpRunner runner(std::move(builder).Build(), prepare);
  return runner.Prepare().message();
}

inline graph::Quantization Quant(float scale, int64_t zero_point) {
  graph::Quantization q;
  q.scale = {scale};
  q.zero_point = {zero_point};
  return q;
}

inline graph::Quantization PerChannelQuant(std::vector<float> scales, int32_t axis) {
  graph::Quantization q;
  q.zero_point.assign(scales.size(), 0);
  q.scale = std::move(scales);
  q.axis = axis;
  return q;
}

}  // namespace conv_test

class ConvTester {
 public:
  ConvTester& input(int32_t n, int32_t h, int32_t w, int32_t c) {
    batches_ = n, input_h_ = h, input_w_ = w, input_c_ = c;
    return *this;
  }
  ConvTester& kernel(int32_t h, int32_t w) {
    kernel_h_ = h, kernel_w_ = w;
    return *this;
  }
  // CONV_2D only: number of filters.
  ConvTester& output_channels(int32_t c) {
    output_c_ = c;
    return *this;
  }
  // Makes the op DEPTHWISE_CONV_2D with this multiplier.
  ConvTester& depth_multiplier(int32_t m) {
    depthwise_ = true, depth_multiplier_ = m;
    return *this;
  }
  ConvTester& stride(int32_t s) { return stride(s, s); }
  ConvTester& stride(int32_t h, int32_t w) {
    stride_h_ = h, stride_w_ = w;
    return *this;
  }
  ConvTester& dilation(int32_t d) { return dilation(d, d); }
  ConvTester& dilation(int32_t h, int32_t w) {
    dilation_h_ = h, dilation_w_ = w;
    return *this;
  }
  ConvTester& padding(graph::Padding p) {
    padding_ = p;
    return *this;
  }
  ConvTester& activation(graph::Activation a) {
    activation_ = a;
    return *this;
  }
  // Without bias the op's input 2 is kNoTensor.
  ConvTester& bias(bool has_bias) {
    has_bias_ = has_bias;
    return *this;
  }
  // INT8 only: one weight scale per output channel (else one in all).
  ConvTester& per_channel(bool on) {
    per_channel_ = on;
    return *this;
  }
  ConvTester& seed(uint32_t s) {
    seed_ = s;
    return *this;
  }
  // The kernel under test; the reference kernel of the op by default.
  ConvTester& prepare(kernels::PrepareFunction f) {
    prepare_ = f;
    return *this;
  }

  void Test(graph::DataType type) const {
    SCOPED_TRACE(Describe(type));
    std::mt19937 rng(seed_);
    const Geometry g = ComputeGeometry();
    if (type == graph::DataType::kFloat32) {
      TestFloat(rng, g);
    } else if (type == graph::DataType::kUInt8) {
      TestQuantized<uint8_t>(rng, type, g);
    } else {
      TestQuantized<int8_t>(rng, type, g);
    }
  }

 private:
  struct Geometry {
    int32_t output_h = 0, output_w = 0, pad_top = 0, pad_left = 0;
  };

  int32_t OutputChannels() const { return depthwise_ ? input_c_ * depth_multiplier_ : output_c_; }
  size_t InputCount() const {
    return static_cast<size_t>(batches_) * input_h_ * input_w_ * input_c_;
  }
  size_t WeightCount() const {
    const size_t taps = static_cast<size_t>(kernel_h_) * kernel_w_;
    return depthwise_ ? taps * OutputChannels() : taps * input_c_ * output_c_;
  }
  graph::Shape WeightShape() const {
    return depthwise_ ? graph::Shape{1, kernel_h_, kernel_w_, OutputChannels()}
                      : graph::Shape{output_c_, kernel_h_, kernel_w_, input_c_};
  }
  graph::Shape OutputShape(const Geometry& g) const {
    return {batches_, g.output_h, g.output_w, OutputChannels()};
  }

  // TensorFlow's definition: SAME gives ceil(in / stride) outputs and splits
  // the padding with the odd pixel after; VALID uses only whole windows.
  Geometry ComputeGeometry() const {
    auto one = [&](int32_t in, int32_t k, int32_t s, int32_t d, int32_t* out, int32_t* before) {
      const int32_t extent = (k - 1) * d + 1;
      if (padding_ == graph::Padding::kSame) {
        *out = (in + s - 1) / s;
        *before = std::max(0, (*out - 1) * s + extent - in) / 2;
      } else {
        *out = static_cast<int32_t>(std::ceil(static_cast<double>(in - extent + 1) / s));
        *before = 0;
      }
    };
    Geometry g;
    one(input_h_, kernel_h_, stride_h_, dilation_h_, &g.output_h, &g.pad_top);
    one(input_w_, kernel_w_, stride_w_, dilation_w_, &g.output_w, &g.pad_left);
    return g;
  }

  // The definition of both ops over real numbers: every output is the sum
  // over the window of input * weight, plus bias.
  conv_test::Expectation Reference(const Geometry& g, const std::vector<double>& in,
                                   const std::vector<double>& w,
                                   const std::vector<double>& b) const {
    conv_test::Expectation e;
    const int32_t oc_count = OutputChannels();
    e.terms = static_cast<int64_t>(kernel_h_) * kernel_w_ * (depthwise_ ? 1 : input_c_) + 1;
    for (int32_t n = 0; n < batches_; ++n) {
      for (int32_t oy = 0; oy < g.output_h; ++oy) {
        for (int32_t ox = 0; ox < g.output_w; ++ox) {
          for (int32_t oc = 0; oc < oc_count; ++oc) {
            double sum = b.empty() ? 0.0 : b[oc];
            double magnitude = std::abs(sum);
            for (int32_t ky = 0; ky < kernel_h_; ++ky) {
              for (int32_t kx = 0; kx < kernel_w_; ++kx) {
                const int32_t y = oy * stride_h_ - g.pad_top + ky * dilation_h_;
                const int32_t x = ox * stride_w_ - g.pad_left + kx * dilation_w_;
                if (y < 0 || y >= input_h_ || x < 0 || x >= input_w_) continue;
                const size_t pixel = ((static_cast<size_t>(n) * input_h_ + y) * input_w_ + x);
                if (depthwise_) {
                  const double term = in[pixel * input_c_ + oc / depth_multiplier_] *
                                      w[(static_cast<size_t>(ky) * kernel_w_ + kx) * oc_count + oc];
                  sum += term;
                  magnitude += std::abs(term);
                  continue;
                }
                for (int32_t ic = 0; ic < input_c_; ++ic) {
                  const double term =
                      in[pixel * input_c_ + ic] *
                      w[((static_cast<size_t>(oc) * kernel_h_ + ky) * kernel_w_ + kx) * input_c_ +
                        ic];
                  sum += term;
                  magnitude += std::abs(term);
                }
              }
            }
            e.real.push_back(sum);
            e.magnitude.push_back(magnitude);
          }
        }
      }
    }
    return e;
  }

  void TestFloat(std::mt19937& rng, const Geometry& g) const {
    const std::vector<float> in = conv_test::RandomFloats(rng, InputCount());
    const std::vector<float> w = conv_test::RandomFloats(rng, WeightCount());
    const std::vector<float> b =
        has_bias_ ? conv_test::RandomFloats(rng, OutputChannels()) : std::vector<float>{};
    const conv_test::Expectation e =
        Reference(g, {in.begin(), in.end()}, {w.begin(), w.end()}, {b.begin(), b.end()});

    graph::GraphBuilder builder;
    const auto f32 = graph::DataType::kFloat32;
    const int input = builder.AddTensor("input", f32, {batches_, input_h_, input_w_, input_c_});
    const int weights = builder.AddConstant("weights", f32, WeightShape(), w);
    const int bias =
        has_bias_ ? builder.AddConstant("bias", f32, {OutputChannels()}, b) : graph::kNoTensor;
    const int output = builder.AddTensor("output", f32, OutputShape(g));
    SingleOpRunner runner = MakeRunner(std::move(builder), input, weights, bias, output);
    ASSERT_TRUE(Prepared(runner));
    runner.SetInput(input, in);
    runner.Run();
    conv_test::CompareFloat(runner.Output<float>(output), e, activation_, OutputShape(g));
  }

  template <typename T>
  void TestQuantized(std::mt19937& rng, graph::DataType type, const Geometry& g) const {
    using conv_test::Dequantize;
    const bool per_channel = per_channel_ && type == graph::DataType::kInt8;
    const conv_test::QuantizedData d = conv_test::RandomQuantizedData(
        rng, type, InputCount(), WeightCount(), OutputChannels(), per_channel);
    // Weights dequantized with their output channel's scale; the bias with
    // input scale * weight scale, as the format defines it.
    std::vector<double> w(d.weights.size());
    for (size_t i = 0; i < w.size(); ++i) {
      const size_t oc = depthwise_ ? i % OutputChannels() : i / (WeightCount() / output_c_);
      w[i] = static_cast<double>(d.weight_scales[oc]) * (d.weights[i] - d.weights_zero_point);
    }
    std::vector<double> b;
    for (int32_t oc = 0; has_bias_ && oc < OutputChannels(); ++oc) {
      b.push_back(static_cast<double>(d.in.scale) * d.weight_scales[oc] * d.bias[oc]);
    }
    const conv_test::Expectation e =
        Reference(g, Dequantize(d.input, d.in.scale, d.in.zero_point), w, b);
    const conv_test::Operand out = conv_test::ChooseOutputQuantization(e.real, type);

    graph::GraphBuilder builder;
    const int input = builder.AddTensor("input", type, {batches_, input_h_, input_w_, input_c_},
                                        conv_test::PerTensor(d.in));
    const int weights =
        builder.AddConstant("weights", type, WeightShape(), conv_test::Narrow<T>(d.weights),
                            conv_test::WeightQuantization(d, per_channel, depthwise_ ? 3 : 0));
    const int bias =
        has_bias_ ? builder.AddConstant("bias", graph::DataType::kInt32, {OutputChannels()}, d.bias)
                  : graph::kNoTensor;
    const int output = builder.AddTensor("output", type, OutputShape(g), conv_test::PerTensor(out));
    SingleOpRunner runner = MakeRunner(std::move(builder), input, weights, bias, output);
    ASSERT_TRUE(Prepared(runner));
    runner.SetInput(input, conv_test::Narrow<T>(d.input));
    runner.Run();
    conv_test::CompareQuantized(conv_test::Widen(runner.Output<T>(output)), e, out, activation_,
                                type, OutputShape(g));
  }

  SingleOpRunner MakeRunner(graph::GraphBuilder builder, int input, int weights, int bias,
                            int output) const {
    if (depthwise_) {
      graph::DepthwiseConv2DOptions o;
      o.padding = padding_, o.stride_h = stride_h_, o.stride_w = stride_w_;
      o.dilation_h = dilation_h_, o.dilation_w = dilation_w_;
      o.depth_multiplier = depth_multiplier_, o.activation = activation_;
      builder.AddOp(graph::OpType::kDepthwiseConv2D, {input, weights, bias}, {output}, o);
    } else {
      graph::Conv2DOptions o;
      o.padding = padding_, o.stride_h = stride_h_, o.stride_w = stride_w_;
      o.dilation_h = dilation_h_, o.dilation_w = dilation_w_, o.activation = activation_;
      builder.AddOp(graph::OpType::kConv2D, {input, weights, bias}, {output}, o);
    }
    kernels::PrepareFunction function = prepare_;
    if (function == nullptr) {
      function = depthwise_ ? kernels::PrepareDepthwiseConv2D : kernels::PrepareConv2D;
    }
    return SingleOpRunner(std::move(builder).Build(), function);
  }

  static bool Prepared(SingleOpRunner& runner) {
    const Status status = runner.Prepare();
    EXPECT_TRUE(status.ok()) << status.message();
    return status.ok();
  }

  std::string Describe(graph::DataType type) const {
    std::ostringstream s;
    s << (depthwise_ ? "DEPTHWISE_CONV_2D " : "CONV_2D ") << graph::DataTypeName(type) << " input ["
      << batches_ << "," << input_h_ << "," << input_w_ << "," << input_c_ << "] kernel "
      << kernel_h_ << "x" << kernel_w_ << " out_c " << OutputChannels() << " stride " << stride_h_
      << "," << stride_w_ << " dilation " << dilation_h_ << "," << dilation_w_
      << (padding_ == graph::Padding::kSame ? " SAME " : " VALID ")
      << graph::ActivationName(activation_) << (has_bias_ ? " bias" : " no-bias")
      << (per_channel_ && type == graph::DataType::kInt8 ? " per-channel" : "") << " seed "
      << seed_;
    return s.str();
  }

  int32_t batches_ = 1, input_h_ = 5, input_w_ = 5, input_c_ = 3;
  int32_t kernel_h_ = 3, kernel_w_ = 3;
  int32_t output_c_ = 4;
  bool depthwise_ = false;
  int32_t depth_multiplier_ = 1;
  int32_t stride_h_ = 1, stride_w_ = 1, dilation_h_ = 1, dilation_w_ = 1;
  graph::Padding padding_ = graph::Padding::kSame;
  graph::Activation activation_ = graph::Activation::kNone;
  bool has_bias_ = true;
  bool per_channel_ = true;
  uint32_t seed_ = conv_test::DefaultSeed();
  kernels::PrepareFunction prepare_ = nullptr;
};

}  // namespace edgebench::testing
