#include "detect/labels.h"

#include <gtest/gtest.h>

namespace edgebench::detect {
namespace {

TEST(LabelMapTest, ParsesIdsWithGapsAndMultiWordNames) {
  auto labels = LabelMap::Parse("0  person\n10  fire hydrant\r\n\n12  stop sign\n", "t.txt");
  ASSERT_TRUE(labels.ok()) << labels.status().message();
  EXPECT_EQ(labels->size(), 3u);
  EXPECT_EQ(labels->Name(0), "person");
  EXPECT_EQ(labels->Name(10), "fire hydrant");
  EXPECT_EQ(labels->Name(12), "stop sign");
  EXPECT_EQ(labels->Name(11), "class 11");  // a gap in the COCO ids
}

TEST(LabelMapTest, BundledFileHasTheFruit) {
  auto labels = LabelMap::ReadFile(EDGEBENCH_SOURCE_DIR "/data/models/coco_labels.txt");
  ASSERT_TRUE(labels.ok()) << labels.status().message();
  EXPECT_EQ(labels->size(), 80u);
  EXPECT_EQ(labels->Name(51), "banana");
  EXPECT_EQ(labels->Name(52), "apple");
}

TEST(LabelMapTest, ErrorsNameTheLine) {
  auto labels = LabelMap::Parse("0 person\nnot-a-number cat\n", "bad.txt");
  ASSERT_FALSE(labels.ok());
  EXPECT_EQ(labels.status().message(), "bad.txt:2: expected \"ID  name\", found \"not-a-number cat\"");
  EXPECT_FALSE(LabelMap::ReadFile("/nonexistent/labels.txt").ok());
  EXPECT_FALSE(LabelMap::Parse("\n\n", "empty.txt").ok());
}

}  // namespace
}  // namespace edgebench::detect
