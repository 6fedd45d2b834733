// Test-only: random one-op graphs for the backend tests. Shapes are biased
// small and odd (1, 3, 13...), with every padding, stride, dilation, depth
// multiplier and fused activation; each case describes itself for failure
// messages. Quantized cases pick scales inside XNNPACK's limits and an
// output scale that makes results span most of the uint8 range.
#pragma once

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "graph/graph_builder.h"

namespace edgebench::testing {

class CaseRng {
 public:
  explicit CaseRng(uint32_t seed) : gen_(seed) {}
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen_); }
  float Float(float lo, float hi) { return std::uniform_real_distribution<float>(lo, hi)(gen_); }
  bool Bool() { return Int(0, 1) == 1; }
  // 1..hi, with 1 and small values more likely.
  int Size(int hi) { return Bool() ? Int(1, std::min(hi, 3)) : Int(1, hi); }
  graph::Padding Pad() { return Bool() ? graph::Padding::kSame : graph::Padding::kValid; }
  graph::Activation Act() { return static_cast<graph::Activation>(Int(0, 3)); }
  std::vector<float> Floats(int64_t n) {
    std::vector<float> v(n);
    for (float& x : v) x = Float(-1.0f, 1.0f);
    return v;
  }
  std::vector<uint8_t> Bytes(int64_t n) {
    std::vector<uint8_t> v(n);
    for (uint8_t& x : v) x = static_cast<uint8_t>(Int(0, 255));
    return v;
  }
  std::vector<int32_t> Ints(int64_t n, int lo, int hi) {
    std::vector<int32_t> v(n);
    for (int32_t& x : v) x = Int(lo, hi);
    return v;
  }
  graph::Quantization Quant(float scale_lo, float scale_hi) {
    return {{Float(scale_lo, scale_hi)}, {Int(0, 255)}, 0};
  }

 private:
  std::mt19937 gen_;
};

inline graph::Quantization Quant(float scale, int zero_point) { return {{scale}, {zero_point}, 0}; }

inline int32_t OutputSize(graph::Padding padding, int32_t in, int32_t filter, int32_t stride,
                          int32_t dilation) {
  const int32_t effective = (filter - 1) * dilation + 1;
  return padding == graph::Padding::kSame ? (in + stride - 1) / stride
                                          : (in - effective) / stride + 1;
}

inline std::string ShapeText(const graph::Shape& s) { return graph::ShapeToString(s); }

struct OpCase {
  graph::Graph graph;
  std::string description;
};

