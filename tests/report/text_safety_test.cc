#include "report/text_safety.h"

#include <gtest/gtest.h>

namespace edgebench::report {
namespace {

TEST(TerminalSafeTest, EscapesControlsAndKeepsPrintableUtf8) {
  EXPECT_EQ(TerminalSafe("fan on"), "fan on");
  EXPECT_EQ(TerminalSafe("caf\xc3\xa9 \xe6\xb8\xac"), "caf\xc3\xa9 \xe6\xb8\xac");  // é, a CJK
  EXPECT_EQ(TerminalSafe("\x1b[2J\r\n\t"), "\\x1b[2J\\r\\n\\t");
  EXPECT_EQ(TerminalSafe(std::string("a\0b\x7f", 4)), "a\\x00b\\x7f");
  EXPECT_EQ(TerminalSafe("\xc2\x9b"
                         "31m"),
            "\\u009b31m");                                 // C1 CSI
  EXPECT_EQ(TerminalSafe("x\xe2\x80\xaey"), "x\\u202ey");  // RIGHT-TO-LEFT OVERRIDE
  EXPECT_EQ(TerminalSafe("\xe2\x81\xa6z\xe2\x81\xa9"), "\\u2066z\\u2069");  // isolates
  // Not UTF-8: a lone C1 byte (CSI on some terminals), a truncated sequence,
  // an overlong encoding of ESC.
  EXPECT_EQ(TerminalSafe("\x9b"
                         "2J"),
            "\\x9b2J");
  EXPECT_EQ(TerminalSafe("\xe2\x80"), "\\xe2\\x80");
  EXPECT_EQ(TerminalSafe("\xc0\x9b"), "\\xc0\\x9b");
}

TEST(WithoutBidiControlsTest, DropsOnlyBidiControls) {
  EXPECT_EQ(WithoutBidiControls("Pi \xe2\x80\xae"
                                "4 [\xe2\x81\xa7x\xe2\x81\xa9]"),
            "Pi 4 [x]");
  EXPECT_EQ(WithoutBidiControls("caf\xc3\xa9 \xd7\xa9"), "caf\xc3\xa9 \xd7\xa9");  // Hebrew kept
}

}  // namespace
}  // namespace edgebench::report
