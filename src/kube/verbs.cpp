#include "kube/verbs.hpp"

#include <yaml-cpp/yaml.h>

#include <boost/json.hpp>
#include <condition_variable>
#include <thread>

namespace kubemcp::kube {
namespace json = boost::json;

void add_list_query(Query& q, const ListOptions& o) {
  q.add_nonempty("labelSelector", o.label_selector);
  q.add_nonempty("fieldSelector", o.field_selector);
  q.add_if(o.limit > 0, "limit", std::to_string(o.limit));
  q.add_nonempty("continue", o.continue_token);
  q.add_nonempty("resourceVersion", o.resource_version);
  q.add_nonempty("resourceVersionMatch", o.resource_version_match);
  if (o.timeout_seconds) q.add("timeoutSeconds", std::to_string(*o.timeout_seconds));
}

const char* patch_content_type(PatchType type) {
  switch (type) {
    case PatchType::Merge:
      return "application/merge-patch+json";
    case PatchType::Json:
      return "application/json-patch+json";
    case PatchType::Strategic:
      return "application/strategic-merge-patch+json";
    case PatchType::Apply:
      return "application/apply-patch+yaml";
  }
  return "application/merge-patch+json";
}

json::value delete_body(const DeleteOptions& o) {
  json::object b;
  b["kind"] = "DeleteOptions";
  b["apiVersion"] = "v1";
  if (!o.propagation.empty()) b["propagationPolicy"] = o.propagation;
  if (o.grace_period_seconds) b["gracePeriodSeconds"] = *o.grace_period_seconds;
  if (o.dry_run) b["dryRun"] = json::array{"All"};
  if (!o.precondition_uid.empty() || !o.precondition_resource_version.empty()) {
    json::object p;
    if (!o.precondition_uid.empty()) p["uid"] = o.precondition_uid;
    if (!o.precondition_resource_version.empty())
      p["resourceVersion"] = o.precondition_resource_version;
    b["preconditions"] = std::move(p);
  }
  return b;
}

std::string object_path(const Client& client, const ResourceInfo& r, std::string_view ns,
                        std::string_view name, std::string_view subresource) {
  std::string effective(ns);
  if (r.namespaced && effective.empty() && !name.empty()) effective = client.default_namespace();
  return resource_path(r.group, r.version, r.resource, r.namespaced, effective, name, subresource);
}

namespace {

void add_write_query(Query& q, const WriteOptions& w) {
  q.add_if(w.dry_run, "dryRun", "All");
  q.add_nonempty("fieldManager", w.field_manager);
  q.add_nonempty("fieldValidation", w.field_validation);
}

json::value send_json(Client& c, Request req, const net::CancelPtr& cancel) {
  return c.send(req, cancel).json();
}

void require_name(std::string_view name, const char* verb) {
  if (name.empty()) throw KubeError(std::string(verb) + " needs an object name");
}

// kube-apiserver leaves kind and apiVersion off the items of a built-in type's list; they
// are filled in from the mapping (first, as kubectl prints them) so every consumer sees
// whole objects.
void fill_item_types(json::value& list, const ResourceInfo& r) {
  auto* items = list.is_object() ? list.as_object().if_contains("items") : nullptr;
  if (!items || !items->is_array()) return;
  for (auto& item : items->as_array()) {
    if (!item.is_object() || item.as_object().contains("kind")) continue;
    json::object typed{{"apiVersion", r.api_version()}, {"kind", r.kind}};
    for (auto& kv : item.as_object())
      if (kv.key() != "apiVersion") typed[kv.key()] = std::move(kv.value());
    item = std::move(typed);
  }
}

}  // namespace

json::value get(Client& c, const ResourceInfo& r, std::string_view ns, std::string_view name,
                const net::CancelPtr& cancel) {
  require_name(name, "get");
  Request req;
  req.path = object_path(c, r, ns, name);
  return send_json(c, std::move(req), cancel);
}

json::value list(Client& c, const ResourceInfo& r, std::string_view ns, const ListOptions& o,
                 const net::CancelPtr& cancel) {
  Request req;
  req.path = object_path(c, r, ns);
  add_list_query(req.query, o);
  json::value v = send_json(c, std::move(req), cancel);
  fill_item_types(v, r);
  return v;
}

json::value list_all(Client& c, const ResourceInfo& r, std::string_view ns, ListOptions o,
                     std::size_t max_items, const net::CancelPtr& cancel) {
  if (o.limit <= 0) o.limit = 500;
  json::value merged;
  json::array items;
  for (;;) {
    json::value page = list(c, r, ns, o, cancel);
    auto& obj = page.as_object();
    if (auto* it = obj.if_contains("items"); it && it->is_array())
      for (auto& item : it->as_array()) {
        if (items.size() >= max_items) break;
        items.push_back(std::move(item));
      }
    std::string next;
    if (auto* md = obj.if_contains("metadata"); md && md->is_object())
      if (auto* cont = md->as_object().if_contains("continue"); cont && cont->is_string())
        next = std::string(cont->as_string());
    if (merged.is_null()) merged = page;
    merged.as_object()["metadata"] = obj.contains("metadata") ? obj["metadata"] : json::object{};
    if (next.empty() || items.size() >= max_items) break;
    o.continue_token = next;
  }
  merged.as_object()["items"] = std::move(items);
  return merged;
}

json::value get_table(Client& c, const ResourceInfo& r, std::string_view ns, std::string_view name,
                      const ListOptions& o, IncludeObject include, const net::CancelPtr& cancel) {
  Request req;
  req.path = object_path(c, r, ns, name);
  req.accept = kTableAccept;
  if (name.empty()) add_list_query(req.query, o);
  req.query.add("includeObject", include == IncludeObject::None     ? "None"
                                 : include == IncludeObject::Object ? "Object"
                                                                    : "Metadata");
  json::value v = send_json(c, std::move(req), cancel);
  if (!v.is_object() || !v.as_object().contains("kind") || v.at("kind") != "Table")
    throw KubeError("the server did not answer with a Table for " + r.group_resource());
  return v;
}

std::string watch(Client& c, const ResourceInfo& r, std::string_view ns, const ListOptions& o,
                  const std::function<bool(const WatchEvent&)>& on_event,
                  const net::CancelPtr& cancel) {
  Request req;
  req.path = object_path(c, r, ns);
  req.query.add("watch", "1");
  add_list_query(req.query, o);
  req.query.add_if(o.allow_bookmarks, "allowWatchBookmarks", "true");
  std::string last_rv = o.resource_version;
  std::exception_ptr error;
  LineSplitter lines;
  c.stream(req, cancel, [&](std::string_view chunk) {
    return lines.feed(chunk, [&](std::string_view line) {
      if (line.empty()) return true;
      json::error_code ec;
      json::value v = json::parse(line, ec);
      if (ec || !v.is_object()) {
        error =
            std::make_exception_ptr(KubeError("watch: the server sent a line that is not JSON"));
        return false;
      }
      WatchEvent ev;
      if (auto* t = v.as_object().if_contains("type"); t && t->is_string())
        ev.type = std::string(t->as_string());
      if (auto* obj = v.as_object().if_contains("object")) ev.object = std::move(*obj);
      if (ev.type == "ERROR") {
        try {
          const auto& s = ev.object.as_object();
          const int code =
              s.contains("code") ? static_cast<int>(s.at("code").to_number<double>()) : 500;
          throw_status(c.name(), code, json::serialize(ev.object));
        } catch (...) {
          error = std::current_exception();
        }
        return false;
      }
      if (ev.object.is_object())
        if (auto* md = ev.object.as_object().if_contains("metadata"); md && md->is_object())
          if (auto* rv = md->as_object().if_contains("resourceVersion"); rv && rv->is_string())
            last_rv = std::string(rv->as_string());
      return on_event(ev);
    });
  });
  if (error) std::rethrow_exception(error);
  return last_rv;
}

json::value create(Client& c, const ResourceInfo& r, std::string_view ns, const json::value& object,
                   const WriteOptions& w, const net::CancelPtr& cancel) {
  Request req;
  req.method = "POST";
  std::string effective(ns);
  if (r.namespaced && effective.empty()) effective = c.default_namespace();
  req.path = resource_path(r.group, r.version, r.resource, r.namespaced, effective);
  add_write_query(req.query, w);
  req.content_type = "application/json";
  req.body = json::serialize(object);
  return send_json(c, std::move(req), cancel);
}

json::value replace(Client& c, const ResourceInfo& r, std::string_view ns, std::string_view name,
                    const json::value& object, const WriteOptions& w, const net::CancelPtr& cancel,
                    std::string_view subresource) {
  require_name(name, "replace");
  Request req;
  req.method = "PUT";
  req.path = object_path(c, r, ns, name, subresource);
  add_write_query(req.query, w);
  req.content_type = "application/json";
  req.body = json::serialize(object);
  return send_json(c, std::move(req), cancel);
}

json::value patch(Client& c, const ResourceInfo& r, std::string_view ns, std::string_view name,
                  PatchType type, const std::string& body, const WriteOptions& w,
                  const net::CancelPtr& cancel, std::string_view subresource) {
  require_name(name, "patch");
  Request req;
  req.method = "PATCH";
  req.path = object_path(c, r, ns, name, subresource);
  add_write_query(req.query, w);
  req.content_type = patch_content_type(type);
  req.body = body;
  return send_json(c, std::move(req), cancel);
}

json::value apply(Client& c, const ResourceInfo& r, std::string_view ns, std::string_view name,
                  const std::string& manifest, const ApplyOptions& a,
                  const net::CancelPtr& cancel) {
  std::string object_name(name);
  if (object_name.empty()) {
    try {
      const YAML::Node doc = YAML::Load(manifest);
      if (doc["metadata"] && doc["metadata"]["name"])
        object_name = doc["metadata"]["name"].as<std::string>();
    } catch (const YAML::Exception&) {
      throw KubeError("apply: the manifest is not valid YAML or JSON");
    }
  }
  require_name(object_name, "apply");
  if (a.field_manager.empty()) throw KubeError("apply needs a field manager");
  Request req;
  req.method = "PATCH";
  req.path = object_path(c, r, ns, object_name);
  req.query.add("fieldManager", a.field_manager);
  req.query.add("force", a.force ? "true" : "false");
  req.query.add_if(a.dry_run, "dryRun", "All");
  req.content_type = patch_content_type(PatchType::Apply);
  req.body = manifest;
  return send_json(c, std::move(req), cancel);
}

json::value remove(Client& c, const ResourceInfo& r, std::string_view ns, std::string_view name,
                   const DeleteOptions& d, const net::CancelPtr& cancel) {
  require_name(name, "delete");
  Request req;
  req.method = "DELETE";
  req.path = object_path(c, r, ns, name);
  req.query.add_if(d.dry_run, "dryRun", "All");
  req.content_type = "application/json";
  req.body = json::serialize(delete_body(d));
  return send_json(c, std::move(req), cancel);
}

json::value remove_collection(Client& c, const ResourceInfo& r, std::string_view ns,
                              const ListOptions& o, const DeleteOptions& d,
                              const net::CancelPtr& cancel) {
  Request req;
  req.method = "DELETE";
  std::string effective(ns);
  if (r.namespaced && effective.empty()) effective = c.default_namespace();
  req.path = resource_path(r.group, r.version, r.resource, r.namespaced, effective);
  add_list_query(req.query, o);
  req.query.add_if(d.dry_run, "dryRun", "All");
  req.content_type = "application/json";
  req.body = json::serialize(delete_body(d));
  json::value v = send_json(c, std::move(req), cancel);
  fill_item_types(v, r);
  return v;
}

json::value get_scale(Client& c, const ResourceInfo& r, std::string_view ns, std::string_view name,
                      const net::CancelPtr& cancel) {
  return get_subresource(c, r, ns, name, "scale", cancel);
}

json::value scale(Client& c, const ResourceInfo& r, std::string_view ns, std::string_view name,
                  std::int64_t replicas, const WriteOptions& w, const net::CancelPtr& cancel) {
  if (!r.subresources.empty() && !r.subresource("scale"))
    throw KubeError(r.group_resource() + " cannot be scaled (no scale subresource)");
  json::object body{{"spec", json::object{{"replicas", replicas}}}};
  return patch(c, r, ns, name, PatchType::Merge, json::serialize(body), w, cancel, "scale");
}

json::value get_subresource(Client& c, const ResourceInfo& r, std::string_view ns,
                            std::string_view name, std::string_view subresource,
                            const net::CancelPtr& cancel) {
  require_name(name, "get");
  Request req;
  req.path = object_path(c, r, ns, name, subresource);
  return send_json(c, std::move(req), cancel);
}

json::value wait_for(Client& c, const ResourceInfo& r, std::string_view ns, std::string_view name,
                     const std::function<bool(const json::value&)>& done,
                     std::chrono::milliseconds timeout, const net::CancelPtr& cancel) {
  using Clock = std::chrono::steady_clock;
  require_name(name, "wait");
  const auto deadline = Clock::now() + timeout;
  // One token ends the watch on the caller's cancel or at the deadline.
  auto stop = std::make_shared<net::CancelToken>();
  net::CancelRegistration forward(cancel, [stop] { stop->cancel(); });
  struct Watchdog {
    std::mutex mu;
    std::condition_variable cv;
    bool finished = false;
  };
  auto dog = std::make_shared<Watchdog>();
  std::thread timer([dog, stop, deadline] {
    std::unique_lock lock(dog->mu);
    if (!dog->cv.wait_until(lock, deadline, [&] { return dog->finished; })) stop->cancel();
  });
  struct Join {
    std::shared_ptr<Watchdog> dog;
    std::thread& t;
    ~Join() {
      {
        std::lock_guard lock(dog->mu);
        dog->finished = true;
      }
      dog->cv.notify_all();
      t.join();
    }
  } join{dog, timer};

  ListOptions o;
  o.field_selector = "metadata.name=" + std::string(name);
  auto timed_out = [&] {
    return KubeError("timed out after " + std::to_string(timeout.count() / 1000) +
                     " s waiting for " + r.group_resource() + "/" + std::string(name));
  };
  for (;;) {
    json::value object = nullptr;
    try {
      json::value listed = list(c, r, ns, o, stop);
      auto& items = listed.at("items").as_array();
      if (!items.empty()) object = items[0];
      if (done(object)) return object;
      ListOptions w = o;
      w.resource_version = std::string(listed.at("metadata").at("resourceVersion").as_string());
      const auto left = std::chrono::duration_cast<std::chrono::seconds>(deadline - Clock::now());
      w.timeout_seconds = static_cast<int>(std::max<std::int64_t>(1, left.count() + 1));
      bool satisfied = false;
      watch(
          c, r, ns, w,
          [&](const WatchEvent& e) {
            if (e.type == "DELETED")
              object = nullptr;
            else if (e.type == "ADDED" || e.type == "MODIFIED")
              object = e.object;
            else
              return true;
            satisfied = done(object);
            return !satisfied;
          },
          stop);
      if (satisfied) return object;
    } catch (const CancelledError&) {
      if (cancel && cancel->cancelled()) throw;
      throw timed_out();
    } catch (const ApiError& e) {
      if (e.code() != 410) throw;  // expired: list again
    }
    if (Clock::now() >= deadline) throw timed_out();
  }
}

}  // namespace kubemcp::kube