// CONV_2D or DEPTHWISE_CONV_2D with random geometry.
inline OpCase RandomConv(CaseRng& rng, graph::DataType type, bool depthwise) {
  using graph::DataType;
  const int batch = rng.Int(1, 2);
  const int cin = rng.Size(depthwise ? 19 : 17);
  const int mult = depthwise ? rng.Size(3) : 1;
  const int cout = depthwise ? cin * mult : rng.Size(17);
  const int kh = rng.Int(1, 5), kw = rng.Int(1, 5);
  const int sh = rng.Int(1, 3), sw = rng.Int(1, 3);
  const bool dilate = rng.Int(0, 3) == 0;
  const int dh = dilate ? rng.Int(1, 3) : 1, dw = dilate ? rng.Int(1, 3) : 1;
  const graph::Padding pad = rng.Pad();
  // VALID needs the input to cover the dilated filter.
  const int h = (kh - 1) * dh + rng.Size(13), w = (kw - 1) * dw + rng.Size(13);
  const graph::Activation act = rng.Act();
  const bool bias = rng.Int(0, 4) != 0;
  const graph::Shape in_shape{batch, h, w, cin};
  const graph::Shape filter_shape =
      depthwise ? graph::Shape{1, kh, kw, cout} : graph::Shape{cout, kh, kw, cin};
  const graph::Shape out_shape{batch, OutputSize(pad, h, kh, sh, dh),
                               OutputSize(pad, w, kw, sw, dw), cout};
  const int64_t filter_elements = graph::NumElements(filter_shape);
  graph::GraphBuilder b;
  int in, filter, bias_tensor = graph::kNoTensor, out;
  if (type == DataType::kFloat32) {
    in = b.AddTensor("in", type, in_shape);
    filter = b.AddConstant("filter", type, filter_shape, rng.Floats(filter_elements));
    if (bias) bias_tensor = b.AddConstant("bias", type, {cout}, rng.Floats(cout));
    out = b.AddTensor("out", type, out_shape);
  } else {
    const graph::Quantization qin = rng.Quant(0.005f, 0.05f);
    const graph::Quantization qw = rng.Quant(0.002f, 0.02f);
    // Sum of kh*kw*(cin) products of values about +-128: scale it to ~60 units.
    const double terms = static_cast<double>(kh) * kw * (depthwise ? 1 : cin);
    const float out_scale =
        static_cast<float>(qin.scale[0] * qw.scale[0] * 5461.0 * std::sqrt(terms) / 60.0);
    in = b.AddTensor("in", type, in_shape, qin);
    filter = b.AddConstant("filter", type, filter_shape, rng.Bytes(filter_elements), qw);
    if (bias) {
      bias_tensor = b.AddConstant("bias", DataType::kInt32, {cout}, rng.Ints(cout, -3000, 3000),
                                  Quant(qin.scale[0] * qw.scale[0], 0));
    }
    out = b.AddTensor("out", type, out_shape, Quant(out_scale, rng.Int(64, 192)));
  }
  std::vector<int> inputs{in, filter, bias_tensor};
  if (depthwise) {
    graph::DepthwiseConv2DOptions o{pad, sw, sh, mult, dw, dh, act};
    b.AddOp(graph::OpType::kDepthwiseConv2D, inputs, {out}, o);
  } else {
    graph::Conv2DOptions o{pad, sw, sh, dw, dh, act};
    b.AddOp(graph::OpType::kConv2D, inputs, {out}, o);
  }
  b.SetInputs({in});
  b.SetOutputs({out});
  const std::string text =
      std::string(depthwise ? "DEPTHWISE_CONV_2D" : "CONV_2D") + " " + graph::DataTypeName(type) +
      " in " + ShapeText(in_shape) + " filter " + ShapeText(filter_shape) + " stride " +
      std::to_string(sh) + "x" + std::to_string(sw) + " dilation " + std::to_string(dh) + "x" +
      std::to_string(dw) + (pad == graph::Padding::kSame ? " SAME" : " VALID") + " " +
      graph::ActivationName(act) + (bias ? "" : " no bias");
  return {std::move(b).Build(), text};
}

inline OpCase RandomFullyConnected(CaseRng& rng, graph::DataType type) {
  using graph::DataType;
  const int units = rng.Size(33), depth = rng.Size(40), batch = rng.Size(3);
  const bool keep_dims = rng.Bool();
  const graph::Shape in_shape =
      keep_dims ? graph::Shape{batch, 2, depth} : graph::Shape{batch, depth};
  const graph::Shape out_shape =
      keep_dims ? graph::Shape{batch, 2, units} : graph::Shape{batch * 1, units};
  const graph::Activation act = rng.Act();
  graph::GraphBuilder b;
  int in, weights, bias, out;
  if (type == DataType::kFloat32) {
    in = b.AddTensor("in", type, in_shape);
    weights = b.AddConstant("weights", type, {units, depth}, rng.Floats(int64_t{units} * depth));
    bias = b.AddConstant("bias", type, {units}, rng.Floats(units));
    out = b.AddTensor("out", type, out_shape);
  } else {
    const graph::Quantization qin = rng.Quant(0.005f, 0.05f);
    const graph::Quantization qw = rng.Quant(0.002f, 0.02f);
    const float out_scale = static_cast<float>(qin.scale[0] * qw.scale[0] * 5461.0 *
                                               std::sqrt(static_cast<double>(depth)) / 60.0);
    in = b.AddTensor("in", type, in_shape, qin);
    weights = b.AddConstant("weights", type, {units, depth}, rng.Bytes(int64_t{units} * depth), qw);
    bias = b.AddConstant("bias", DataType::kInt32, {units}, rng.Ints(units, -3000, 3000),
                         Quant(qin.scale[0] * qw.scale[0], 0));
    out = b.AddTensor("out", type, out_shape, Quant(out_scale, rng.Int(64, 192)));
  }
  b.AddOp(graph::OpType::kFullyConnected, {in, weights, bias}, {out},
          graph::FullyConnectedOptions{act, keep_dims});
  b.SetInputs({in});
  b.SetOutputs({out});
  return {std::move(b).Build(), std::string("FULLY_CONNECTED ") + graph::DataTypeName(type) +
                                    " in " + ShapeText(in_shape) + " units " +
                                    std::to_string(units) + " " + graph::ActivationName(act)};
}

