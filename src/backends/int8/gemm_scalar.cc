// The portable variant: plain loops over the packed weights, one row at a
// time. Also the definition the vector variants are compared with.
#include "backends/int8/packed_gemm.h"

namespace edgebench::backends::int8 {

void GemmScalar(const PackedGemm& gemm, const uint8_t* input, int32_t rows, uint8_t* output) {
  for (int32_t p = 0; p < rows; ++p) {
    const uint8_t* row = input + static_cast<int64_t>(p) * gemm.depth;
    int32_t row_term = 0;
    RowTerms(row, gemm.depth, 1, gemm.signed_row_coefficient, &row_term);
    for (int32_t block = 0; block < gemm.blocks; ++block) {
      const int8_t* w = gemm.weights.data() +
                        static_cast<size_t>(block) * gemm.groups * kBlockChannels * kGroupDepth;
      int32_t sums[kBlockChannels] = {};
      for (int32_t k = 0; k < gemm.depth; ++k) {
        const int8_t* group =
            w + static_cast<size_t>(k / kGroupDepth) * kBlockChannels * kGroupDepth;
        for (int lane = 0; lane < kBlockChannels; ++lane) {
          sums[lane] += row[k] * group[lane * kGroupDepth + k % kGroupDepth];
        }
      }
      StoreTile(gemm, sums, &row_term, 1, block, output + static_cast<int64_t>(p) * gemm.channels);
    }
  }
}

}  // namespace edgebench::backends::int8
