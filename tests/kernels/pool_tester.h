// Test-only fluent tester for AVERAGE_POOL_2D and MAX_POOL_2D. Test() builds
// a one-op graph, fills the input with random values from a printed seed,
// runs the reference kernel and compares every output with a definition-level
// loop written here: the window is the filter placed at
// out * stride - pad_before, clipped to the input; SAME's pad_before is half
// of max(0, (out - 1) * stride + filter - in), rounded down.
//   float average: sum / count in double, tolerance count * FLT_EPSILON *
//     sum|x|; max: exact.
//   quantized average: the exact rational sum / count rounded half away
//     from zero (std::round on a double), exact; max: exact.
// Activation clamps are derived from the real bounds (0, 6, -1, 1).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "graph/graph_builder.h"
#include "kernels/reference_kernels.h"
#include "support/single_op.h"

namespace edgebench::testing {

class PoolTester {
 public:
  PoolTester& input(int32_t n, int32_t h, int32_t w, int32_t c) {
    batches_ = n;
    height_ = h;
    width_ = w;
    channels_ = c;
    return *this;
  }
  PoolTester& filter(int32_t h, int32_t w) {
    filter_h_ = h;
    filter_w_ = w;
    return *this;
  }
  PoolTester& stride(int32_t h, int32_t w) {
    stride_h_ = h;
    stride_w_ = w;
    return *this;
  }
  PoolTester& padding(graph::Padding padding) {
    padding_ = padding;
    return *this;
  }
  PoolTester& activation(graph::Activation activation) {
    activation_ = activation;
    return *this;
  }
  PoolTester& type(graph::DataType type) {
    type_ = type;
    return *this;
  }
  PoolTester& quantization(float scale, int32_t zero_point) {
    scale_ = scale;
    zero_point_ = zero_point;
    return *this;
  }
  PoolTester& seed(uint32_t seed) {
    seed_ = seed;
    return *this;
  }

  // `op` is kAveragePool2D or kMaxPool2D.
  void Test(graph::OpType op) const {
    SCOPED_TRACE(Describe(op));
    std::mt19937 rng(seed_);
    const int32_t out_h = OutputSize(height_, filter_h_, stride_h_);
    const int32_t out_w = OutputSize(width_, filter_w_, stride_w_);
    const std::vector<double> input = RandomInput(rng);
    const std::vector<double> expected = Expected(op, input, out_h, out_w);

    graph::GraphBuilder builder;
    graph::Quantization q;
    if (type_ != graph::DataType::kFloat32) q = {{scale_}, {zero_point_}, 0};
    const int in = builder.AddTensor("in", type_, {batches_, height_, width_, channels_}, q);
    const int out = builder.AddTensor("out", type_, {batches_, out_h, out_w, channels_}, q);
    graph::Pool2DOptions options;
    options.padding = padding_;
    options.stride_h = stride_h_;
    options.stride_w = stride_w_;
    options.filter_h = filter_h_;
    options.filter_w = filter_w_;
    options.activation = activation_;
    builder.AddOp(op, {in}, {out}, options);
    SingleOpRunner runner(std::move(builder).Build(), op == graph::OpType::kAveragePool2D
                                                          ? kernels::PrepareAveragePool2D
                                                          : kernels::PrepareMaxPool2D);
    const Status status = runner.Prepare();
    ASSERT_TRUE(status.ok()) << status.message();
    std::vector<double> got;
    switch (type_) {
      case graph::DataType::kFloat32: got = RunAs<float>(runner, in, out, input); break;
      case graph::DataType::kUInt8: got = RunAs<uint8_t>(runner, in, out, input); break;
      default: got = RunAs<int8_t>(runner, in, out, input); break;
    }
    Compare(op, input, got, expected, out_h, out_w);
  }

 private:
  std::string Describe(graph::OpType op) const {
    std::ostringstream text;
    text << graph::OpTypeName(op) << " " << graph::DataTypeName(type_) << " input " << batches_
         << "x" << height_ << "x" << width_ << "x" << channels_ << " filter " << filter_h_ << "x"
         << filter_w_ << " stride " << stride_h_ << "x" << stride_w_ << " "
         << (padding_ == graph::Padding::kSame ? "SAME" : "VALID") << " activation "
         << graph::ActivationName(activation_) << " seed " << seed_;
    return text.str();
  }

  int32_t OutputSize(int32_t in, int32_t filter, int32_t stride) const {
    if (padding_ == graph::Padding::kSame) return (in + stride - 1) / stride;
    return (in - filter) / stride + 1;
  }
  int32_t PadBefore(int32_t in, int32_t filter, int32_t stride) const {
    if (padding_ == graph::Padding::kValid) return 0;
    const int32_t out = OutputSize(in, filter, stride);
    return std::max(0, (out - 1) * stride + filter - in) / 2;
  }

  bool quantized() const { return type_ != graph::DataType::kFloat32; }
  int32_t TypeMin() const { return type_ == graph::DataType::kUInt8 ? 0 : -128; }
  int32_t TypeMax() const { return type_ == graph::DataType::kUInt8 ? 255 : 127; }