// ADD or MUL with numpy broadcasting; sometimes the second operand is a
// constant.
inline OpCase RandomBinary(CaseRng& rng, graph::DataType type, graph::OpType op) {
  using graph::DataType;
  const int rank = rng.Int(1, 4);
  graph::Shape a_shape(rank), b_shape;
  for (int32_t& d : a_shape) d = rng.Size(9);
  const int b_rank = rng.Int(1, rank);
  b_shape.assign(a_shape.end() - b_rank, a_shape.end());
  for (int32_t& d : b_shape) {
    if (rng.Int(0, 2) == 0) d = 1;
  }
  if (rng.Bool()) std::swap(a_shape, b_shape);
  graph::Shape out_shape(std::max(a_shape.size(), b_shape.size()));
  for (size_t i = 1; i <= out_shape.size(); ++i) {
    const int32_t x = i <= a_shape.size() ? a_shape[a_shape.size() - i] : 1;
    const int32_t y = i <= b_shape.size() ? b_shape[b_shape.size() - i] : 1;
    out_shape[out_shape.size() - i] = std::max(x, y);
  }
  const bool constant_b = rng.Int(0, 3) == 0;
  const graph::Activation act = rng.Act();
  graph::GraphBuilder b;
  int x, y, out;
  if (type == DataType::kFloat32) {
    x = b.AddTensor("a", type, a_shape);
    y = constant_b ? b.AddConstant("b", type, b_shape, rng.Floats(graph::NumElements(b_shape)))
                   : b.AddTensor("b", type, b_shape);
    out = b.AddTensor("out", type, out_shape);
  } else {
    const graph::Quantization qa = rng.Quant(0.01f, 0.1f);
    const graph::Quantization qb = rng.Quant(0.01f, 0.1f);
    const float out_scale = op == graph::OpType::kAdd
                                ? (qa.scale[0] + qb.scale[0]) * rng.Float(0.6f, 1.2f)
                                : qa.scale[0] * qb.scale[0] * 128.0f * 128.0f / rng.Float(60, 200);
    x = b.AddTensor("a", type, a_shape, qa);
    y = constant_b ? b.AddConstant("b", type, b_shape, rng.Bytes(graph::NumElements(b_shape)), qb)
                   : b.AddTensor("b", type, b_shape, qb);
    out = b.AddTensor("out", type, out_shape, Quant(out_scale, rng.Int(64, 192)));
  }
  b.AddOp(op, {x, y}, {out}, graph::ElementwiseOptions{act});
  b.SetInputs(constant_b ? std::vector<int>{x} : std::vector<int>{x, y});
  b.SetOutputs({out});
  return {std::move(b).Build(), std::string(graph::OpTypeName(op)) + " " +
                                    graph::DataTypeName(type) + " " + ShapeText(a_shape) + " " +
                                    ShapeText(b_shape) + (constant_b ? " (constant)" : "") + " " +
                                    graph::ActivationName(act)};
}

inline OpCase RandomPool(CaseRng& rng, graph::DataType type, graph::OpType op) {
  const int fh = rng.Int(1, 4), sh = rng.Int(1, 3), sw = rng.Int(1, 3);
  const int fw = fh == 1 ? rng.Int(2, 4) : rng.Int(1, 4);  // XNNPACK has no 1x1 pooling
  const graph::Padding pad = rng.Pad();
  const graph::Shape in_shape{rng.Int(1, 2), fh - 1 + rng.Size(13), fw - 1 + rng.Size(13),
                              rng.Size(19)};
  const graph::Shape out_shape{in_shape[0], OutputSize(pad, in_shape[1], fh, sh, 1),
                               OutputSize(pad, in_shape[2], fw, sw, 1), in_shape[3]};
  const graph::Activation act = rng.Act();
  const graph::Quantization q =
      type == graph::DataType::kFloat32 ? graph::Quantization{} : rng.Quant(0.005f, 0.05f);
  graph::GraphBuilder b;
  const int in = b.AddTensor("in", type, in_shape, q);
  const int out = b.AddTensor("out", type, out_shape, q);
  b.AddOp(op, {in}, {out}, graph::Pool2DOptions{pad, sw, sh, fw, fh, act});
  b.SetInputs({in});
  b.SetOutputs({out});
  return {std::move(b).Build(),
          std::string(graph::OpTypeName(op)) + " " + graph::DataTypeName(type) + " in " +
              ShapeText(in_shape) + " filter " + std::to_string(fh) + "x" + std::to_string(fw) +
              " stride " + std::to_string(sh) + "x" + std::to_string(sw) +
              (pad == graph::Padding::kSame ? " SAME " : " VALID ") + graph::ActivationName(act)};
}

