#pragma once
// Resource subscriptions: `resources/subscribe` on an object URI watches that object on its
// cluster and sends `notifications/resources/updated` when it changes.
//
// One watch per object, on its own thread, shared by every subscriber (WatchHub): it lists the
// object by metadata.name, watches from the list's resourceVersion, resumes from the last
// resourceVersion seen when the server ends the watch, lists again on 410 Gone (telling the
// subscribers when the object changed in the gap), and backs off on failures. A session holds
// at most `max_watches` subscriptions (config); unsubscribing or ending the session stops its
// watches once nobody else needs them, and joins their threads.
#include <boost/json/object.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "net/cancel.hpp"

namespace kubemcp::fleet {
class Fleet;
}

namespace kubemcp::mcp {

struct ResolvedObject;

// The cluster side of one object's watch (an interface so the loop is testable offline).
class ObjectSource {
 public:
  struct Snapshot {
    std::string list_rv;    // resourceVersion to watch from
    std::string object_rv;  // the object's; empty when it does not exist
  };
  virtual ~ObjectSource() = default;
  virtual Snapshot list(const net::CancelPtr& cancel) = 0;
  // Watches from `rv`, calling on_change with the object's new resourceVersion ("" when
  // deleted); returns the last resourceVersion seen when the server ends the watch. Throws
  // kube::ApiError 410 when `rv` is too old, kube::CancelledError when cancelled.
  virtual std::string watch(const std::string& rv,
                            const std::function<void(const std::string&)>& on_change,
                            const net::CancelPtr& cancel) = 0;
};

// The real source: list and watch through the fleet (auto-heal included).
std::unique_ptr<ObjectSource> kube_object_source(fleet::Fleet& fleet, const ResolvedObject& object);

struct WatchOptions {
  std::chrono::milliseconds min_backoff{1000};
  std::chrono::milliseconds max_backoff{30000};
};

class WatchHub {
 public:
  using Listener = std::function<void()>;
  struct Handle {
    std::string key;
    std::uint64_t id = 0;
  };

  explicit WatchHub(WatchOptions options = {}) : options_(options) {}
  ~WatchHub();  // stops and joins every watch
  WatchHub(const WatchHub&) = delete;
  WatchHub& operator=(const WatchHub&) = delete;

  // Adds `listener` to the watch of `key`; when none runs, starts one on make_source()'s
  // source after listing the object here (so its errors reach the caller; an object that does
  // not exist is kube::ApiError 404).
  Handle attach(const std::string& key,
                const std::function<std::unique_ptr<ObjectSource>()>& make_source,
                Listener listener, const net::CancelPtr& cancel);
  // Removes the listener: it is not called once this returns. The last one stops the watch
  // (its thread is joined later, by reap() or the destructor, so this never blocks on it).
  void detach(const Handle& handle);
  // Joins the threads of stopped watches: those that have ended, or with `wait` all of them
  // (a stopped watch ends as soon as its request is cancelled).
  void reap(bool wait = false);
  std::size_t running() const;

  class Watch;

 private:
  WatchOptions options_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Watch>> watches_;
  std::vector<std::shared_ptr<Watch>> stopping_;
};

// One session's subscriptions, keyed by the URI the client used (its notifications name it).
class Subscriptions {
 public:
  using Send = std::function<void(const std::string& line)>;
  Subscriptions(fleet::Fleet& fleet, std::shared_ptr<WatchHub> hub, Send send,
                std::size_t max_watches);
  ~Subscriptions();

  // resources/subscribe and resources/unsubscribe; throw RpcFault with a clear message.
  void subscribe(const boost::json::object& params, const net::CancelPtr& cancel);
  void unsubscribe(const boost::json::object& params);
  // Session end: drops every subscription, stops and joins the watches nobody else uses.
  void stop_all();
  std::size_t size() const;

 private:
  fleet::Fleet& fleet_;
  std::shared_ptr<WatchHub> hub_;
  Send send_;
  std::size_t max_;
  mutable std::mutex mutex_;
  bool stopped_ = false;
  std::size_t pending_ = 0;  // subscribes between the limit check and their attach
  std::map<std::string, WatchHub::Handle> by_uri_;
};

}  // namespace kubemcp::mcp
