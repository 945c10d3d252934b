#include "mcp/http_sessions.hpp"

#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <stdexcept>

#include "net/server_https.hpp"

namespace kubemcp::mcp {

std::string new_session_id() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1)
    throw std::runtime_error("no random bytes for a session id");
  static constexpr char hex[] = "0123456789abcdef";
  std::string id;
  for (unsigned char b : bytes) {
    id += hex[b >> 4];
    id += hex[b & 15];
  }
  return id;
}

HttpSession::HttpSession(std::string id, std::string owner, const MakeServer& make)
    : id_(std::move(id)), owner_(std::move(owner)) {
  touch();
  server_ = make([this](const std::string& line) { send(line); });
}

HttpSession::~HttpSession() {
  server_.reset();  // finishes its calls while the stream can still be written
  std::lock_guard lock(mutex_);
  if (stream_) stream_->close();
}

bool HttpSession::open_stream(std::shared_ptr<net::StreamSink> sink) {
  std::lock_guard lock(mutex_);
  if (stream_ && stream_->is_open()) return false;
  stream_ = std::move(sink);
  return true;
}

bool HttpSession::has_stream() const {
  std::lock_guard lock(mutex_);
  return stream_ && stream_->is_open();
}

void HttpSession::send(const std::string& line) {
  std::lock_guard lock(mutex_);
  if (stream_ && stream_->write("event: message\ndata: " + line + "\n\n")) return;
  spdlog::debug("session {}…: no GET stream open; a server message was dropped", id_.substr(0, 8));
}

std::shared_ptr<HttpSession> SessionTable::create(const std::string& owner,
                                                  const HttpSession::MakeServer& make) {
  {
    std::lock_guard lock(mutex_);
    if (sessions_.size() >= max_) return nullptr;
  }
  auto s = std::make_shared<HttpSession>(new_session_id(), owner, make);
  std::lock_guard lock(mutex_);
  if (sessions_.size() >= max_) return nullptr;
  sessions_.emplace(s->id(), s);
  return s;
}

std::shared_ptr<HttpSession> SessionTable::find(const std::string& id) {
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(id);
  if (it == sessions_.end()) return nullptr;
  it->second->touch();
  return it->second;
}

std::shared_ptr<HttpSession> SessionTable::remove(const std::string& id) {
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(id);
  if (it == sessions_.end()) return nullptr;
  auto s = std::move(it->second);
  sessions_.erase(it);
  return s;
}

std::vector<std::shared_ptr<HttpSession>> SessionTable::expire(
    std::chrono::steady_clock::time_point now, std::chrono::steady_clock::duration idle) {
  std::vector<std::shared_ptr<HttpSession>> out;
  std::lock_guard lock(mutex_);
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    // A session with an open GET stream is in use although it sends nothing.
    if (now - it->second->last_used() > idle && !it->second->has_stream()) {
      out.push_back(std::move(it->second));
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
  return out;
}

std::size_t SessionTable::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

std::vector<std::shared_ptr<HttpSession>> SessionTable::all() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<HttpSession>> out;
  for (const auto& [_, s] : sessions_) out.push_back(s);
  return out;
}

}  // namespace kubemcp::mcp
