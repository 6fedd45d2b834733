#include "backends/int8/packed_gemm.h"

#include <algorithm>
#include <utility>

#if defined(__aarch64__)
#include <asm/hwcap.h>
#include <sys/auxv.h>
#endif

namespace edgebench::backends::int8 {
namespace {

bool Always() { return true; }

constexpr GemmVariant kVariants[] = {
// Only AVX-512 VNNI replaces XNNPACK so far: the others requantize with
// the scalar StoreTile, and the Arm ones are not measured on a Pi yet.
#if defined(__x86_64__)
    {"avx512vnni", HasAvx512Vnni, true, GemmAvx512Vnni},
    {"avxvnni", HasAvxVnni, false, GemmAvxVnni},
    {"avx2", HasAvx2, false, GemmAvx2},
#elif defined(__aarch64__)
    {"neon_dot", HasNeonDot, false, GemmNeonDot},
    {"neon", Always, false, GemmNeon},  // Advanced SIMD is mandatory on arm64
#endif
    {"scalar", Always, false, GemmScalar},
};

}  // namespace

#if defined(__x86_64__)
bool HasAvx512Vnni() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
}
bool HasAvxVnni() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avxvnni");
}
bool HasAvx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2");
}
#elif defined(__aarch64__)
bool HasNeonDot() { return (getauxval(AT_HWCAP) & HWCAP_ASIMDDP) != 0; }
#endif

std::span<const GemmVariant> GemmVariants() { return kVariants; }

const GemmVariant& BestGemmVariant() {
  for (const GemmVariant& variant : kVariants) {
    if (variant.supported()) return variant;
  }
  return kVariants[std::size(kVariants) - 1];
}

PackedGemm PackGemm(const uint8_t* weights, const int32_t* bias, int32_t channels, int32_t depth,
                    kernels::ConvQuantization quantization) {
  PackedGemm gemm;
  gemm.depth = depth;
  gemm.channels = channels;
  gemm.blocks = (channels + kBlockChannels - 1) / kBlockChannels;
  gemm.groups = (depth + kGroupDepth - 1) / kGroupDepth;
  const int32_t padded_channels = gemm.blocks * kBlockChannels;
  gemm.weights.assign(static_cast<size_t>(padded_channels) * gemm.groups * kGroupDepth, 0);
  gemm.bias.assign(padded_channels, 0);
  const int32_t input_offset = quantization.input_offset;
  const int32_t signed_coefficient = 128 + quantization.weights_offset;
  for (int32_t n = 0; n < channels; ++n) {
    const int32_t block = n / kBlockChannels;
    const int32_t lane = n % kBlockChannels;
    int32_t weight_sum = 0;
    for (int32_t k = 0; k < depth; ++k) {
      const int8_t shifted =
          static_cast<int8_t>(weights[static_cast<int64_t>(n) * depth + k] - 128);
      const size_t at =
          ((static_cast<size_t>(block) * gemm.groups + k / kGroupDepth) * kBlockChannels + lane) *
              kGroupDepth +
          k % kGroupDepth;
      gemm.weights[at] = shifted;
      weight_sum += shifted;
    }
    gemm.bias[n] = (bias != nullptr ? bias[n] : 0) + input_offset * weight_sum +
                   depth * input_offset * signed_coefficient;
  }
  gemm.multipliers.assign(padded_channels, 0);
  gemm.right_shifts.assign(padded_channels, 0);
  for (int32_t n = 0; n < channels; ++n) {
    const kernels::QuantizedMultiplier& m = quantization.multipliers[n];
    gemm.multipliers[n] = m.multiplier;
    gemm.right_shifts[n] = m.shift > 0 ? 0 : -m.shift;
    gemm.right_shifts_only = gemm.right_shifts_only && m.shift <= 0;
  }
  gemm.signed_row_coefficient = signed_coefficient;
  gemm.unsigned_row_coefficient = quantization.weights_offset;
  gemm.quantization = std::move(quantization);
  return gemm;
}

void RowTerms(const uint8_t* input, int32_t depth, int32_t rows, int32_t coefficient,
              int32_t* terms) {
  for (int32_t r = 0; r < rows; ++r) {
    if (coefficient == 0) {
      terms[r] = 0;
      continue;
    }
    const uint8_t* row = input + static_cast<int64_t>(r) * depth;
    int32_t sum = 0;
    for (int32_t k = 0; k < depth; ++k) sum += row[k];
    terms[r] = coefficient * sum;
  }
}

void StoreTile(const PackedGemm& gemm, const int32_t* sums, const int32_t* row_terms, int rows,
               int32_t block, uint8_t* output) {
  const int32_t first = block * kBlockChannels;
  const int32_t count = std::min(kBlockChannels, gemm.channels - first);
  for (int r = 0; r < rows; ++r) {
    uint8_t* out = output + static_cast<int64_t>(r) * gemm.channels + first;
    for (int32_t j = 0; j < count; ++j) {
      const int32_t accumulator =
          sums[r * kBlockChannels + j] + gemm.bias[first + j] + row_terms[r];
      out[j] = static_cast<uint8_t>(kernels::Requantize(accumulator, first + j, gemm.quantization));
    }
  }
}

}  // namespace edgebench::backends::int8
