#pragma once
// The object store of one simulated cluster. One shard per resource type, each guarded by its
// own shared_mutex, so a 10,000-pod list never stalls writers of other kinds. Objects are
// immutable shared JSON objects: lists hand out pointers, not copies. Every write takes the
// next cluster-wide resourceVersion and is appended to the shard's watch history.
#include <atomic>
#include <boost/json/object.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "sim/resources.hpp"

namespace kubemcp::sim {

using ObjPtr = std::shared_ptr<const boost::json::object>;

struct WatchEvent {
  std::string type;  // ADDED, MODIFIED, DELETED
  ObjPtr object;
  uint64_t rv = 0;
  ObjPtr previous;  // MODIFIED, DELETED: the state before; ADDED: null
};

// Called under the shard's lock, in resourceVersion order; return false to unsubscribe.
// Must not call back into the store.
using WatchFn = std::function<bool(const WatchEvent&)>;

class Store {
 public:
  uint64_t current_rv() const { return rv_.load(); }

  ObjPtr get(const ResourceType& t, const std::string& ns, const std::string& name) const;

  struct Page {
    std::vector<ObjPtr> items;
    uint64_t rv = 0;
    std::string next_key;   // key to continue after; empty when complete
    int64_t remaining = 0;  // matching items after this page
  };
  // Lists in key order (namespace/name). ns "" = all namespaces. Starts strictly after
  // `after_key` when given; stops after `limit` items (0 = no limit). With `at_rv` (not 0,
  // below the current one) the state as it was at that resourceVersion, rebuilt from the
  // shard's history: ApiError 410 Expired when that is compacted away (compact()).
  Page list(const ResourceType& t, const std::string& ns,
            const std::function<bool(const boost::json::object&)>& match, size_t limit,
            const std::string& after_key, uint64_t at_rv = 0) const;

  // etcd compaction as kube-apiserver drives it: each call forgets the states older than the
  // resourceVersion the previous call saw, so a list snapshot (continue token, exact
  // resourceVersion) lives between one and two compaction intervals.
  void compact();
  uint64_t compacted_rv() const { return list_compacted_rv_.load(); }

  // Atomic read-modify-write on one object under the shard's exclusive lock. `fn` gets the
  // current object (nullptr if absent) and returns the new one, or nullopt to leave it as is
  // (the current pointer is then returned). It may throw ApiError. The store stamps
  // metadata.resourceVersion. With dry_run nothing is stored or announced.
  ObjPtr upsert(
      const ResourceType& t, const std::string& ns, const std::string& name,
      const std::function<std::optional<boost::json::object>(const boost::json::object*)>& fn,
      bool dry_run = false);

  // Removes and returns the object (nullptr if absent); announces DELETED.
  ObjPtr remove(const ResourceType& t, const std::string& ns, const std::string& name,
                bool dry_run = false);

  // Drops a whole shard (a deleted CRD's objects), announcing nothing.
  void drop(const ResourceType& t);

  // Subscribes to changes after `from_rv`; replays the retained history first. Throws
  // ApiError 410 when events after from_rv were already compacted away. from_rv 0 means
  // "now" (the caller sends the initial ADDED events from a list).
  uint64_t watch(const ResourceType& t, uint64_t from_rv, WatchFn fn);
  void unwatch(const ResourceType& t, uint64_t id);

  // Every object of every shard with an ownerReference to `owner_uid` (for GC).
  std::vector<std::pair<std::string, ObjPtr>> dependents(const std::string& owner_uid) const;

  static std::string key(const std::string& ns, const std::string& name) { return ns + "/" + name; }

 private:
  struct Shard {
    mutable std::shared_mutex mu;
    std::map<std::string, ObjPtr> objects;
    std::deque<WatchEvent> history;
    uint64_t compacted_rv = 0;  // events with rv <= this may be missing from history
    std::map<uint64_t, WatchFn> watchers;
  };
  Shard& shard(const ResourceType& t) const;
  void announce(Shard& s, WatchEvent ev);

  mutable std::shared_mutex shards_mu_;
  mutable std::map<std::string, std::unique_ptr<Shard>> shards_;
  std::atomic<uint64_t> rv_{1000};
  std::atomic<uint64_t> list_compacted_rv_{0}, compact_next_{0};
  std::atomic<uint64_t> watch_ids_{1};
  static constexpr size_t kHistory = 10000;
};

}  // namespace kubemcp::sim
