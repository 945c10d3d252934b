#pragma once
// One bounded set of threads for everything kubemcp runs at once: MCP tool calls and the
// per-cluster work of a fan-out inside them. Bounded on purpose: a burst of calls queues
// instead of spawning a thread per request, and protocol traffic (ping, cancel) never waits
// for it because the reader answers that itself.
//
// A job may itself fork work onto the pool and wait for it (run_all). The waiting thread runs
// those jobs itself when no other thread has taken them, so a fan-out inside a tool call can
// never deadlock the pool, even when every thread is such a waiter.
//
// The threads start with the first job, not with the pool: `kubemcp serve` answers initialize
// and tools/list without them, so a session that never calls a tool never pays for starting
// them (start-up time, docs/benchmarks.md).
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace kubemcp::net {

class WorkerPool {
 public:
  explicit WorkerPool(std::size_t threads);
  ~WorkerPool();  // runs what is queued, then joins
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // The process's pool for callers that were given none (`kubemcp call`, tests). Never
  // destroyed: destroying a condition variable that threads wait on hangs glibc at exit.
  static WorkerPool& shared();

  void post(std::function<void()> job);

  // Runs every job, concurrently where threads are free, and returns when all have finished.
  // Safe to call from a job of this pool (see above). Jobs must not throw.
  void run_all(std::vector<std::function<void()>>& jobs);

  std::size_t size() const { return size_; }
  // Whether the threads have been started (by the first post or run_all).
  bool started() const;

 private:
  void run();
  void start_locked();  // with mutex_ held
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  bool detached_ = false;  // the shared pool's threads outlive it
  std::size_t size_;
  std::vector<std::thread> threads_;
};

}  // namespace kubemcp::net
