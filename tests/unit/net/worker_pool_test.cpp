// The one pool for tool calls and fan-out: a fan-out inside a pool job never deadlocks, even
// when every thread of the pool is such a job.
#include "net/worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>

using kubemcp::net::WorkerPool;

namespace {

// Runs `outer` jobs on the pool, each forking `inner` jobs with run_all; true when all finished
// within the deadline.
bool nested(WorkerPool& pool, int outer, int inner, std::atomic<int>& ran) {
  std::vector<std::shared_ptr<std::promise<void>>> done;
  for (int i = 0; i < outer; ++i) {
    auto p = std::make_shared<std::promise<void>>();
    done.push_back(p);
    pool.post([&pool, &ran, inner, p] {
      std::vector<std::function<void()>> jobs;
      for (int j = 0; j < inner; ++j) jobs.emplace_back([&ran] { ++ran; });
      pool.run_all(jobs);
      p->set_value();
    });
  }
  for (auto& p : done)
    if (p->get_future().wait_for(std::chrono::seconds(10)) != std::future_status::ready)
      return false;
  return true;
}

}  // namespace

TEST(WorkerPool, AFanOutInsideAPoolJobOnOneThreadFinishes) {
  WorkerPool pool(1);
  std::atomic<int> ran{0};
  ASSERT_TRUE(nested(pool, 1, 5, ran));
  EXPECT_EQ(ran, 5);
}

TEST(WorkerPool, EveryThreadWaitingOnAFanOutStillFinishes) {
  WorkerPool pool(2);
  std::atomic<int> ran{0};
  ASSERT_TRUE(nested(pool, 8, 6, ran));
  EXPECT_EQ(ran, 48);
}

TEST(WorkerPool, RunAllRunsJobsConcurrentlyWhenThreadsAreFree) {
  WorkerPool pool(4);
  std::atomic<int> running{0}, most{0};
  std::vector<std::function<void()>> jobs;
  for (int i = 0; i < 4; ++i)
    jobs.emplace_back([&] {
      const int now = ++running;
      for (int seen = most; now > seen && !most.compare_exchange_weak(seen, now);) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      --running;
    });
  pool.run_all(jobs);
  EXPECT_GT(most, 1);
}

// Threads start with the first job: a `serve` session that never calls a tool starts none.
TEST(WorkerPool, ThreadsStartWithTheFirstJobNotWithThePool) {
  WorkerPool pool(3);
  EXPECT_FALSE(pool.started());
  EXPECT_EQ(pool.size(), 3u);
  std::promise<void> ran;
  pool.post([&] { ran.set_value(); });
  EXPECT_TRUE(pool.started());
  EXPECT_EQ(ran.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
}
