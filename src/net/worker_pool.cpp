#include "net/worker_pool.hpp"

#include <atomic>
#include <memory>

namespace kubemcp::net {

WorkerPool::WorkerPool(std::size_t threads) : size_(threads == 0 ? 1 : threads) {}

bool WorkerPool::started() const {
  std::lock_guard lock(mutex_);
  return !threads_.empty();
}

void WorkerPool::start_locked() {
  if (!threads_.empty()) return;
  threads_.reserve(size_);
  for (std::size_t i = 0; i < size_; ++i) {
    threads_.emplace_back([this] { run(); });
    if (detached_) threads_.back().detach();
  }
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& t : threads_) t.join();
}

WorkerPool& WorkerPool::shared() {
  static WorkerPool* pool = [] {
    auto* p = new WorkerPool(16);
    // Detached on purpose: the pool lives as long as the process (see the header).
    p->detached_ = true;
    return p;
  }();
  return *pool;
}

void WorkerPool::post(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    start_locked();
    jobs_.push_back(std::move(job));
  }
  ready_.notify_one();
}

void WorkerPool::run() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping and drained
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}

namespace {

// One fork-join: each job is claimed exactly once, by a pool thread or by the waiter.
struct Batch {
  explicit Batch(std::vector<std::function<void()>>& jobs) : jobs(jobs), claimed(jobs.size()) {}
  std::vector<std::function<void()>>& jobs;
  std::vector<std::atomic<bool>> claimed;
  std::mutex mutex;
  std::condition_variable done;
  std::size_t left = 0;

  void run(std::size_t i) {
    if (claimed[i].exchange(true)) return;
    jobs[i]();
    std::lock_guard lock(mutex);
    if (--left == 0) done.notify_all();
  }
};

}  // namespace

void WorkerPool::run_all(std::vector<std::function<void()>>& jobs) {
  if (jobs.empty()) return;
  if (jobs.size() == 1) {
    jobs.front()();
    return;
  }
  // Shared with the posted closures: one may be dequeued after the batch is over (it finds
  // its job claimed and returns), so the batch must outlive this call.
  auto batch = std::make_shared<Batch>(jobs);
  batch->left = jobs.size();
  for (std::size_t i = 1; i < jobs.size(); ++i) post([batch, i] { batch->run(i); });
  // The waiter works too: its own first job, then whatever no thread has taken yet.
  for (std::size_t i = 0; i < jobs.size(); ++i) batch->run(i);
  std::unique_lock lock(batch->mutex);
  batch->done.wait(lock, [&] { return batch->left == 0; });
}

}  // namespace kubemcp::net
