// Writer: round trips through the reader field by field, and the file-level
// properties TensorFlow Lite relies on (identifier, version, buffer 0 empty,
// 16-byte aligned buffers, both op-code fields, FlexBuffer custom options).
#include "tflite/writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <variant>

#include "graph/graph_builder.h"
#include "tflite/reader.h"
#include "tflite/sample_graphs.h"
#include "tflite/schema_generated.h"

namespace edgebench::tflite {
namespace {

using graph::OpType;
using testing::EveryOpType;
using testing::SmallDetector;

// Every field of every options struct, spelled out so a mismatch shows.
struct OptionsPrinter {
  std::ostringstream& s;
  void operator()(std::monostate) { s << "none"; }
  void operator()(const graph::Conv2DOptions& o) {
    s << "conv pad=" << int(o.padding) << " s=" << o.stride_w << "," << o.stride_h
      << " d=" << o.dilation_w << "," << o.dilation_h << " act=" << int(o.activation);
  }
  void operator()(const graph::DepthwiseConv2DOptions& o) {
    s << "dw pad=" << int(o.padding) << " s=" << o.stride_w << "," << o.stride_h
      << " m=" << o.depth_multiplier << " d=" << o.dilation_w << "," << o.dilation_h
      << " act=" << int(o.activation);
  }
  void operator()(const graph::Pool2DOptions& o) {
    s << "pool pad=" << int(o.padding) << " s=" << o.stride_w << "," << o.stride_h
      << " f=" << o.filter_w << "," << o.filter_h << " act=" << int(o.activation);
  }
  void operator()(const graph::FullyConnectedOptions& o) {
    s << "fc act=" << int(o.activation) << " keep=" << o.keep_num_dims;
  }
  void operator()(const graph::ElementwiseOptions& o) {
    s << "elementwise act=" << int(o.activation);
  }
  void operator()(const graph::ConcatenationOptions& o) {
    s << "concat axis=" << o.axis << " act=" << int(o.activation);
  }
  void operator()(const graph::ReshapeOptions& o) {
    s << "reshape " << graph::ShapeToString(o.new_shape);
  }
  void operator()(const graph::SqueezeOptions& o) {
    s << "squeeze " << graph::ShapeToString(o.squeeze_dims);
  }
  void operator()(const graph::MeanOptions& o) { s << "mean keep=" << o.keep_dims; }
  void operator()(const graph::SoftmaxOptions& o) { s << "softmax beta=" << o.beta; }
  void operator()(const graph::DetectionPostProcessOptions& o) {
    s << "pp " << o.max_detections << " " << o.max_classes_per_detection << " "
      << o.detections_per_class << " " << o.use_regular_nms << " " << o.nms_score_threshold << " "
      << o.nms_iou_threshold << " " << o.num_classes << " " << o.y_scale << " " << o.x_scale << " "
      << o.h_scale << " " << o.w_scale;
  }
};

std::string OptionsText(const graph::OpOptions& options) {
  std::ostringstream s;
  s.precision(9);
  std::visit(OptionsPrinter{s}, options);
  return s.str();
}

void ExpectSameGraph(const graph::Graph& a, const graph::Graph& b) {
  ASSERT_EQ(a.tensors.size(), b.tensors.size());
  for (size_t i = 0; i < a.tensors.size(); ++i) {
    SCOPED_TRACE("tensor " + std::to_string(i));
    const graph::Tensor& x = a.tensors[i];
    const graph::Tensor& y = b.tensors[i];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.type, y.type);
    EXPECT_EQ(x.shape, y.shape);
    EXPECT_EQ(x.quantization.scale, y.quantization.scale);
    EXPECT_EQ(x.quantization.zero_point, y.quantization.zero_point);
    EXPECT_EQ(x.quantization.axis, y.quantization.axis);
    ASSERT_EQ(x.is_constant(), y.is_constant());
    ASSERT_EQ(x.data_bytes, y.data_bytes);
    if (x.is_constant()) {
      EXPECT_EQ(std::memcmp(x.data, y.data, x.data_bytes), 0);
    }
  }
  ASSERT_EQ(a.ops.size(), b.ops.size());
  for (size_t i = 0; i < a.ops.size(); ++i) {
    SCOPED_TRACE("op " + std::to_string(i));
    EXPECT_EQ(a.ops[i].type, b.ops[i].type);
    EXPECT_EQ(a.ops[i].inputs, b.ops[i].inputs);
    EXPECT_EQ(a.ops[i].outputs, b.ops[i].outputs);
    EXPECT_EQ(OptionsText(a.ops[i].options), OptionsText(b.ops[i].options));
  }
  EXPECT_EQ(a.inputs, b.inputs);
  EXPECT_EQ(a.outputs, b.outputs);
}

graph::Graph RoundTrip(const graph::Graph& graph) {
  Result<std::vector<uint8_t>> bytes = WriteModel(graph, "round trip");
  EXPECT_TRUE(bytes.ok()) << bytes.status().message();
  if (!bytes.ok()) return {};
  auto owner = std::make_shared<std::vector<uint8_t>>(std::move(bytes).value());
  Result<graph::Graph> read = ReadModelBuffer(owner, owner->data(), owner->size(), "memory");
  EXPECT_TRUE(read.ok()) << read.status().message();
  return read.ok() ? std::move(read).value() : graph::Graph{};
}

TEST(WriterTest, SmallDetectorRoundTrips) {
  const graph::Graph original = SmallDetector();
  ASSERT_TRUE(original.Validate().ok()) << original.Validate().message();
  ExpectSameGraph(original, RoundTrip(original));
}

TEST(WriterTest, EveryOpTypeRoundTripsWithItsOptions) {
  const graph::Graph original = EveryOpType();
  ASSERT_TRUE(original.Validate().ok()) << original.Validate().message();
  ExpectSameGraph(original, RoundTrip(original));
}

TEST(WriterTest, FileLevelPropertiesTfliteRelies) {
  Result<std::vector<uint8_t>> bytes = WriteModel(SmallDetector(), "small detector");
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  const uint8_t* base = bytes->data();
  ASSERT_TRUE(fb::ModelBufferHasIdentifier(base));
  flatbuffers::Verifier verifier(base, bytes->size());
  ASSERT_TRUE(fb::VerifyModelBuffer(verifier));
  const fb::Model* model = fb::GetModel(base);
  EXPECT_EQ(model->version(), 3u);
  EXPECT_EQ(model->description()->str(), "small detector");
  ASSERT_GE(model->buffers()->size(), 1u);
  EXPECT_TRUE(model->buffers()->Get(0)->data() == nullptr ||
              model->buffers()->Get(0)->data()->size() == 0);
  // weights, bias, shape, anchors: one buffer each, after the empty one.
  EXPECT_EQ(model->buffers()->size(), 5u);
  for (uint32_t i = 1; i < model->buffers()->size(); ++i) {
    const auto* data = model->buffers()->Get(i)->data();
    ASSERT_NE(data, nullptr);
    EXPECT_EQ((data->data() - base) % 16, 0) << "buffer " << i;
  }
  bool saw_custom = false;
  for (const fb::OperatorCode* code : *model->operator_codes()) {
    EXPECT_EQ(static_cast<int32_t>(code->deprecated_builtin_code()),
              static_cast<int32_t>(code->builtin_code()));
    if (code->builtin_code() == fb::BuiltinOperator::CUSTOM) {
      saw_custom = true;
      EXPECT_EQ(code->custom_code()->str(), "TFLite_Detection_PostProcess");
    }
  }
  EXPECT_TRUE(saw_custom);
  const fb::SubGraph* subgraph = model->subgraphs()->Get(0);
  const fb::Operator* pp = subgraph->operators()->Get(2);
  EXPECT_EQ(pp->custom_options_format(), fb::CustomOptionsFormat::FLEXBUFFERS);
  ASSERT_NE(pp->custom_options(), nullptr);
  EXPECT_GT(pp->custom_options()->size(), 0u);
  // Per-channel weights keep their axis.
  const fb::Tensor* weights = subgraph->tensors()->Get(1);
  EXPECT_EQ(weights->quantization()->scale()->size(), 4u);
  EXPECT_EQ(weights->quantization()->quantized_dimension(), 0);
}

TEST(WriterTest, WritesFilesAtomicallyAndTheyRead) {
  const std::string dir = ::testing::TempDir() + "/writer_test";
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/small.tflite";
  ASSERT_TRUE(WriteModelFile(SmallDetector(), path, "file").ok());
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    EXPECT_EQ(entry.path().filename(), "small.tflite") << "temporary file left behind";
  }
  Result<graph::Graph> graph = ReadModelFile(path);
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  ExpectSameGraph(SmallDetector(), *graph);
}

TEST(WriterTest, UnwritablePathIsAnError) {
  const Status status = WriteModelFile(SmallDetector(), "/nonexistent/dir/x.tflite", "");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(),
            "/nonexistent/dir/x.tflite: cannot write: no folder /nonexistent/dir");
}

TEST(WriterTest, InvalidGraphIsRefused) {
  graph::Graph graph = SmallDetector();
  graph.ops[0].inputs[0] = 99;
  Result<std::vector<uint8_t>> bytes = WriteModel(graph, "");
  ASSERT_FALSE(bytes.ok());
  EXPECT_THAT(bytes.status().message(), ::testing::StartsWith("cannot write model: node 0"));
}

TEST(WriterTest, RealModelRoundTripsThroughWriter) {
  const std::string path = std::string(EDGEBENCH_SOURCE_DIR) +
                           "/data/models/ssd_mobilenet_v1_0.75_depth_quant_coco.tflite";
  Result<graph::Graph> original = ReadModelFile(path);
  ASSERT_TRUE(original.ok()) << original.status().message();
  ExpectSameGraph(*original, RoundTrip(*original));
}

}  // namespace
}  // namespace edgebench::tflite
