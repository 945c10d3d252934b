#include "mcp/subscriptions.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/json.hpp>

#include "fleet/fleet.hpp"
#include "kube/errors.hpp"
#include "kube/verbs.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/resources.hpp"
#include "mcp/rpc_fault.hpp"

namespace kubemcp::mcp {
namespace json = boost::json;
namespace {

std::string resource_version(const json::value& object) {
  if (!object.is_object()) return {};
  const auto* md = object.as_object().if_contains("metadata");
  if (!md || !md->is_object()) return {};
  const auto* rv = md->as_object().if_contains("resourceVersion");
  return rv && rv->is_string() ? std::string(rv->get_string()) : std::string();
}

class KubeObjectSource : public ObjectSource {
 public:
  KubeObjectSource(fleet::Fleet& fleet, const ResolvedObject& o) : fleet_(fleet), o_(o) {}

  Snapshot list(const net::CancelPtr& cancel) override {
    return fleet_.call(
        *o_.cluster,
        [&](kube::Client& c) {
          const json::value l = kube::list(c, o_.resource, o_.namespace_, options(), cancel);
          Snapshot s;
          s.list_rv = resource_version(l);
          if (const auto* items = l.as_object().if_contains("items");
              items && items->is_array() && !items->get_array().empty())
            s.object_rv = resource_version(items->get_array().front());
          return s;
        },
        nullptr);
  }

  std::string watch(const std::string& rv, const std::function<void(const std::string&)>& on_change,
                    const net::CancelPtr& cancel) override {
    kube::ListOptions o = options();
    o.resource_version = rv;
    o.allow_bookmarks = true;
    o.timeout_seconds = 300;  // the server ends it; the loop resumes from the last version
    return fleet_.call(
        *o_.cluster,
        [&](kube::Client& c) {
          return kube::watch(
              c, o_.resource, o_.namespace_, o,
              [&](const kube::WatchEvent& e) {
                if (e.type == "DELETED") on_change("");
                if (e.type == "ADDED" || e.type == "MODIFIED")
                  on_change(resource_version(e.object));
                return true;
              },
              cancel);
        },
        nullptr);
  }

 private:
  kube::ListOptions options() const {
    kube::ListOptions o;
    o.field_selector = "metadata.name=" + o_.name;
    return o;
  }
  fleet::Fleet& fleet_;
  ResolvedObject o_;
};

}  // namespace

std::unique_ptr<ObjectSource> kube_object_source(fleet::Fleet& fleet, const ResolvedObject& o) {
  return std::make_unique<KubeObjectSource>(fleet, o);
}

// One object's watch: a thread running the list-watch loop, and its listeners.
class WatchHub::Watch {
 public:
  Watch(std::string key, std::unique_ptr<ObjectSource> source, ObjectSource::Snapshot first,
        WatchOptions options)
      : key_(std::move(key)),
        source_(std::move(source)),
        first_(std::move(first)),
        options_(options) {}
  ~Watch() {
    stop();
    join();
  }

  void start() {
    thread_ = std::thread([this] { run(); });
  }
  std::uint64_t add(Listener l) {
    std::lock_guard lock(mutex_);
    listeners_.emplace(next_id_, std::move(l));
    return next_id_++;
  }
  bool remove(std::uint64_t id) {  // true when no listener is left
    std::lock_guard lock(mutex_);
    listeners_.erase(id);
    return listeners_.empty();
  }
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    cancel_->cancel();
  }
  bool done() const { return done_; }
  void join() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  void changed() {
    // Under the lock: a listener removed by detach() is never called afterwards.
    std::lock_guard lock(mutex_);
    spdlog::debug("watch {}: changed; notifying {} subscriber(s)", key_, listeners_.size());
    for (auto& [_, l] : listeners_) l();
  }
  bool pause(std::chrono::milliseconds d) {  // false when stopping
    std::unique_lock lock(mutex_);
    return !wake_.wait_for(lock, d, [&] { return stopping_; });
  }
  bool stopping() {
    std::lock_guard lock(mutex_);
    return stopping_;
  }
  void run();

  std::string key_;
  std::unique_ptr<ObjectSource> source_;
  ObjectSource::Snapshot first_;
  WatchOptions options_;
  net::CancelPtr cancel_ = std::make_shared<net::CancelToken>();
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::map<std::uint64_t, Listener> listeners_;
  std::uint64_t next_id_ = 1;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

void WatchHub::Watch::run() {
  std::string rv = first_.list_rv;
  std::string object_rv = first_.object_rv;
  auto backoff = options_.min_backoff;
  const auto on_change = [&](const std::string& now) {
    if (now == object_rv) return;
    object_rv = now;
    changed();
  };
  const auto fail_wait = [&](const std::string& why) {
    spdlog::warn("watch {}: {}; retrying in {} ms", key_, why, backoff.count());
    const bool go_on = pause(backoff);
    backoff = std::min(backoff * 2, options_.max_backoff);
    return go_on;
  };
  while (!stopping()) {
    try {
      if (rv.empty()) {  // first run after 410: list again, and tell if it changed meanwhile
        const auto s = source_->list(cancel_);
        rv = s.list_rv;
        on_change(s.object_rv);
      }
      const auto started = std::chrono::steady_clock::now();
      rv = source_->watch(rv, on_change, cancel_);
      if (std::chrono::steady_clock::now() - started < options_.min_backoff) {
        if (!fail_wait("the server ended the watch at once")) break;
      } else {
        backoff = options_.min_backoff;
      }
    } catch (const kube::CancelledError&) {
      if (stopping()) break;
      if (!fail_wait("cancelled")) break;
    } catch (const kube::ApiError& e) {
      if (e.code() == 410) {
        spdlog::debug("watch {}: resourceVersion {} expired; listing again", key_, rv);
        rv.clear();
        continue;
      }
      if (!fail_wait(e.what())) break;
    } catch (const std::exception& e) {
      if (stopping()) break;
      if (!fail_wait(e.what())) break;
    }
  }
  spdlog::debug("watch {}: stopped", key_);
  done_ = true;
}

WatchHub::~WatchHub() {
  std::map<std::string, std::shared_ptr<Watch>> watches;
  {
    std::lock_guard lock(mutex_);
    watches.swap(watches_);
  }
  for (auto& [_, w] : watches) w->stop();
  watches.clear();  // joins
  reap(true);
}

WatchHub::Handle WatchHub::attach(const std::string& key,
                                  const std::function<std::unique_ptr<ObjectSource>()>& make_source,
                                  Listener listener, const net::CancelPtr& cancel) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = watches_.find(key); it != watches_.end())
      return Handle{key, it->second->add(std::move(listener))};
  }
  // The first list runs outside the lock: a slow cluster delays only its own subscribers.
  auto source = make_source();
  auto first = source->list(cancel);
  if (first.object_rv.empty())
    throw kube::ApiError(404, "NotFound", "the object does not exist (yet)");
  std::lock_guard lock(mutex_);
  auto& slot = watches_[key];
  if (slot) return Handle{key, slot->add(std::move(listener))};  // started meanwhile
  slot = std::make_shared<Watch>(key, std::move(source), std::move(first), options_);
  // The first listener is in place before the thread runs: a change it sees at once (a
  // re-list after 410) is never lost.
  Handle handle{key, slot->add(std::move(listener))};
  slot->start();
  spdlog::info("watch {}: started", key);
  return handle;
}

