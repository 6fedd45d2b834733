#include "bench/thread_count.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace edgebench::bench {
namespace {

using ::testing::HasSubstr;

TEST(ThreadCountTest, FourPerCoreAtMost256) {
  EXPECT_EQ(MaxThreads(1), 4);
  EXPECT_EQ(MaxThreads(2), 8);
  EXPECT_EQ(MaxThreads(64), 256);
  EXPECT_EQ(MaxThreads(128), 256);
  EXPECT_EQ(MaxThreads(0), 256);  // unknown core count
}

TEST(ThreadCountTest, AboveTheCapIsAnErrorNamingTheFlag) {
  EXPECT_TRUE(CheckThreadCount("--threads", 8, 2).ok());
  const Status status = CheckThreadCount("--threads", 9, 2);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("--threads 9: more than 8 threads on 2 logical cores"));
  EXPECT_FALSE(CheckThreadCount("--threads", 1000, 0).ok());
}

TEST(ThreadCountTest, MoreThreadsThanCoresWarns) {
  EXPECT_FALSE(OversubscriptionWarning(2, 2));
  EXPECT_FALSE(OversubscriptionWarning(16, 0));
  const auto warning = OversubscriptionWarning(3, 2);
  ASSERT_TRUE(warning);
  EXPECT_THAT(*warning, HasSubstr("3 threads on 2 logical cores"));
}

TEST(ThreadCountTest, DefaultIsOneThreadPerCoreNotBusy) {
  EXPECT_EQ(IdleCoreThreads({2, 0.0}), 2);
  EXPECT_EQ(IdleCoreThreads({2, 0.4}), 2);  // a core busy less than half its time is free
  EXPECT_EQ(IdleCoreThreads({2, 0.6}), 1);
  EXPECT_EQ(IdleCoreThreads({4, 1.4}), 3);
  EXPECT_EQ(IdleCoreThreads({2, 2.0}), 1);  // never fewer than one
  EXPECT_EQ(IdleCoreThreads({1, 1.0}), 1);
}

TEST(ThreadCountTest, DefaultIsDescribedWithTheLoadItCameFrom) {
  EXPECT_EQ(DescribeDefaultThreads({2, 0.96}),
            "the cores not busy: 2 cores, 1.0 busy; --threads to choose");
  EXPECT_EQ(DescribeDefaultThreads({4, 0.0}),
            "the cores not busy: 4 cores, 0.0 busy; --threads to choose");
}

}  // namespace
}  // namespace edgebench::bench