// MEAN over H and W (axes given in some order and sign).
inline OpCase RandomMean(CaseRng& rng, graph::DataType type) {
  const graph::Shape in_shape{rng.Int(1, 2), rng.Size(13), rng.Size(13), rng.Size(33)};
  const bool keep_dims = rng.Bool();
  const graph::Shape out_shape = keep_dims ? graph::Shape{in_shape[0], 1, 1, in_shape[3]}
                                           : graph::Shape{in_shape[0], in_shape[3]};
  const std::vector<std::vector<int32_t>> choices{{1, 2}, {2, 1}, {-3, -2}};
  const std::vector<int32_t> axes = choices[rng.Int(0, 2)];
  graph::GraphBuilder b;
  graph::Quantization qin, qout;
  if (type != graph::DataType::kFloat32) {
    qin = rng.Quant(0.005f, 0.05f);
    qout = Quant(qin.scale[0] * rng.Float(0.5f, 2.0f), rng.Int(0, 255));
  }
  const int in = b.AddTensor("in", type, in_shape, qin);
  const int axis = b.AddConstant("axes", graph::DataType::kInt32, {2}, axes);
  const int out = b.AddTensor("out", type, out_shape, qout);
  b.AddOp(graph::OpType::kMean, {in, axis}, {out}, graph::MeanOptions{keep_dims});
  b.SetInputs({in});
  b.SetOutputs({out});
  return {std::move(b).Build(), std::string("MEAN ") + graph::DataTypeName(type) + " in " +
                                    ShapeText(in_shape) + " axes " + std::to_string(axes[0]) + "," +
                                    std::to_string(axes[1]) + (keep_dims ? " keep_dims" : "")};
}

// LOGISTIC, RELU, RELU6, RESHAPE, SQUEEZE or SOFTMAX on a random shape.
inline OpCase RandomUnary(CaseRng& rng, graph::DataType type, graph::OpType op) {
  const int rank = rng.Int(1, 4);
  graph::Shape in_shape(rank);
  for (int32_t& d : in_shape) d = rng.Size(17);
  graph::Shape out_shape = in_shape;
  graph::OpOptions options;
  if (op == graph::OpType::kReshape) {
    out_shape = {static_cast<int32_t>(graph::NumElements(in_shape))};
    if (rng.Bool()) out_shape = {1, out_shape[0], 1};
    options = graph::ReshapeOptions{out_shape};
  } else if (op == graph::OpType::kSqueeze) {
    in_shape.insert(in_shape.begin() + rng.Int(0, rank), 1);
    out_shape.clear();
    for (int32_t d : in_shape) {
      if (d != 1) out_shape.push_back(d);
    }
    options = graph::SqueezeOptions{};
  } else if (op == graph::OpType::kSoftmax) {
    options = graph::SoftmaxOptions{1.0f};
  }
  graph::Quantization qin, qout;
  if (type != graph::DataType::kFloat32) {
    qin = rng.Quant(0.01f, 0.1f);
    // TFLite fixes uint8 LOGISTIC's and SOFTMAX's output quantization.
    const bool fixed = op == graph::OpType::kLogistic || op == graph::OpType::kSoftmax;
    qout = fixed ? Quant(1.0f / 256.0f, 0) : qin;
  }
  graph::GraphBuilder b;
  const int in = b.AddTensor("in", type, in_shape, qin);
  const int out = b.AddTensor("out", type, out_shape, qout);
  b.AddOp(op, {in}, {out}, options);
  b.SetInputs({in});
  b.SetOutputs({out});
  return {std::move(b).Build(), std::string(graph::OpTypeName(op)) + " " +
                                    graph::DataTypeName(type) + " in " + ShapeText(in_shape) +
                                    " out " + ShapeText(out_shape)};
}

}  // namespace edgebench::testing
