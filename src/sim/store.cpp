#include "sim/store.hpp"

#include <boost/json.hpp>

#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

Store::Shard& Store::shard(const ResourceType& t) const {
  std::string k = t.key();
  {
    std::shared_lock lock(shards_mu_);
    auto it = shards_.find(k);
    if (it != shards_.end()) return *it->second;
  }
  std::unique_lock lock(shards_mu_);
  auto& p = shards_[k];
  if (!p) {
    p = std::make_unique<Shard>();
    p->compacted_rv = rv_.load();
  }
  return *p;
}

ObjPtr Store::get(const ResourceType& t, const std::string& ns, const std::string& name) const {
  Shard& s = shard(t);
  std::shared_lock lock(s.mu);
  auto it = s.objects.find(key(ns, name));
  return it == s.objects.end() ? nullptr : it->second;
}

Store::Page Store::list(const ResourceType& t, const std::string& ns,
                        const std::function<bool(const json::object&)>& match, size_t limit,
                        const std::string& after_key, uint64_t at_rv) const {
  Shard& s = shard(t);
  Page page;
  std::shared_lock lock(s.mu);
  page.rv = rv_.load();
  const std::map<std::string, ObjPtr>* objects = &s.objects;
  std::map<std::string, ObjPtr> past;
  if (at_rv != 0 && at_rv < page.rv) {
    if (at_rv < list_compacted_rv_.load() || at_rv < s.compacted_rv)
      throw ApiError(410, "Expired", "The resourceVersion for the provided list is too old.");
    // Undo, newest first, every change made after at_rv.
    past = s.objects;
    for (auto it = s.history.rbegin(); it != s.history.rend() && it->rv > at_rv; ++it) {
      const auto* md = obj_at(*it->object, "metadata");
      std::string k = key(md ? str_at(*md, "namespace") : "", md ? str_at(*md, "name") : "");
      if (it->previous)
        past[k] = it->previous;
      else
        past.erase(k);
    }
    objects = &past;
    page.rv = at_rv;
  }
  std::string prefix = ns.empty() ? std::string() : ns + "/";
  auto it = after_key.empty() ? objects->lower_bound(prefix) : objects->upper_bound(after_key);
  for (; it != objects->end(); ++it) {
    if (!prefix.empty() && it->first.compare(0, prefix.size(), prefix) != 0) break;
    if (match && !match(*it->second)) continue;
    if (limit && page.items.size() >= limit) {
      ++page.remaining;
      continue;
    }
    page.items.push_back(it->second);
    if (limit && page.items.size() == limit) page.next_key = it->first;
  }
  if (page.remaining == 0) page.next_key.clear();
  return page;
}

void Store::compact() {
  list_compacted_rv_.store(compact_next_.exchange(rv_.load()));
}

void Store::announce(Shard& s, WatchEvent ev) {
  s.history.push_back(ev);
  while (s.history.size() > kHistory) {
    s.compacted_rv = s.history.front().rv;
    s.history.pop_front();
  }
  for (auto it = s.watchers.begin(); it != s.watchers.end();) {
    if (!it->second(ev)) {
      it = s.watchers.erase(it);
    } else {
      ++it;
    }
  }
}

ObjPtr Store::upsert(const ResourceType& t, const std::string& ns, const std::string& name,
                     const std::function<std::optional<json::object>(const json::object*)>& fn,
                     bool dry_run) {
  Shard& s = shard(t);
  std::unique_lock lock(s.mu);
  std::string k = key(ns, name);
  auto it = s.objects.find(k);
  const json::object* cur = it == s.objects.end() ? nullptr : it->second.get();
  auto next = fn(cur);
  if (!next) return it == s.objects.end() ? nullptr : it->second;
  if (dry_run) {
    return std::make_shared<const json::object>(std::move(*next));
  }
  uint64_t rv = ++rv_;
  ensure_obj(*next, "metadata")["resourceVersion"] = std::to_string(rv);
  auto ptr = std::make_shared<const json::object>(std::move(*next));
  bool added = cur == nullptr;
  ObjPtr previous = added ? nullptr : it->second;
  s.objects[k] = ptr;
  announce(s, WatchEvent{added ? "ADDED" : "MODIFIED", ptr, rv, previous});
  return ptr;
}

ObjPtr Store::remove(const ResourceType& t, const std::string& ns, const std::string& name,
                     bool dry_run) {
  Shard& s = shard(t);
  std::unique_lock lock(s.mu);
  auto it = s.objects.find(key(ns, name));
  if (it == s.objects.end()) return nullptr;
  ObjPtr old = it->second;
  if (dry_run) return old;
  s.objects.erase(it);
  uint64_t rv = ++rv_;
  // The DELETED event carries the object's last state at the deletion's resourceVersion.
  json::object last = *old;
  ensure_obj(last, "metadata")["resourceVersion"] = std::to_string(rv);
  auto ptr = std::make_shared<const json::object>(std::move(last));
  announce(s, WatchEvent{"DELETED", ptr, rv, old});
  return ptr;
}

void Store::drop(const ResourceType& t) {
  Shard& s = shard(t);
  std::unique_lock lock(s.mu);
  s.objects.clear();
  s.history.clear();
  s.compacted_rv = rv_.load();
}

uint64_t Store::watch(const ResourceType& t, uint64_t from_rv, WatchFn fn) {
  Shard& s = shard(t);
  std::unique_lock lock(s.mu);
  if (from_rv != 0) {
    // The watch cache's getAllEventsSinceLocked: once events were dropped, a watch may start no
    // earlier than just before the oldest event kept, and the 410 names that version.
    uint64_t floor = s.history.empty() ? s.compacted_rv : s.history.front().rv - 1;
    if (s.compacted_rv != 0 && from_rv < floor)
      throw ApiError(410, "Expired",
                     "too old resource version: " + std::to_string(from_rv) + " (" +
                         std::to_string(floor) + ")");
    for (const auto& ev : s.history)
      if (ev.rv > from_rv && !fn(ev)) return 0;
  }
  uint64_t id = watch_ids_++;
  s.watchers.emplace(id, std::move(fn));
  return id;
}

void Store::unwatch(const ResourceType& t, uint64_t id) {
  Shard& s = shard(t);
  std::unique_lock lock(s.mu);
  s.watchers.erase(id);
}

std::vector<std::pair<std::string, ObjPtr>> Store::dependents(const std::string& owner_uid) const {
  std::vector<std::pair<std::string, ObjPtr>> out;
  std::shared_lock lock(shards_mu_);
  for (const auto& [k, sp] : shards_) {
    std::shared_lock sl(sp->mu);
    for (const auto& [ok, obj] : sp->objects) {
      const auto* md = obj_at(*obj, "metadata");
      const auto* refs = md ? arr_at(*md, "ownerReferences") : nullptr;
      if (!refs) continue;
      for (const auto& r : *refs)
        if (r.is_object() && str_at(r.as_object(), "uid") == owner_uid) {
          out.emplace_back(k, obj);
          break;
        }
    }
  }
  return out;
}

}  // namespace kubemcp::sim
