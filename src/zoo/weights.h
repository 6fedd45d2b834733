// Deterministic synthetic data for the model zoo: a small PRNG whose output is
// the same on every platform and standard library (std:: distributions are
// not), He-scaled weights, and the synthetic calibration image.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace edgebench::zoo {

// xoshiro256** seeded through splitmix64. Only integer arithmetic and exact
// floating-point operations, so a seed gives the same numbers everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed);

  uint64_t Next();
  // Uniform in [0, 1) with 53 random bits.
  double Uniform01();
  // Uniform in [lo, hi).
  float Uniform(float lo, float hi);
  // Approximately standard normal (Irwin-Hall sum of 12 uniforms, so within
  // +-6): avoids log/cos, whose last bits differ between math libraries.
  double NormalIsh();

 private:
  uint64_t state_[4];
};

// `count` weights with standard deviation sqrt(2 / fan_in) (He et al.), the
// scale that keeps ReLU activations from growing or shrinking layer by layer.
std::vector<float> HeNormal(Rng& rng, size_t count, int fan_in);

// The calibration input: a 300x300x3 NHWC picture (gradients, rectangles and
// a little noise) with values on the grid of the models' uint8 input, i.e.
// (q - 128) / 128 for q in 0..255, so float and uint8 see the same image.
std::vector<float> SyntheticImage(int height, int width, uint64_t seed);

}  // namespace edgebench::zoo
