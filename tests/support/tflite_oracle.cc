#include "support/tflite_oracle.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>

#ifndef EDGEBENCH_SOURCE_DIR
#error "EDGEBENCH_SOURCE_DIR must name the repository root"
#endif

namespace edgebench::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kSourceDir = EDGEBENCH_SOURCE_DIR;

fs::path ScriptPath() { return kSourceDir / "tests" / "oracle" / "tflite_oracle.mjs"; }
fs::path WasmDir() { return kSourceDir / "cache" / "tflite-wasm"; }

// Looks `program` up on PATH the way a shell would.
bool OnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return false;
  std::stringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    std::error_code error;
    const fs::path candidate = fs::path(dir) / program;
    if (fs::is_regular_file(candidate, error) && access(candidate.c_str(), X_OK) == 0) return true;
  }
  return false;
}

std::string ShellQuote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string ReadText(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// First line of the script's stderr, which holds its one-line error.
std::string FirstLine(const std::string& text) {
  const size_t end = text.find('\n');
  return end == std::string::npos ? text : text.substr(0, end);
}

// A temporary folder removed when this goes out of scope.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "edgebench-oracle-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

Status WriteBytes(const fs::path& file, const std::vector<uint8_t>& bytes) {
  std::ofstream out(file, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return Status::Error("tflite oracle: cannot write " + file.string());
  return Status::Ok();
}

Result<OracleOutput> ReadOutput(const fs::path& dir, size_t index, const nlohmann::json& info) {
  const std::string where = "tflite oracle: output " + std::to_string(index);
  OracleOutput output;
  try {
    output.name = info.at("name").get<std::string>();
    output.dtype = info.at("dtype").get<std::string>();
    output.shape = info.at("shape").get<std::vector<int>>();
  } catch (const nlohmann::json::exception& e) {
    return Status::Error(where + ": outputs.json entry is malformed: " + e.what());
  }
  const fs::path file = dir / ("output_" + std::to_string(index) + ".bin");
  const std::string raw = ReadText(file);
  output.bytes.assign(raw.begin(), raw.end());
  const size_t expected = info.value("bytes", size_t{0});
  if (output.bytes.size() != expected) {
    return Status::Error(where + " (" + output.name + "): " + file.string() + " has " +
                         std::to_string(output.bytes.size()) + " bytes, expected " +
                         std::to_string(expected));
  }
  return output;
}

Result<std::vector<OracleOutput>> ReadOutputs(const fs::path& dir) {
  nlohmann::json report;
  try {
    report = nlohmann::json::parse(ReadText(dir / "outputs.json"));
  } catch (const nlohmann::json::exception& e) {
    return Status::Error("tflite oracle: cannot parse outputs.json: " + std::string(e.what()));
  }
  if (!report.contains("outputs") || !report["outputs"].is_array()) {
    return Status::Error("tflite oracle: outputs.json has no \"outputs\" array");
  }
  std::vector<OracleOutput> outputs;
  for (size_t i = 0; i < report["outputs"].size(); ++i) {
    EB_ASSIGN_OR_RETURN(OracleOutput output, ReadOutput(dir, i, report["outputs"][i]));
    outputs.push_back(std::move(output));
  }
  return outputs;
}

}  // namespace

std::vector<float> OracleOutput::AsFloats() const {
  if (dtype != "float32") return {};
  std::vector<float> values(bytes.size() / sizeof(float));
  std::memcpy(values.data(), bytes.data(), values.size() * sizeof(float));
  return values;
}

bool TfliteOracleAvailable(std::string* why_not) {
  std::string reason;
  if (!OnPath("node")) {
    reason = "node is not on PATH (scripts/setup.sh installs it)";
  } else if (!fs::exists(WasmDir() / "tflite_web_api_cc_simd.wasm")) {
    reason = WasmDir().string() + " is missing (run scripts/fetch-models.sh)";
  } else if (!fs::exists(ScriptPath())) {
    reason = ScriptPath().string() + " is missing";
  }
  if (why_not != nullptr) *why_not = reason;
  return reason.empty();
}

Result<std::vector<OracleOutput>> RunTfliteOracle(const std::string& model_path,
                                                  const std::vector<uint8_t>& input_bytes) {
  std::string why_not;
  if (!TfliteOracleAvailable(&why_not)) return Status::Error("tflite oracle: " + why_not);
  TempDir temp;
  if (temp.path().empty()) return Status::Error("tflite oracle: cannot create a temporary folder");
  const fs::path input = temp.path() / "input.bin";
  const fs::path outdir = temp.path() / "out";
  const fs::path log = temp.path() / "stderr.txt";
  EB_RETURN_IF_ERROR(WriteBytes(input, input_bytes));

  const std::string command = "node " + ShellQuote(ScriptPath().string()) + " --model " +
                              ShellQuote(model_path) + " --input " + ShellQuote(input.string()) +
                              " --outdir " + ShellQuote(outdir.string()) + " --threads 1 >" +
                              ShellQuote(log.string()) + " 2>&1";
  const int status = std::system(command.c_str());
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const std::string message = FirstLine(ReadText(log));
    return Status::Error(message.empty() ? "tflite oracle: node exited abnormally (status " +
                                               std::to_string(status) + ")"
                                         : message);
  }
  return ReadOutputs(outdir);
}

}  // namespace edgebench::testing
