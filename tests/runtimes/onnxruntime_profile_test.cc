// ONNX Runtime's profile trace turned into per-op timings, on crafted
// traces in the shape ONNX Runtime 1.30 writes (no library needed): how
// its node names map back to the exported ops, the untimed first run left
// out, and the rows covering every op.
#include "runtimes/onnxruntime/onnxruntime_profile.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace edgebench::runtime {
namespace {

// One "Node" kernel event of ONNX Runtime's trace, with its fences (dur 0)
// around it, as ONNX Runtime writes them.
std::string Event(const std::string& node, const std::string& kernel, int dur_us) {
  const std::string args =
      R"("args":{"op_name":")" + kernel + R"(","provider":"CPUExecutionProvider"})";
  return R"({"cat":"Node","ph":"X","dur":0,"ts":1,"name":")" + node + R"(_fence_before",)" + args +
         R"(},{"cat":"Node","ph":"X","dur":)" + std::to_string(dur_us) + R"(,"ts":2,"name":")" +
         node + R"(_kernel_time",)" + args + R"(},{"cat":"Node","ph":"X","dur":0,"ts":3,"name":")" +
         node + R"(_fence_after",)" + args + "}";
}

// The trace of `runs` runs (the first untimed) of the given (node, kernel)
// list, node i taking (i + 1) * 100 us, or 9999 us in the untimed run.
std::string Trace(const std::vector<std::pair<std::string, std::string>>& nodes, int runs) {
  std::string trace =
      R"([{"cat":"Session","ph":"X","dur":500,"ts":0,"name":"model_loading_array"})";
  for (int run = 0; run < runs; ++run) {
    for (size_t i = 0; i < nodes.size(); ++i) {
      const int dur = run == 0 ? 9999 : static_cast<int>(i + 1) * 100;
      trace += "," + Event(nodes[i].first, nodes[i].second, dur);
    }
  }
  return trace + "]";
}

const std::vector<ProfiledOp> kOps = {
    {"CONV_2D", 1000}, {"DEPTHWISE_CONV_2D", 200}, {"ADD", 0}, {"RESHAPE", 0}};

// The exported names: node "Conv_3" and its value "conv0_out" for op 0, and
// so on (onnx::OnnxExport::node_ops).
const std::map<std::string, int> kNodeOps = {
    {"Transpose_1", 0}, {"input_nchw", 0}, {"Conv_3", 0},  {"conv0_out", 0}, {"Conv_5", 1},
    {"dw/Relu6", 1},    {"Add_7", 2},      {"add_out", 2}, {"Reshape_9", 3}, {"reshape_out", 3}};

TEST(OnnxruntimeProfile, MapsRenamedNodesBackToTheirOpsAndLeavesOutTheFirstRun) {
  // ONNX Runtime's names: a QDQ fusion's "_token_N", a layout-converted
  // Conv named after its value plus "_nchwc", and one node of its own.
  const std::string trace = Trace({{"Conv_3_token_25", "QLinearConv"},
                                   {"dw/Relu6_nchwc", "Conv"},
                                   {"ReorderOutput_token_4", "ReorderOutput"},
                                   {"Add_7", "QLinearAdd"},
                                   {"Reshape_9", "Reshape"}},
                                  3);
  const auto timings = OpTimingsFromProfile(trace, kNodeOps, kOps);
  ASSERT_TRUE(timings.ok()) << timings.status().message();
  ASSERT_EQ(timings->size(), 4u);
  const std::vector<std::string> names = {"CONV_2D", "DEPTHWISE_CONV_2D", "ADD", "RESHAPE"};
  const std::vector<std::string> backends = {"QLinearConv", "Conv+ReorderOutput", "QLinearAdd",
                                             "Reshape"};
  // ms per run: the untimed run's 9999 us never counts; ReorderOutput's
  // 0.3 ms counts with the depthwise conv run before it.
  const std::vector<double> ms = {0.1, 0.2 + 0.3, 0.4, 0.5};
  for (int op = 0; op < 4; ++op) {
    SCOPED_TRACE(op);
    const OpTiming& t = (*timings)[op];
    EXPECT_EQ(t.first_op, op);
    EXPECT_EQ(t.last_op, op);
    EXPECT_EQ(t.name, names[op]);
    EXPECT_EQ(t.backend, backends[op]);
    EXPECT_NEAR(t.mean_ms, ms[op], 1e-9);
    EXPECT_EQ(t.macs, kOps[op].macs);
  }
}

TEST(OnnxruntimeProfile, AnOpWithoutANodeJoinsTheRowBeforeIt) {
  // The ADD was fused into the depthwise conv's node; the input's Transpose
  // comes before any op's node and counts with op 0.
  const std::string trace = Trace({{"Transpose_1", "Transpose"},
                                   {"Conv_3", "Conv"},
                                   {"Conv_5", "FusedConv"},
                                   {"Reshape_9", "Reshape"}},
                                  2);
  const auto timings = OpTimingsFromProfile(trace, kNodeOps, kOps);
  ASSERT_TRUE(timings.ok()) << timings.status().message();
  ASSERT_EQ(timings->size(), 3u);
  EXPECT_EQ((*timings)[0].backend, "Transpose+Conv");
  EXPECT_NEAR((*timings)[0].mean_ms, 0.1 + 0.2, 1e-9);
  const OpTiming& fused = (*timings)[1];
  EXPECT_EQ(fused.first_op, 1);
  EXPECT_EQ(fused.last_op, 2);
  EXPECT_EQ(fused.name, "2 ops");
  EXPECT_EQ(fused.macs, 200);
  EXPECT_NEAR(fused.mean_ms, 0.3, 1e-9);
  EXPECT_EQ((*timings)[2].first_op, 3);
}

TEST(OnnxruntimeProfile, LeadingOpsWithoutNodesJoinTheFirstRow) {
  const std::string trace = Trace({{"Add_7", "Add"}, {"Reshape_9", "Reshape"}}, 2);
  const auto timings = OpTimingsFromProfile(trace, kNodeOps, kOps);
  ASSERT_TRUE(timings.ok()) << timings.status().message();
  ASSERT_EQ(timings->size(), 2u);
  EXPECT_EQ((*timings)[0].first_op, 0);
  EXPECT_EQ((*timings)[0].last_op, 2);
  EXPECT_EQ((*timings)[0].name, "3 ops");
  EXPECT_EQ((*timings)[0].macs, 1200);
}

TEST(OnnxruntimeProfile, ATraceThatIsNotOneIsAnError) {
  for (const std::string trace : {"not json", R"({"cat":"Node"})", "[]"}) {
    SCOPED_TRACE(trace);
    const auto timings = OpTimingsFromProfile(trace, kNodeOps, kOps);
    ASSERT_FALSE(timings.ok());
    EXPECT_TRUE(timings.status().message().starts_with("onnxruntime: its profile"))
        << timings.status().message();
  }
}

}  // namespace
}  // namespace edgebench::runtime
