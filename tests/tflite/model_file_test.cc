// ReadModelFile on what a user may pass as --model: a FIFO or a device must
// be refused at once, and a model file rewritten while the engine runs must
// not change or kill it (constants once pointed into a mapping of the file).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <vector>

#include "runtime/interpreter.h"
#include "support/real_models.h"
#include "tflite/reader.h"

namespace edgebench::tflite {
namespace {

std::filesystem::path TempPath(const std::string& name) {
  return std::filesystem::temp_directory_path() /
         ("edgebench_model_file_" + std::to_string(getpid()) + "_" + name);
}

TEST(ModelFileTest, AFifoIsRefusedWithoutWaitingForAWriter) {
  const std::filesystem::path fifo = TempPath("fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const auto graph = ReadModelFile(fifo.string());  // blocked forever before the fix
  std::filesystem::remove(fifo);
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(),
            fifo.string() + ": cannot open: is a FIFO (named pipe), not a regular file");
}

TEST(ModelFileTest, ADeviceIsRefused) {
  const auto graph = ReadModelFile("/dev/zero");
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(),
            "/dev/zero: cannot open: is a character device, not a regular file");
}

TEST(ModelFileTest, TruncatingTheFileAfterLoadingChangesNothing) {
  const std::filesystem::path copy = TempPath("v1.tflite");
  std::filesystem::copy_file(testing::RealV1Model(), copy,
                             std::filesystem::copy_options::overwrite_existing);
  auto graph = ReadModelFile(copy.string());
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  auto interpreter = runtime::Interpreter::Create(std::move(graph).value(),
                                                  runtime::InterpreterOptions{"reference", 1});
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().message();
  runtime::Interpreter& engine = **interpreter;
  auto run_once = [&] {
    std::memset(engine.input_data(0), 0, engine.input_tensor(0).byte_size());
    engine.Invoke();
    return std::vector<uint8_t>(engine.output_data(0),
                                engine.output_data(0) + engine.output_tensor(0).byte_size());
  };
  const std::vector<uint8_t> before = run_once();
  // What `cp other.tflite model.tflite` does mid-run: truncate, then write.
  // Reading weights mapped from the file raised SIGBUS here.
  ASSERT_EQ(truncate(copy.c_str(), 0), 0);
  testing::WriteBytes(copy, std::vector<uint8_t>(4096, 0xff));
  EXPECT_EQ(run_once(), before);
  std::filesystem::remove(copy);
}

}  // namespace
}  // namespace edgebench::tflite
