#include "bench/interrupt.h"

#include <gtest/gtest.h>

#include <csignal>

namespace edgebench::bench {
namespace {

void (*HandlerOf(int signal_number))(int) {
  struct sigaction now = {};
  sigaction(signal_number, nullptr, &now);
  return now.sa_handler;
}

TEST(InterruptGuardTest, FirstSignalSetsTheFlagAndTheSecondWouldEndTheProcess) {
  InterruptGuard guard;
  EXPECT_FALSE(guard.requested());
  EXPECT_NE(HandlerOf(SIGINT), SIG_DFL);
  EXPECT_NE(HandlerOf(SIGTERM), SIG_DFL);
  std::raise(SIGINT);
  EXPECT_TRUE(guard.requested());
  EXPECT_EQ(guard.signal_number(), SIGINT);
  EXPECT_STREQ(InterruptName(guard.signal_number()), "Ctrl-C");
  // Back to the default: a second Ctrl-C or SIGTERM ends the process.
  EXPECT_EQ(HandlerOf(SIGINT), SIG_DFL);
  EXPECT_EQ(HandlerOf(SIGTERM), SIG_DFL);
}

TEST(InterruptGuardTest, HandlersLiveOnlyAsLongAsTheGuard) {
  const auto before = HandlerOf(SIGTERM);
  {
    InterruptGuard guard;
    EXPECT_NE(HandlerOf(SIGTERM), before);
  }
  EXPECT_EQ(HandlerOf(SIGTERM), before);
}

}  // namespace
}  // namespace edgebench::bench
