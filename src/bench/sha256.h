// SHA-256 (FIPS 180-4) of bytes and files: the identity of the model and
// image a result was measured with.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "graph/status.h"

namespace edgebench::bench {

// Incremental hasher: Update() any number of times, then Finish() once.
class Sha256 {
 public:
  Sha256();
  void Update(std::span<const uint8_t> bytes);
  // The 32-byte digest. The hasher must not be used afterwards.
  std::array<uint8_t, 32> Finish();

 private:
  void Compress(const uint8_t* block);  // one 64-byte block

  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_;
  size_t buffered_ = 0;  // bytes waiting in buffer_
  uint64_t length_ = 0;  // message bytes so far
};

// Lower-case hex of a digest (64 characters).
std::string DigestHex(const std::array<uint8_t, 32>& digest);

// Hex digest of bytes.
std::string Sha256Hex(std::span<const uint8_t> bytes);
std::string Sha256Hex(const std::string& bytes);

// Hex digest of a file, read in chunks. Errors name the path.
Result<std::string> Sha256File(const std::string& path);

}  // namespace edgebench::bench