  // Values as doubles; quantized ones are the raw integers.
  std::vector<double> RandomInput(std::mt19937& rng) const {
    std::vector<double> values(static_cast<size_t>(batches_) * height_ * width_ * channels_);
    for (double& v : values) {
      v = quantized() ? std::uniform_int_distribution<int32_t>(TypeMin(), TypeMax())(rng)
                      : std::uniform_real_distribution<float>(-8.0f, 8.0f)(rng);
    }
    return values;
  }

  int64_t Index(int32_t b, int32_t y, int32_t x, int32_t c, int32_t h, int32_t w) const {
    return ((static_cast<int64_t>(b) * h + y) * w + x) * channels_ + c;
  }

  // Unclamped pooled values (raw integers for quantized types).
  std::vector<double> Expected(graph::OpType op, const std::vector<double>& input, int32_t out_h,
                               int32_t out_w) const {
    const int32_t pad_top = PadBefore(height_, filter_h_, stride_h_);
    const int32_t pad_left = PadBefore(width_, filter_w_, stride_w_);
    std::vector<double> result;
    for (int32_t b = 0; b < batches_; ++b) {
      for (int32_t oy = 0; oy < out_h; ++oy) {
        for (int32_t ox = 0; ox < out_w; ++ox) {
          for (int32_t c = 0; c < channels_; ++c) {
            double sum = 0.0;
            double max = -std::numeric_limits<double>::infinity();
            int count = 0;
            for (int32_t fy = 0; fy < filter_h_; ++fy) {
              for (int32_t fx = 0; fx < filter_w_; ++fx) {
                const int32_t y = oy * stride_h_ - pad_top + fy;
                const int32_t x = ox * stride_w_ - pad_left + fx;
                if (y < 0 || y >= height_ || x < 0 || x >= width_) continue;
                const double v = input[Index(b, y, x, c, height_, width_)];
                sum += v;
                max = std::max(max, v);
                ++count;
              }
            }
            if (op == graph::OpType::kMaxPool2D) {
              result.push_back(max);
            } else {
              result.push_back(quantized() ? std::round(sum / count) : sum / count);
            }
          }
        }
      }
    }
    return result;
  }

  // The activation's clamp, in the domain of the values (raw for quantized).
  std::pair<double, double> Bounds() const {
    double lo = -std::numeric_limits<double>::infinity();
    double hi = std::numeric_limits<double>::infinity();
    switch (activation_) {
      case graph::Activation::kNone: break;
      case graph::Activation::kRelu: lo = 0; break;
      case graph::Activation::kReluN1To1: lo = -1, hi = 1; break;
      case graph::Activation::kRelu6: lo = 0, hi = 6; break;
    }
    if (!quantized()) return {lo, hi};
    const auto to_q = [&](double real) { return std::round(real / scale_) + zero_point_; };
    return {std::max<double>(TypeMin(), std::isfinite(lo) ? to_q(lo) : TypeMin()),
            std::min<double>(TypeMax(), std::isfinite(hi) ? to_q(hi) : TypeMax())};
  }

  template <typename T>
  static std::vector<double> RunAs(SingleOpRunner& runner, int in, int out,
                                   const std::vector<double>& input) {
    runner.SetInput(in, std::vector<T>(input.begin(), input.end()));
    runner.Run();
    const std::vector<T> values = runner.Output<T>(out);
    return std::vector<double>(values.begin(), values.end());
  }

  void Compare(graph::OpType op, const std::vector<double>& input, const std::vector<double>& got,
               const std::vector<double>& expected, int32_t out_h, int32_t out_w) const {
    ASSERT_EQ(got.size(), expected.size());
    const auto [lo, hi] = Bounds();
    // Float averages: a count-term float sum errs by at most count * eps *
    // sum|x|; |x| <= 8 and count <= filter area.
    const double tolerance = op == graph::OpType::kAveragePool2D && !quantized()
                                 ? filter_h_ * filter_w_ * FLT_EPSILON * 8.0
                                 : 0.0;
    int failures = 0;
    for (size_t i = 0; i < got.size() && failures < 10; ++i) {
      const double want = std::clamp(expected[i], lo, hi);
      if (std::abs(got[i] - want) > tolerance) {
        ADD_FAILURE() << "output " << i << " of " << out_h << "x" << out_w << "x" << channels_
                      << ": got " << got[i] << ", expected " << want << " (unclamped "
                      << expected[i] << "), input[0] " << input[0];
        ++failures;
      }
    }
  }

  int32_t batches_ = 1;
  int32_t height_ = 1;
  int32_t width_ = 1;
  int32_t channels_ = 1;
  int32_t filter_h_ = 1;
  int32_t filter_w_ = 1;
  int32_t stride_h_ = 1;
  int32_t stride_w_ = 1;
  graph::Padding padding_ = graph::Padding::kValid;
  graph::Activation activation_ = graph::Activation::kNone;
  graph::DataType type_ = graph::DataType::kFloat32;
  float scale_ = 0.05f;
  int32_t zero_point_ = 0;
  uint32_t seed_ = 1;
};

// Seed for random tests: EDGEBENCH_TEST_SEED when set, else a fixed value
// so runs repeat; tests print it in every failure message.
inline uint32_t PoolTestSeed() {
  const char* env = std::getenv("EDGEBENCH_TEST_SEED");
  return env != nullptr ? static_cast<uint32_t>(std::strtoul(env, nullptr, 10)) : 7321u;
}

}  // namespace edgebench::testing
