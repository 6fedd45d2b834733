#include "sysmon/throttle.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "sysmon/fake_tree.h"

namespace edgebench::sysmon {
namespace {

using testing::FakeTree;

TEST(ThrottleTest, ParsesSysfsAndVcgencmdText) {
  EXPECT_EQ(ParseThrottleText("50005\n"), 0x50005u);
  EXPECT_EQ(ParseThrottleText("0x50005"), 0x50005u);
  EXPECT_EQ(ParseThrottleText("throttled=0x50005\n"), 0x50005u);
  EXPECT_EQ(ParseThrottleText("throttled=0x0"), 0u);
  EXPECT_EQ(ParseThrottleText("0"), 0u);
  EXPECT_EQ(ParseThrottleText("0x80008"), 0x80008u);
}

TEST(ThrottleTest, RejectsAnythingElse) {
  for (const char* text : {"", "throttled=", "0x", "zz", "50005 extra", "error=2 error_msg=\"x\"",
                           "0x123456789", "-1"}) {
    EXPECT_FALSE(ParseThrottleText(text).has_value()) << text;
  }
}

TEST(ThrottleTest, NamesEveryBitOf0x50005) {
  // 0x50005 = bits 0, 2, 16, 18.
  EXPECT_EQ(DescribeThrottleFlags(0x50005),
            (std::vector<std::string>{"under-voltage now", "throttled now",
                                      "under-voltage since boot", "throttled since boot"}));
  EXPECT_EQ(DescribeThrottleFlags(0x8000a),
            (std::vector<std::string>{"ARM frequency capped now", "soft temperature limit now",
                                      "soft temperature limit since boot"}));
  EXPECT_EQ(DescribeThrottleFlags(0x10), (std::vector<std::string>{"bit 4"}));
  EXPECT_TRUE(DescribeThrottleFlags(0).empty());
}

TEST(ThrottleTest, SysfsFileOfARecentPiKernel) {
  FakeTree tree("rpi4", "throttle_sysfs");
  tree.Write(testing::kPiThrottlePath, "50005\n");
  const auto source = FindThrottleSource(tree.path());
  ASSERT_TRUE(source.has_value());
  EXPECT_EQ(source->kind, ThrottleSource::Kind::kSysfs);
  EXPECT_EQ(source->path, tree.path() + "/" + testing::kPiThrottlePath);
  EXPECT_EQ(ReadThrottleFlags(*source), 0x50005u);
  tree.Write(testing::kPiThrottlePath, "0\n");
  EXPECT_EQ(ReadThrottleFlags(*source), 0u);
}

// An older Pi image: no sysfs entry, but the firmware tool in /usr/bin.
TEST(ThrottleTest, VcgencmdWhenThereIsNoSysfsEntry) {
  FakeTree tree("rpi4", "throttle_vcgencmd");
  tree.Remove(testing::kPiThrottlePath);
  tree.Write("usr/bin/vcgencmd", "#!/bin/sh\necho throttled=0x50005\n");
  chmod((tree.path() + "/usr/bin/vcgencmd").c_str(), 0755);
  const auto source = FindThrottleSource(tree.path());
  ASSERT_TRUE(source.has_value());
  EXPECT_EQ(source->kind, ThrottleSource::Kind::kVcgencmd);
  EXPECT_EQ(ReadThrottleFlags(*source), 0x50005u);
}

TEST(ThrottleTest, BrokenVcgencmdIsNotASource) {
  FakeTree tree("bare", "throttle_broken");
  tree.Write("usr/bin/vcgencmd", "#!/bin/sh\necho 'VCHI initialization failed' >&2\nexit 1\n");
  chmod((tree.path() + "/usr/bin/vcgencmd").c_str(), 0755);
  EXPECT_FALSE(FindThrottleSource(tree.path()).has_value());
}

// A vcgencmd that never answers (a stuck firmware mailbox) is killed after
// kVcgencmdTimeoutMs and counts as no answer, not a hang.
TEST(ThrottleTest, HungVcgencmdIsNoAnswer) {
  FakeTree tree("bare", "throttle_hung");
  tree.Write("usr/bin/vcgencmd", "#!/bin/sh\nexec sleep 60\n");
  chmod((tree.path() + "/usr/bin/vcgencmd").c_str(), 0755);
  EXPECT_EQ(RunVcgencmd(tree.path() + "/usr/bin/vcgencmd", {"measure_volts"}), std::nullopt);
}

TEST(ThrottleTest, VcgencmdArgumentsReachTheTool) {
  FakeTree tree("bare", "throttle_args");
  tree.Write("usr/bin/vcgencmd", "#!/bin/sh\necho \"$1|$2\"\n");
  chmod((tree.path() + "/usr/bin/vcgencmd").c_str(), 0755);
  EXPECT_EQ(FindVcgencmd(tree.path()), tree.path() + "/usr/bin/vcgencmd");
  EXPECT_EQ(RunVcgencmd(*FindVcgencmd(tree.path()), {"get_config", "arm_freq"}),
            "get_config|arm_freq\n");
}

TEST(ThrottleTest, NoSourceOnOtherMachines) {
  for (const char* layout : {"x86_desktop", "x86_amd", "bare"}) {
    FakeTree tree(layout, std::string("throttle_none_") + layout);
    EXPECT_FALSE(FindThrottleSource(tree.path()).has_value()) << layout;
  }
}

}  // namespace
}  // namespace edgebench::sysmon
