// Writes the seed corpus for tflite_model_fuzzer: small valid models from
// the writer and the hand-built RawModel, plus truncated copies of each.
// Usage: make_tflite_corpus OUTPUT_DIR
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "tflite/raw_model.h"
#include "tflite/sample_graphs.h"
#include "tflite/writer.h"

namespace {

void Save(const std::string& path, const std::vector<uint8_t>& bytes, size_t length) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(length));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
    return 1;
  }
  namespace t = edgebench::tflite;
  const std::string dir = argv[1];
  std::vector<std::pair<std::string, std::vector<uint8_t>>> seeds;
  for (const auto& [name, graph] : {std::pair{"small_detector", t::testing::SmallDetector()},
                                    std::pair{"every_op_type", t::testing::EveryOpType()}}) {
    auto bytes = t::WriteModel(graph, name);
    if (!bytes.ok()) {
      std::fprintf(stderr, "%s\n", bytes.status().message().c_str());
      return 1;
    }
    seeds.emplace_back(name, std::move(bytes).value());
  }
  seeds.emplace_back("raw_conv", t::testing::RawModel().Build());
  t::testing::RawModel old_codes;
  old_codes.builtin_code = t::fb::BuiltinOperator::ADD;  // pre-3a: deprecated field only
  seeds.emplace_back("raw_conv_old_codes", old_codes.Build());

  for (const auto& [name, bytes] : seeds) {
    Save(dir + "/" + name + ".tflite", bytes, bytes.size());
    for (size_t fraction : {2, 3, 4}) {
      const size_t length = bytes.size() * (fraction - 1) / fraction;
      Save(dir + "/" + name + "_cut" + std::to_string(length) + ".tflite", bytes, length);
    }
  }
  return 0;
}
