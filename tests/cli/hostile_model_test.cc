// Hostile model files through the real binary: each must end in one line
// `edgebench: error: ...` and exit 1, on both backends, never a signal, a
// hang or a multi-gigabyte allocation.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "graph/graph_builder.h"
#include "support/edgebench_process.h"
#include "support/real_models.h"
#include "tflite/writer.h"

namespace edgebench::cli {
namespace {

using testing::Outcome;
using testing::RunEdgebench;
using testing::RunEdgebenchAfter;

std::filesystem::path TempModel(const std::string& name) {
  return std::filesystem::temp_directory_path() /
         ("edgebench_hostile_" + std::to_string(getpid()) + "_" + name);
}

void ExpectOneLineError(const Outcome& outcome, const std::string& what,
                        const std::string& expected_part) {
  EXPECT_EQ(outcome.exit_code, 1) << what << "\n" << outcome.err;
  EXPECT_EQ(outcome.err.rfind("edgebench: error: ", 0), 0u) << what << "\n" << outcome.err;
  EXPECT_EQ(outcome.err.find('\n'), outcome.err.size() - 1) << what << "\n" << outcome.err;
  EXPECT_NE(outcome.err.find(expected_part), std::string::npos) << what << "\n" << outcome.err;
}

// The commands that build an interpreter, on `model`.
std::vector<std::string> Commands(const std::string& model, const std::string& backend) {
  return {
      "inspect " + model + " --backend " + backend,
      "detect " + model + " --backend " + backend + " -o " + model + ".png",
      "run --model " + model + " --backend " + backend + " --runs 2 --warmup 0 --no-save --quiet"};
}

TEST(HostileModelCliTest, AConvDeclaringASmallerOutputFailsInOneLineOnBothBackends) {
  std::vector<uint8_t> model = testing::ReadBytes(testing::RealV1Model());
  testing::PatchInt32(model, testing::ConvOutputDimOffset(model, 1), 75);
  testing::PatchInt32(model, testing::ConvOutputDimOffset(model, 2), 75);
  const std::filesystem::path path = TempModel("conv75.tflite");
  testing::WriteBytes(path, model);
  for (const char* backend : {"reference", "xnnpack"}) {
    for (const std::string& command : Commands(path.string(), backend)) {
      // XNNPACK wrote past the arena here: malloc() abort (134) or SIGSEGV.
      ExpectOneLineError(RunEdgebench(command), command, "(CONV_2D): output 0 (");
    }
  }
  std::filesystem::remove(path);
}

// in -> RELU -> out, both UINT8 of `elements` without quantization.
std::filesystem::path HugeModel(const std::string& name, graph::Shape shape) {
  graph::GraphBuilder b;
  const int in = b.AddTensor("in", graph::DataType::kUInt8, shape);
  const int out = b.AddTensor("out", graph::DataType::kUInt8, shape);
  b.AddOp(graph::OpType::kRelu, {in}, {out});
  b.SetInputs({in});
  b.SetOutputs({out});
  const std::filesystem::path path = TempModel(name);
  auto bytes = tflite::WriteModel(b.graph(), "huge");
  EXPECT_TRUE(bytes.ok()) << bytes.status().message();
  if (bytes.ok()) testing::WriteBytes(path, *bytes);
  return path;
}

// Runs under an address-space limit of about 1.5 GB. An ASan build reserves
// terabytes of shadow memory and cannot run under `ulimit -v`; there ASan's
// cap on a single allocation (aborting, not exit 1) stands in for it.
std::string MemoryLimit() {
#if defined(__SANITIZE_ADDRESS__)
  return "ASAN_OPTIONS=\"$ASAN_OPTIONS:max_allocation_size_mb=256:allocator_may_return_null=0\"";
#else
  return "ulimit -v 1500000;";
#endif
}

TEST(HostileModelCliTest, HugeTensorsAreRefusedBeforeAnythingIsAllocated) {
  // Two 1 GiB tensors: an arena over the default 1 GiB limit.
  const std::filesystem::path one_gb = HugeModel("1g.tflite", {1024, 1024, 1024});
  // Two 2 GiB tensors, and allowed by --max-arena-mb: the kernels' refusal
  // (UINT8 without quantization) must come before the 4 GiB arena.
  const std::filesystem::path two_gb = HugeModel("2g.tflite", {2, 1024, 1024, 1024});
  EXPECT_LT(std::filesystem::file_size(one_gb), 1024u);
  for (const char* backend : {"reference", "xnnpack"}) {
    const std::string b = std::string(" --backend ") + backend;
    ExpectOneLineError(RunEdgebenchAfter(MemoryLimit(), "inspect " + one_gb.string() + b),
                       "1 GiB tensors", "more than the limit of 1073741824 bytes");
    ExpectOneLineError(
        RunEdgebenchAfter(MemoryLimit(), "run --no-save --quiet --model " + two_gb.string() + b),
        "2 GiB tensors", "more than the limit");
    ExpectOneLineError(
        RunEdgebenchAfter(MemoryLimit(), "inspect --max-arena-mb 8192 " + two_gb.string() + b),
        "2 GiB tensors, limit raised", "quantization");
  }
  std::filesystem::remove(one_gb);
  std::filesystem::remove(two_gb);
}

TEST(HostileModelCliTest, AFifoOrADeviceAsModelIsAOneLineError) {
  const std::filesystem::path fifo = TempModel("fifo.tflite");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  // `timeout`: before the fix, opening the FIFO waited for a writer forever.
  ExpectOneLineError(RunEdgebenchAfter("timeout 60", "inspect " + fifo.string()), "FIFO",
                     "not a regular file");
  ExpectOneLineError(RunEdgebench("run --no-save --quiet --model /dev/zero"), "/dev/zero",
                     "not a regular file");
  std::filesystem::remove(fifo);
}

}  // namespace
}  // namespace edgebench::cli
