// Helpers for the image tests: files in a temporary folder and small JPEGs
// encoded here with libjpeg (so the decoder is tested on bytes it did not
// produce itself).
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

// jpeglib.h needs FILE and size_t (from <cstdio>) declared before it.
// clang-format off
#include <jpeglib.h>
// clang-format on

#include "gtest/gtest.h"
#include "image/image.h"

namespace edgebench::image::testing {

inline std::string FruitPath() {
  return std::string(EDGEBENCH_SOURCE_DIR) + "/data/images/fruit.jpg";
}

inline std::vector<uint8_t> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

// A path in a per-test temporary folder; the file is written with `bytes`.
inline std::string WriteTemp(const std::string& name, const std::vector<uint8_t>& bytes) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto dir = std::filesystem::path(::testing::TempDir()) /
                   (std::string("eb_image_") + info->test_suite_name() + "_" + info->name());
  std::filesystem::create_directories(dir);
  const std::string path = (dir / name).string();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  return path;
}

struct JpegSpec {
  int width = 0;
  int height = 0;
  int components = 3;                      // 1 gray, 3 RGB, 4 CMYK
  J_COLOR_SPACE in_space = JCS_RGB;        // of `samples`
  J_COLOR_SPACE jpeg_space = JCS_UNKNOWN;  // JCS_UNKNOWN: libjpeg's default for in_space
  int quality = 100;
  std::vector<uint8_t> samples;  // width * height * components
  std::vector<uint8_t> app1;     // written as an APP1 segment when not empty
};

// Encodes with 4:4:4 sampling, so flat colours survive almost exactly.
inline std::vector<uint8_t> EncodeJpeg(const JpegSpec& spec) {
  jpeg_compress_struct cinfo;
  jpeg_error_mgr err;
  cinfo.err = jpeg_std_error(&err);
  jpeg_create_compress(&cinfo);
  unsigned char* out = nullptr;
  unsigned long out_size = 0;
  jpeg_mem_dest(&cinfo, &out, &out_size);
  cinfo.image_width = static_cast<JDIMENSION>(spec.width);
  cinfo.image_height = static_cast<JDIMENSION>(spec.height);
  cinfo.input_components = spec.components;
  cinfo.in_color_space = spec.in_space;
  jpeg_set_defaults(&cinfo);
  if (spec.jpeg_space != JCS_UNKNOWN) jpeg_set_colorspace(&cinfo, spec.jpeg_space);
  for (int c = 0; c < cinfo.num_components; ++c) {
    cinfo.comp_info[c].h_samp_factor = 1;
    cinfo.comp_info[c].v_samp_factor = 1;
  }
  jpeg_set_quality(&cinfo, spec.quality, TRUE);
  jpeg_start_compress(&cinfo, TRUE);
  if (!spec.app1.empty()) {
    jpeg_write_marker(&cinfo, JPEG_APP0 + 1, spec.app1.data(),
                      static_cast<unsigned int>(spec.app1.size()));
  }
  const size_t stride = static_cast<size_t>(spec.width) * spec.components;
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW row = const_cast<uint8_t*>(spec.samples.data()) + cinfo.next_scanline * stride;
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  std::vector<uint8_t> bytes(out, out + out_size);
  jpeg_destroy_compress(&cinfo);
  std::free(out);
  return bytes;
}

// An APP1 Exif payload with one IFD0 entry: orientation as a SHORT.
inline std::vector<uint8_t> ExifWithOrientation(int orientation, bool big_endian) {
  std::vector<uint8_t> p = {'E', 'x', 'i', 'f', 0, 0};
  auto u16 = [&](int v) {
    if (big_endian) {
      p.push_back(static_cast<uint8_t>(v >> 8));
      p.push_back(static_cast<uint8_t>(v));
    } else {
      p.push_back(static_cast<uint8_t>(v));
      p.push_back(static_cast<uint8_t>(v >> 8));
    }
  };
  auto u32 = [&](uint32_t v) {
    if (big_endian) {
      u16(static_cast<int>(v >> 16));
      u16(static_cast<int>(v & 0xFFFF));
    } else {
      u16(static_cast<int>(v & 0xFFFF));
      u16(static_cast<int>(v >> 16));
    }
  };
  p.push_back(big_endian ? 'M' : 'I');
  p.push_back(big_endian ? 'M' : 'I');
  u16(42);
  u32(8);       // IFD0 right after the header
  u16(1);       // one entry
  u16(0x0112);  // orientation
  u16(3);       // SHORT
  u32(1);       // count
  u16(orientation);
  u16(0);  // padding of the 4-byte value field
  u32(0);  // no next IFD
  return p;
}

inline double MeanAbsDiff(const Image& a, const Image& b) {
  double sum = 0;
  for (size_t i = 0; i < a.pixels.size(); ++i) {
    sum += std::abs(static_cast<int>(a.pixels[i]) - static_cast<int>(b.pixels[i]));
  }
  return sum / static_cast<double>(a.pixels.size());
}

}  // namespace edgebench::image::testing
