// The uint8 GEMM behind 1x1 CONV_2D: out[p][n] = requantize(sum_k
// (in[p][k] - in_zp) * (w[n][k] - w_zp) + bias[n]), with the reference
// kernels' exact int32 accumulator and fixed-point rounding (so results
// equal src/kernels/conv_2d.cc's, not just within a step).
//
// Where it plugs in: these kernels are edgebench's own 8-bit fast path. The
// packaged XNNPACK (2022) has no dot-product code; a variant here is picked
// per CPU at run time from GemmVariants() (the one list tests iterate), and
// the interpreter keeps the ops it runs out of XNNPACK's runs
// (int8_kernels.h, runtime/partition.h).
//
// The dot-product instructions want unsigned x signed bytes (x86
// vpdpbusd) or same-signed bytes (Arm udot), so the weights are packed once
// as w' = w - 128 (int8) and the zero points are moved out of the loop:
//   sum_k (a + io)(w' + 128 + wo)
//     = sum_k a w' + (128 + wo) sum_k a + [io sum_k w' + K io (128 + wo)]
// with io = -in_zp, wo = -w_zp. The bracket is per output channel and
// folded into the bias at packing; sum_k a (the input row sum) is computed
// per pixel at run time. Kernels that multiply unsigned weights (Arm udot,
// umlal: w = w' ^ 0x80) use sum_k a w = sum_k a w' + 128 sum_k a, i.e. a row
// coefficient of wo instead of 128 + wo.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "kernels/conv_common.h"

