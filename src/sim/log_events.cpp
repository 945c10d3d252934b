#include "sim/log_events.hpp"

#include <algorithm>

namespace kubemcp::sim {

std::string LogEvents::key(const std::string& pod_uid, const std::string& container, int instance) {
  return pod_uid + "/" + container + "/" + std::to_string(instance);
}

void LogEvents::add(const std::string& key, int64_t time, std::string text) {
  std::lock_guard lock(mu_);
  auto& q = lines_[key];
  q.push_back({++seq_, {time, std::move(text)}});
  if (q.size() > kMaxLines) q.pop_front();
  order_.remove(key);
  order_.push_back(key);
  while (order_.size() > kMaxContainers) {
    lines_.erase(order_.front());
    order_.pop_front();
  }
}

std::vector<LogEvents::Entry> LogEvents::since(const std::string& key, int64_t from) const {
  std::lock_guard lock(mu_);
  std::vector<Entry> out;
  if (auto it = lines_.find(key); it != lines_.end())
    for (const auto& e : it->second)
      if (e.line.time >= from) out.push_back(e);
  return out;
}

std::vector<LogEvents::Entry> LogEvents::after(const std::string& key, uint64_t seq) const {
  std::lock_guard lock(mu_);
  std::vector<Entry> out;
  if (auto it = lines_.find(key); it != lines_.end())
    for (const auto& e : it->second)
      if (e.seq > seq) out.push_back(e);
  return out;
}

uint64_t LogEvents::last_seq() const {
  std::lock_guard lock(mu_);
  return seq_;
}

std::vector<LogLine> merge_log_lines(std::vector<LogLine> generated,
                                     const std::vector<LogEvents::Entry>& events) {
  if (events.empty()) return generated;
  std::vector<LogLine> out;
  out.reserve(generated.size() + events.size());
  std::size_t g = 0;
  for (const auto& e : events) {
    while (g < generated.size() && generated[g].time <= e.line.time)
      out.push_back(std::move(generated[g++]));
    out.push_back(e.line);
  }
  while (g < generated.size()) out.push_back(std::move(generated[g++]));
  return out;
}

}  // namespace kubemcp::sim
