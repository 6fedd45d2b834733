#include "bench/sha256.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace edgebench::bench {
namespace {

// Digests from FIPS 180-4's examples (NIST CSRC "SHA256.pdf") and the
// well-known empty-message digest.
constexpr char kEmpty[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr char kAbc[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr char k448Bits[] = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
constexpr char kMillionA[] = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

TEST(Sha256Test, EmptyMessage) { EXPECT_EQ(Sha256Hex(std::string()), kEmpty); }

TEST(Sha256Test, Abc) { EXPECT_EQ(Sha256Hex(std::string("abc")), kAbc); }

TEST(Sha256Test, TwoBlockMessageOf448Bits) {
  // 56 bytes: the padding no longer fits, so a second block is needed.
  EXPECT_EQ(Sha256Hex(std::string("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            k448Bits);
}

TEST(Sha256Test, MillionAInOneCall) {
  EXPECT_EQ(Sha256Hex(std::string(1'000'000, 'a')), kMillionA);
}

TEST(Sha256Test, MillionAInUnevenPieces) {
  // Chunks of 1, 63, 64, 65 ... bytes cross the block boundary every way.
  const std::string a(1'000'000, 'a');
  const auto* bytes = reinterpret_cast<const uint8_t*>(a.data());
  Sha256 hasher;
  size_t offset = 0;
  const size_t pieces[] = {1, 63, 64, 65, 7, 128, 1000};
  for (size_t i = 0; offset < a.size(); ++i) {
    const size_t n = std::min(pieces[i % std::size(pieces)], a.size() - offset);
    hasher.Update({bytes + offset, n});
    offset += n;
  }
  EXPECT_EQ(DigestHex(hasher.Finish()), kMillionA);
}

TEST(Sha256Test, FileOfTheBundledModelMatchesItsPublishedChecksum) {
  // data/README.md gives this checksum for the original benchmark's model.
  const auto digest = Sha256File(std::string(EDGEBENCH_SOURCE_DIR) +
                                 "/data/models/ssd_mobilenet_v1_0.75_depth_quant_coco.tflite");
  ASSERT_TRUE(digest.ok()) << digest.status().message();
  EXPECT_EQ(*digest, "db0d6d44276d75de47bc949e3a416e5ea93795aa72b15c59f121dc5db93a6f7f");
}

TEST(Sha256Test, SmallFile) {
  const std::string path =
      (std::filesystem::temp_directory_path() / "edgebench_sha256_test.txt").string();
  FILE* file = std::fopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  std::fputs("abc", file);
  std::fclose(file);
  const auto digest = Sha256File(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(digest.ok());
  EXPECT_EQ(*digest, kAbc);
}

TEST(Sha256Test, MissingFileIsAnErrorNamingThePath) {
  const auto digest = Sha256File("/nonexistent/edgebench/model.tflite");
  ASSERT_FALSE(digest.ok());
  EXPECT_NE(digest.status().message().find("/nonexistent/edgebench/model.tflite"),
            std::string::npos);
}

TEST(Sha256Test, DirectoryIsAnError) {
  EXPECT_FALSE(Sha256File(std::filesystem::temp_directory_path().string()).ok());
}

}  // namespace
}  // namespace edgebench::bench
