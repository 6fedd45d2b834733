// Seeded random corruption of a model file for the corruption campaign: one
// byte or several, four in five of them in the flatbuffer's structure
// (tables, shapes, indices, options) rather than in weight bytes, where a
// uniformly random position would land almost every time and which only
// change the numbers a valid model computes.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "tflite/schema_generated.h"

namespace edgebench::testing {

// The campaign's seed: EDGEBENCH_CAMPAIGN_SEED if set (to explore), else a
// fixed one so the suite is repeatable.
inline uint32_t CampaignSeed() {
  const char* text = std::getenv("EDGEBENCH_CAMPAIGN_SEED");
  return text != nullptr ? static_cast<uint32_t>(std::strtoul(text, nullptr, 10)) : 20261202u;
}

class Mutator {
 public:
  Mutator(std::vector<uint8_t> model, uint32_t seed) : model_(std::move(model)), random_(seed) {
    // Byte ranges of the constant buffers' data; everything else is structure.
    std::vector<bool> is_data(model_.size(), false);
    const auto* buffers = tflite::fb::GetModel(model_.data())->buffers();
    for (flatbuffers::uoffset_t i = 0; buffers != nullptr && i < buffers->size(); ++i) {
      const auto* data = buffers->Get(i)->data();
      if (data == nullptr) continue;
      const size_t begin = static_cast<size_t>(data->data() - model_.data());
      for (size_t k = 0; k < data->size(); ++k) is_data[begin + k] = true;
    }
    for (size_t i = 0; i < model_.size(); ++i) {
      if (!is_data[i]) structure_.push_back(i);
    }
  }

  // A new mutant, and a one-line description (for failure messages).
  std::pair<std::vector<uint8_t>, std::string> Next() {
    std::vector<uint8_t> mutant = model_;
    const int count = Pick(3) == 0 ? 1 + Pick(8) : 1;  // a third multi-byte
    const bool burst = count > 1 && Pick(2) == 0;      // consecutive bytes
    std::string description;
    size_t position = Position();
    for (int i = 0; i < count; ++i) {
      if (!burst && i > 0) position = Position();
      if (position >= mutant.size()) break;
      const uint8_t flip = static_cast<uint8_t>(1 + Pick(255));
      mutant[position] ^= flip;
      description += std::to_string(position) + "^" + std::to_string(flip) + " ";
      ++position;
    }
    return {std::move(mutant), description};
  }

 private:
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random_); }
  size_t Position() {
    if (Pick(5) != 0 && !structure_.empty()) return structure_[Pick(structure_.size())];
    return Pick(model_.size());
  }

  std::vector<uint8_t> model_;
  std::vector<size_t> structure_;
  std::mt19937 random_;
};

}  // namespace edgebench::testing