namespace edgebench::backends::int8 {

// Output channels per packed block: one AVX-512 vector of int32 sums.
inline constexpr int kBlockChannels = 16;
// Input channels per dot-product step (4 bytes into one int32 lane).
inline constexpr int kGroupDepth = 4;

struct PackedGemm {
  int32_t depth = 0;     // K: input channels
  int32_t channels = 0;  // N: output channels
  int32_t blocks = 0;    // ceil(N / kBlockChannels)
  int32_t groups = 0;    // ceil(K / kGroupDepth)
  // [block][group][channel in block][k in group] as w - 128, zero where
  // k >= K (so any input byte there contributes nothing) or n >= N.
  std::vector<int8_t> weights;
  // Per channel (padded to blocks * kBlockChannels): the op's bias plus the
  // zero-point terms that do not depend on the input.
  std::vector<int32_t> bias;
  // Multiplies the input row sum: for kernels multiplying w - 128 ...
  int32_t signed_row_coefficient = 0;
  // ... and for kernels multiplying w (0 when the weight zero point is 0).
  int32_t unsigned_row_coefficient = 0;
  kernels::ConvQuantization quantization;  // requantization, as the reference
  // The same multipliers per channel (padded like `bias`) for vector
  // epilogues, which handle right shifts only (real multiplier < 1, as in
  // every quantized model seen); when any channel shifts left they use
  // StoreTile.
  std::vector<int32_t> multipliers;
  std::vector<int32_t> right_shifts;
  bool right_shifts_only = true;
};

// Packs uint8 weights [channels][depth] (row-major) and the optional int32
// bias. `quantization` comes from kernels::PrepareConvQuantization.
PackedGemm PackGemm(const uint8_t* weights, const int32_t* bias, int32_t channels, int32_t depth,
                    kernels::ConvQuantization quantization);

// The largest K for which every partial sum fits in int32.
inline constexpr int32_t kMaxDepth = 8192;

// One implementation of the whole GEMM for `rows` input rows of `depth`
// bytes each (contiguous), writing `rows` x `channels` uint8 outputs.
struct GemmVariant {
  const char* name;  // "avx512vnni", "avxvnni", "avx2", "neon_dot", "neon", "scalar"
  bool (*supported)();
  // Whether the engine runs ops on it instead of XNNPACK: only where it was
  // measured faster on the real models (a vectorized epilogue too).
  bool replaces_xnnpack;
  void (*run)(const PackedGemm& gemm, const uint8_t* input, int32_t rows, uint8_t* output);
};

// Every variant this build contains, fastest first; the last ("scalar")
// runs everywhere.
std::span<const GemmVariant> GemmVariants();

// The first variant of GemmVariants() this CPU executes.
const GemmVariant& BestGemmVariant();

// Shared by the variants. The run-time part of the zero-point correction:
// coefficient * sum of the row's `depth` bytes, for `rows` rows.
void RowTerms(const uint8_t* input, int32_t depth, int32_t rows, int32_t coefficient,
              int32_t* terms);

// The fused epilogue: adds bias and row terms to the raw sums of one tile
// (`rows` x kBlockChannels, row-major) of block `block`, requantizes with the
// reference rounding and activation clamp, and stores the valid channels to
// `output` (the tile's first row, rows `channels` apart).
void StoreTile(const PackedGemm& gemm, const int32_t* sums, const int32_t* row_terms, int rows,
               int32_t block, uint8_t* output);

// Block `block`'s packed weights: groups x kBlockChannels x kGroupDepth.
inline const int8_t* BlockWeights(const PackedGemm& gemm, int32_t block) {
  return gemm.weights.data() +
         static_cast<size_t>(block) * gemm.groups * kBlockChannels * kGroupDepth;
}

// Bytes k..k+3 of an input row as one little-endian int32 (the lane a
// dot-product instruction broadcasts); bytes at or past `depth` read as 0,
// so the last partial group never reads past the row.
inline int32_t LoadGroup(const uint8_t* row, int32_t k, int32_t depth) {
  int32_t value = 0;
  std::memcpy(&value, row + k, static_cast<size_t>(std::min(kGroupDepth, depth - k)));
  return value;
}
inline int32_t LoadFullGroup(const uint8_t* row, int32_t k) {
  int32_t value;
  std::memcpy(&value, row + k, sizeof(value));
  return value;
}

// Input rows per register tile of the vector variants.
inline constexpr int kTileRows = 4;  // ForEachRowTile's cases

// Runs Tile<M>::Run(gemm, tile_input, row_terms, tile_output) over all rows
// in tiles of M = kTileRows rows, the last tile with fewer; the row terms
// use `coefficient` (signed or unsigned, see PackedGemm).
template <template <int> class Tile>
void ForEachRowTile(const PackedGemm& gemm, const uint8_t* input, int32_t rows, int32_t coefficient,
                    uint8_t* output) {
  int32_t terms[kTileRows];
  for (int32_t p = 0; p < rows; p += kTileRows) {
    const int32_t m = std::min(kTileRows, rows - p);
    const uint8_t* in = input + static_cast<int64_t>(p) * gemm.depth;
    uint8_t* out = output + static_cast<int64_t>(p) * gemm.channels;
    RowTerms(in, gemm.depth, m, coefficient, terms);
    switch (m) {
      case 4: Tile<4>::Run(gemm, in, terms, out); break;
      case 3: Tile<3>::Run(gemm, in, terms, out); break;
      case 2: Tile<2>::Run(gemm, in, terms, out); break;
      default: Tile<1>::Run(gemm, in, terms, out); break;
    }
  }
}

// Variant entry points, one per file.
void GemmScalar(const PackedGemm& gemm, const uint8_t* input, int32_t rows, uint8_t* output);
#if defined(__x86_64__)
bool HasAvx512Vnni();
bool HasAvxVnni();
bool HasAvx2();
void GemmAvx512Vnni(const PackedGemm& gemm, const uint8_t* input, int32_t rows, uint8_t* output);
void GemmAvxVnni(const PackedGemm& gemm, const uint8_t* input, int32_t rows, uint8_t* output);
void GemmAvx2(const PackedGemm& gemm, const uint8_t* input, int32_t rows, uint8_t* output);
#elif defined(__aarch64__)
bool HasNeonDot();
void GemmNeonDot(const PackedGemm& gemm, const uint8_t* input, int32_t rows, uint8_t* output);
void GemmNeon(const PackedGemm& gemm, const uint8_t* input, int32_t rows, uint8_t* output);
#endif

}  // namespace edgebench::backends::int8
