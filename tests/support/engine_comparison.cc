#include "support/engine_comparison.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "image/decode.h"
#include "image/resize.h"

namespace edgebench::testing {

using graph::DataType;

std::vector<double> AsDoubles(const EngineOutput& t) {
  switch (t.type) {
    case DataType::kFloat32: {
      std::vector<float> f = Values<float>(t);
      return {f.begin(), f.end()};
    }
    case DataType::kUInt8: {
      std::vector<uint8_t> u = Values<uint8_t>(t);
      return {u.begin(), u.end()};
    }
    case DataType::kInt8: {
      std::vector<int8_t> s = Values<int8_t>(t);
      return {s.begin(), s.end()};
    }
    case DataType::kInt32: {
      std::vector<int32_t> s = Values<int32_t>(t);
      return {s.begin(), s.end()};
    }
    default: return {};
  }
}

void ExpectEndToEndClose(const std::string& where, const EngineOutput& ours,
                         const EngineOutput& theirs, bool check) {
  const std::vector<double> a = AsDoubles(ours);
  const std::vector<double> b = AsDoubles(theirs);
  ASSERT_EQ(a.size(), b.size());
  ASSERT_FALSE(a.empty());
  double max_abs = 0.0;
  double sum_abs = 0.0;
  double max_magnitude = 0.0;
  size_t differing = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const double diff = std::fabs(a[i] - b[i]);
    max_abs = std::max(max_abs, diff);
    sum_abs += diff;
    max_magnitude = std::max(max_magnitude, std::fabs(b[i]));
    if (diff != 0.0) ++differing;
  }
  const double mean_abs = sum_abs / static_cast<double>(a.size());
  const bool is_float = ours.type == DataType::kFloat32;
  std::ostringstream os;
  os << where << " backbone \"" << ours.name << "\" " << graph::DataTypeName(ours.type)
     << graph::ShapeToString(ours.shape) << ": max |diff| " << max_abs << (is_float ? "" : " q")
     << ", mean |diff| " << mean_abs << ", " << differing << " of " << a.size() << " differ";
  if (is_float) os << ", largest |value| " << max_magnitude;
  std::printf("[ armnn    ] %s\n", os.str().c_str());
  ::testing::Test::RecordProperty(where + "_backbone_" + ours.name, os.str());
  if (!check) return;
  if (is_float) {
    EXPECT_LE(max_abs, kEndToEndNormRelTolerance * max_magnitude) << os.str();
  } else {
    EXPECT_LE(mean_abs, kEndToEndMeanQuantizedDiff) << os.str();
  }
}

std::string PhotoPath() { return std::string(EDGEBENCH_SOURCE_DIR) + "/data/images/fruit.jpg"; }

Result<image::Image> PhotoImage(int width, int height) {
  EB_ASSIGN_OR_RETURN(image::Image photo, image::DecodeImageFile(PhotoPath(), {}));
  return image::ResizeArea(photo, width, height);
}

}  // namespace edgebench::testing
