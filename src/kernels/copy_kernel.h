// The Run of RESHAPE and SQUEEZE: the output holds the input's bytes
// unchanged under another shape.
#pragma once

#include <cstring>

#include "kernels/kernel.h"

namespace edgebench::kernels {

class CopyKernel final : public PreparedKernel {
 public:
  CopyKernel(int input, int output, size_t bytes) : input_(input), output_(output), bytes_(bytes) {}

  void Run(const TensorBuffers& buffers) override {
    const uint8_t* src = buffers.Raw(input_);
    uint8_t* dst = buffers.Raw(output_);
    // An interpreter may let the output alias the input; then nothing moves.
    if (src != dst) std::memcpy(dst, src, bytes_);
  }

 private:
  int input_;
  int output_;
  size_t bytes_;
};

}  // namespace edgebench::kernels