void WatchHub::detach(const Handle& handle) {
  std::lock_guard lock(mutex_);
  const auto it = watches_.find(handle.key);
  if (it == watches_.end() || !it->second->remove(handle.id)) return;
  it->second->stop();
  stopping_.push_back(std::move(it->second));
  watches_.erase(it);
  spdlog::info("watch {}: no subscriber left; stopping", handle.key);
}

void WatchHub::reap(bool wait) {
  std::vector<std::shared_ptr<Watch>> finished;
  {
    std::lock_guard lock(mutex_);
    for (auto it = stopping_.begin(); it != stopping_.end();)
      if (wait || (*it)->done()) {
        finished.push_back(std::move(*it));
        it = stopping_.erase(it);
      } else {
        ++it;
      }
  }
  for (auto& w : finished) w->join();
}

std::size_t WatchHub::running() const {
  std::lock_guard lock(mutex_);
  return watches_.size() + stopping_.size();
}

Subscriptions::Subscriptions(fleet::Fleet& fleet, std::shared_ptr<WatchHub> hub, Send send,
                             std::size_t max_watches)
    : fleet_(fleet), hub_(std::move(hub)), send_(std::move(send)), max_(max_watches) {}

Subscriptions::~Subscriptions() {
  stop_all();
}

namespace {
std::string uri_param(const json::object& params) {
  const auto* uri = params.if_contains("uri");
  if (!uri || !uri->is_string())
    throw RpcFault(code::invalid_params, "params.uri must be a string");
  return std::string(uri->get_string());
}
}  // namespace

void Subscriptions::subscribe(const json::object& params, const net::CancelPtr& cancel) {
  const std::string uri = uri_param(params);
  const ResourceUri parsed = parse_resource_uri(uri);
  if (parsed.fleet) return;  // the configured clusters do not change while kubemcp runs
  {
    std::lock_guard lock(mutex_);
    if (stopped_) throw RpcFault(code::invalid_request, "the session is ending");
    if (by_uri_.count(uri)) return;  // already subscribed
    if (by_uri_.size() + pending_ >= max_)
      throw RpcFault(code::server_busy,
                     "at most " + std::to_string(max_) +
                         " resource subscriptions per session (max_watches in the config); "
                         "unsubscribe from one first");
    ++pending_;
  }
  struct Pending {
    Subscriptions* s;
    ~Pending() {
      std::lock_guard lock(s->mutex_);
      --s->pending_;
    }
  } pending{this};
  const ResolvedObject object = resolve_object(fleet_, parsed, cancel);
  auto notify = [send = send_, uri] {
    send(make_notification("notifications/resources/updated", json::object{{"uri", uri}}));
  };
  WatchHub::Handle handle;
  try {
    handle = hub_->attach(
        object.key(), [&] { return kube_object_source(fleet_, object); }, notify, cancel);
  } catch (const kube::ApiError& e) {
    if (e.not_found())
      throw RpcFault(code::resource_not_found,
                     "Resource not found: " + uri + "; subscribe to an object that exists");
    throw RpcFault(code::internal_error, uri + ": " + e.what());
  } catch (const std::exception& e) {
    throw RpcFault(code::internal_error, uri + ": cannot watch it: " + e.what());
  }
  std::lock_guard lock(mutex_);
  if (stopped_ || !by_uri_.emplace(uri, handle).second) hub_->detach(handle);
  hub_->reap();
}

void Subscriptions::unsubscribe(const json::object& params) {
  const std::string uri = uri_param(params);
  std::lock_guard lock(mutex_);
  const auto it = by_uri_.find(uri);
  if (it == by_uri_.end()) return;  // not subscribed: nothing to do
  hub_->detach(it->second);
  by_uri_.erase(it);
}

void Subscriptions::stop_all() {
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    for (const auto& [_, h] : by_uri_) hub_->detach(h);
    by_uri_.clear();
  }
  hub_->reap(true);  // nothing of this session is left running
}

std::size_t Subscriptions::size() const {
  std::lock_guard lock(mutex_);
  return by_uri_.size();
}

}  // namespace kubemcp::mcp
