// Small graphs built in code for writer round trips and the fuzz corpus.
#pragma once

#include <vector>

#include "graph/graph_builder.h"

namespace edgebench::tflite::testing {

using graph::DataType;
using graph::GraphBuilder;
using graph::OpType;

// Conv with per-channel int8 weights, a reshape with its shape both in the
// options and as a constant input, and the post-processing op.
inline graph::Graph SmallDetector() {
  GraphBuilder b;
  const int input = b.AddTensor("image", DataType::kInt8, {1, 2, 2, 3}, {{0.5f}, {-1}, 0});
  const int weights = b.AddConstant<int8_t>("w", DataType::kInt8, {4, 1, 1, 3},
                                            {1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12},
                                            {{0.1f, 0.2f, 0.3f, 0.4f}, {0, 0, 0, 0}, 0});
  const int bias = b.AddConstant<int32_t>("b", DataType::kInt32, {4}, {10, -20, 30, -40},
                                          {{0.05f, 0.1f, 0.15f, 0.2f}, {0, 0, 0, 0}, 0});
  const int conv = b.AddTensor("conv", DataType::kInt8, {1, 2, 2, 4}, {{0.25f}, {3}, 0});
  b.AddOp(OpType::kConv2D, {input, weights, bias}, {conv},
          graph::Conv2DOptions{graph::Padding::kValid, 1, 2, 1, 1, graph::Activation::kRelu6});
  const int shape = b.AddConstant<int32_t>("shape", DataType::kInt32, {3}, {1, 4, 4});
  const int boxes = b.AddTensor("boxes", DataType::kInt8, {1, 4, 4}, {{0.25f}, {3}, 0});
  b.AddOp(OpType::kReshape, {conv, shape}, {boxes}, graph::ReshapeOptions{{1, 4, 4}});
  const int scores = b.AddTensor("scores", DataType::kFloat32, {1, 4, 3});
  std::vector<float> anchor_values(16);
  for (size_t i = 0; i < anchor_values.size(); ++i) anchor_values[i] = 0.125f * i;
  const int anchors = b.AddConstant("anchors", DataType::kFloat32, {4, 4}, anchor_values);
  const int out_boxes = b.AddTensor("out_boxes", DataType::kFloat32, {1, 3, 4});
  const int out_classes = b.AddTensor("out_classes", DataType::kFloat32, {1, 3});
  const int out_scores = b.AddTensor("out_scores", DataType::kFloat32, {1, 3});
  const int count = b.AddTensor("count", DataType::kFloat32, {1});
  graph::DetectionPostProcessOptions pp;
  pp.max_detections = 3;
  pp.max_classes_per_detection = 2;
  pp.detections_per_class = 7;
  pp.use_regular_nms = true;
  pp.nms_score_threshold = 0.25f;
  pp.nms_iou_threshold = 0.5f;
  pp.num_classes = 2;
  pp.y_scale = 11.0f;
  pp.x_scale = 12.0f;
  pp.h_scale = 6.0f;
  pp.w_scale = 7.0f;
  b.AddOp(OpType::kDetectionPostProcess, {boxes, scores, anchors},
          {out_boxes, out_classes, out_scores, count}, pp);
  b.SetInputs({input, scores});
  b.SetOutputs({out_boxes, out_classes, out_scores, count});
  return std::move(b).Build();
}

// One op of every type, each with non-default options, chained so every
// input is written before it is read.
inline graph::Graph EveryOpType() {
  GraphBuilder b;
  int x = b.AddTensor("x", DataType::kFloat32, {1, 4, 4, 2});
  b.SetInputs({x});
  const int w = b.AddConstant<float>("w", DataType::kFloat32, {2, 1, 1, 2}, {1, 2, 3, 4});
  const int axes = b.AddConstant<int32_t>("axes", DataType::kInt32, {2}, {1, 2});
  const int pads =
      b.AddConstant<int32_t>("pads", DataType::kInt32, {4, 2}, {0, 0, 1, 1, 1, 1, 0, 0});
  auto next = [&](OpType type, std::vector<int> extra, graph::OpOptions options) {
    std::vector<int> inputs = {x};
    inputs.insert(inputs.end(), extra.begin(), extra.end());
    const int y = b.AddTensor(graph::OpTypeName(type), DataType::kFloat32, {1, 4, 4, 2});
    b.AddOp(type, inputs, {y}, std::move(options));
    x = y;
  };
  using graph::Activation;
  using graph::Padding;
  next(OpType::kConv2D, {w, graph::kNoTensor},
       graph::Conv2DOptions{Padding::kSame, 2, 3, 4, 5, Activation::kReluN1To1});
  next(OpType::kDepthwiseConv2D, {w},
       graph::DepthwiseConv2DOptions{Padding::kValid, 3, 2, 2, 5, 4, Activation::kRelu});
  next(OpType::kAveragePool2D, {},
       graph::Pool2DOptions{Padding::kSame, 2, 1, 3, 2, Activation::kRelu6});
  next(OpType::kMaxPool2D, {},
       graph::Pool2DOptions{Padding::kValid, 1, 2, 2, 3, Activation::kNone});
  next(OpType::kFullyConnected, {w}, graph::FullyConnectedOptions{Activation::kRelu, true});
  next(OpType::kAdd, {w}, graph::ElementwiseOptions{Activation::kRelu6});
  next(OpType::kMul, {w}, graph::ElementwiseOptions{Activation::kReluN1To1});
  next(OpType::kConcatenation, {x}, graph::ConcatenationOptions{-1, Activation::kRelu});
  next(OpType::kReshape, {}, graph::ReshapeOptions{{1, 16, -1}});
  next(OpType::kSqueeze, {}, graph::SqueezeOptions{{0, 2}});
  next(OpType::kMean, {axes}, graph::MeanOptions{true});
  next(OpType::kSoftmax, {}, graph::SoftmaxOptions{0.75f});
  next(OpType::kPad, {pads}, {});
  next(OpType::kQuantize, {}, {});
  next(OpType::kDequantize, {}, {});
  next(OpType::kLogistic, {}, {});
  next(OpType::kRelu, {}, {});
  next(OpType::kRelu6, {}, {});
  b.SetOutputs({x});
  return std::move(b).Build();
}

}  // namespace edgebench::tflite::testing
