#pragma once
// Collects what an mcp::Server sends, thread-safely, and lets a test wait for a message.
// A batch's answer (a JSON array) is kept whole in batches().
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

class Outbox {
 public:
  void push(const std::string& line) {
    std::lock_guard lock(mu_);
    auto v = boost::json::parse(line);
    if (v.is_array())
      batches_.push_back(v.as_array());
    else
      lines_.push_back(v.as_object());
    cv_.notify_all();
  }
  boost::json::object wait_for(const std::function<bool(const boost::json::object&)>& match,
                               std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    std::unique_lock lock(mu_);
    boost::json::object found;
    const bool ok = cv_.wait_for(lock, timeout, [&] {
      for (const auto& l : lines_)
        if (match(l)) {
          found = l;
          return true;
        }
      return false;
    });
    EXPECT_TRUE(ok) << "no matching message";
    return found;
  }
  boost::json::object response(int id) {
    return wait_for([id](const boost::json::object& o) {
      return o.contains("id") && o.at("id").is_int64() && o.at("id").as_int64() == id;
    });
  }
  bool has_response(int id) {
    std::lock_guard lock(mu_);
    for (const auto& l : lines_)
      if (l.contains("id") && l.at("id").is_int64() && l.at("id").as_int64() == id) return true;
    return false;
  }
  std::vector<boost::json::object> all() {
    std::lock_guard lock(mu_);
    return lines_;
  }
  // Waits for the n-th batch answer (0-based).
  boost::json::array batch(std::size_t n,
                           std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    std::unique_lock lock(mu_);
    const bool ok = cv_.wait_for(lock, timeout, [&] { return batches_.size() > n; });
    EXPECT_TRUE(ok) << "no batch answer";
    return ok ? batches_[n] : boost::json::array{};
  }
  std::size_t batch_count() {
    std::lock_guard lock(mu_);
    return batches_.size();
  }
  std::size_t size() {
    std::lock_guard lock(mu_);
    return lines_.size() + batches_.size();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<boost::json::object> lines_;
  std::vector<boost::json::array> batches_;
};
