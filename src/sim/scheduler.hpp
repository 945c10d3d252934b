#pragma once
// One background thread running delayed tasks (watch timeouts, controller ticks). Tasks run
// outside the lock, in due-time order.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace kubemcp::sim {

class Scheduler {
 public:
  Scheduler();
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  void after(std::chrono::milliseconds delay, std::function<void()> task);
  void stop();

 private:
  void run();
  std::mutex mu_;
  std::condition_variable cv_;
  std::multimap<std::chrono::steady_clock::time_point, std::function<void()>> tasks_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace kubemcp::sim
