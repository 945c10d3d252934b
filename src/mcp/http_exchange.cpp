#include "mcp/http_exchange.hpp"

#include <boost/json.hpp>

#include "mcp/http_metrics.hpp"
#include "net/server_https.hpp"

namespace kubemcp::mcp {
namespace json = boost::json;

PostExchange::PostExchange(Mode mode, std::vector<PendingRequest> requests, Metrics* metrics)
    : mode_(mode), metrics_(metrics) {
  for (auto& r : requests) {
    if (metrics_ && r.method == "tools/call") metrics_->call_started();
    pending_.emplace(r.id, std::move(r));
  }
}

PostExchange::~PostExchange() {
  // Requests that never got a response (a cancelled call) leave the in-flight gauge here.
  if (!metrics_) return;
  for (const auto& [_, r] : pending_)
    if (r.method == "tools/call") metrics_->call_finished();
}

std::string PostExchange::sse_event(const std::string& line) {
  return "event: message\ndata: " + line + "\n\n";
}

namespace {

// The responses in a line (one, or a 2025-03-26 batch of them); empty for a notification or a
// request to the client.
std::vector<const json::object*> responses_in(const json::value& v) {
  std::vector<const json::object*> out;
  const auto add = [&](const json::value& x) {
    const auto* o = x.if_object();
    if (o && !o->contains("method") && o->contains("id")) out.push_back(o);
  };
  if (v.is_array())
    for (const auto& x : v.get_array()) add(x);
  else
    add(v);
  return out;
}

}  // namespace

// Marks the requests a line answers as done (and counts finished tool calls). True when the
// line is a response.
bool PostExchange::record_response(const std::string& line) {
  json::error_code ec;
  const json::value v = json::parse(line, ec);
  if (ec) return false;
  const auto responses = responses_in(v);
  for (const auto* o : responses) {
    const auto it = pending_.find(json::serialize(o->at("id")));
    if (it == pending_.end()) continue;
    failed_[it->first] = o->contains("error");
    if (metrics_ && it->second.method == "tools/call") {
      bool error = o->contains("error");
      if (const auto* r = o->if_contains("result"); r && r->is_object())
        if (const auto* e = r->get_object().if_contains("isError"); e && e->is_bool())
          error = error || e->get_bool();
      const double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
      metrics_->tool_call(it->second.tool, it->second.cluster, error, secs);
      metrics_->call_finished();
    }
    pending_.erase(it);
  }
  return !responses.empty();
}

void PostExchange::deliver(const std::string& line) {
  std::function<void()> done;
  {
    std::lock_guard lock(mutex_);
    if (complete_) return;
    const bool response = record_response(line);
    // A client that takes only JSON gets the responses and nothing else.
    const bool keep = mode_ == Mode::sse || response;
    if (keep) {
      if (sink_) {
        if (metrics_) metrics_->bytes_out(line.size());
        sink_->write(mode_ == Mode::sse ? sse_event(line) : line);
      } else {
        buffered_.push_back(line);
      }
    }
    if (!pending_.empty()) return;
    complete_ = true;
    if (sink_) sink_->close();
    done = std::move(on_complete_);
  }
  if (done) done();
}

void PostExchange::attach(std::shared_ptr<net::StreamSink> sink) {
  std::lock_guard lock(mutex_);
  sink_ = std::move(sink);
  if (!buffered_.empty()) {
    std::string out = frame(buffered_);
    if (metrics_) metrics_->bytes_out(out.size());
    sink_->write(std::move(out));
    buffered_.clear();
  }
  if (complete_) sink_->close();
}

std::string PostExchange::frame(const std::vector<std::string>& lines) const {
  std::string out;
  for (const auto& l : lines) out += mode_ == Mode::sse ? sse_event(l) : l;
  return out;
}

bool PostExchange::complete() const {
  std::lock_guard lock(mutex_);
  return complete_;
}

bool PostExchange::failed(const std::string& id) const {
  std::lock_guard lock(mutex_);
  const auto it = failed_.find(id);
  return it != failed_.end() && it->second;
}

std::vector<std::string> PostExchange::take_buffered() {
  std::lock_guard lock(mutex_);
  return std::exchange(buffered_, {});
}

void PostExchange::on_complete(std::function<void()> fn) {
  bool now = false;
  {
    std::lock_guard lock(mutex_);
    if (complete_)
      now = true;
    else
      on_complete_ = std::move(fn);
  }
  if (now && fn) fn();
}

}  // namespace kubemcp::mcp
