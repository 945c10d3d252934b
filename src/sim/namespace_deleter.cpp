// kube-controller-manager's namespace controller (pkg/controller/namespace/deletion). The API
// server only marks a deleted namespace (deletionTimestamp, phase Terminating) and refuses new
// content in it; this controller deletes what it holds as a client's DELETE would (pods
// terminate gracefully, finalizers hold their objects), writes the five deletion conditions
// with upstream's reasons and messages, and once nothing remains removes the `kubernetes`
// finalizer from spec.finalizers, after which the namespace goes (or waits for its own
// metadata.finalizers).
#include <boost/json.hpp>
#include <map>
#include <vector>

#include "sim/cluster.hpp"
#include "sim/controllers.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

struct Remaining {
  std::map<std::string, int64_t> resources;   // "pods." (resource.group) -> instances
  std::map<std::string, int64_t> finalizers;  // finalizer -> instances holding it
  bool empty() const { return resources.empty(); }
};

// Deletes what is not yet being deleted, then counts what is left.
Remaining delete_content(Cluster& c, const std::string& ns) {
  Remaining left;
  for (const auto& t : c.registry().all()) {
    if (!t->namespaced) continue;
    for (const auto& obj : c.store().list(*t, ns, nullptr, 0, "").items) {
      const auto& md = *obj_at(*obj, "metadata");
      if (md.contains("deletionTimestamp")) continue;
      try {
        c.objects().remove(*t, ns, str_at(md, "name"), DeleteOptions{}, nullptr);
      } catch (const ApiError&) {
        // Gone meanwhile (a garbage-collected dependent).
      }
    }
    for (const auto& obj : c.store().list(*t, ns, nullptr, 0, "").items) {
      ++left.resources[t->plural + "." + t->group];
      if (const auto* fins = arr_at(*obj_at(*obj, "metadata"), "finalizers"))
        for (const auto& f : *fins)
          if (f.is_string()) ++left.finalizers[std::string(f.as_string())];
    }
  }
  return left;
}

std::string joined(const std::map<std::string, int64_t>& counts, const char* fmt_mid) {
  std::string out;
  for (const auto& [what, n] : counts)
    out += (out.empty() ? "" : ", ") + what + fmt_mid + std::to_string(n) + " resource instances";
  return out;
}

// status_condition_utils.go: each condition's "ok" variant unless something remains.
json::array conditions_for(const Remaining& left) {
  struct Row {
    const char* type;
    const char* reason;
    const char* message;
  };
  static const Row ok[] = {
      {"NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered",
       "All resources successfully discovered"},
      {"NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions",
       "All legacy kube types successfully parsed"},
      {"NamespaceDeletionContentFailure", "ContentDeleted",
       "All content successfully deleted, may be waiting on finalization"},
      {"NamespaceContentRemaining", "ContentRemoved", "All content successfully removed"},
      {"NamespaceFinalizersRemaining", "ContentHasNoFinalizers",
       "All content-preserving finalizers finished"}};
  json::array out;
  for (const auto& r : ok) {
    json::object cond{
        {"type", r.type}, {"status", "False"}, {"reason", r.reason}, {"message", r.message}};
    std::string type = r.type;
    if (type == "NamespaceContentRemaining" && !left.resources.empty()) {
      cond["status"] = "True";
      cond["reason"] = "SomeResourcesRemain";
      cond["message"] = "Some resources are remaining: " + joined(left.resources, " has ");
    }
    if (type == "NamespaceFinalizersRemaining" && !left.finalizers.empty()) {
      cond["status"] = "True";
      cond["reason"] = "SomeFinalizersRemain";
      cond["message"] = "Some content in the namespace has finalizers remaining: " +
                        joined(left.finalizers, " in ");
    }
    out.push_back(std::move(cond));
  }
  return out;
}

// updateConditions: a condition's lastTransitionTime moves only when its status does.
bool write_conditions(json::object& ns, const json::array& want) {
  auto& st = ensure_obj(ns, "status");
  const auto* have = arr_at(st, "conditions");
  json::array next;
  bool changed = !have || have->size() != want.size();
  for (size_t i = 0; i < want.size(); ++i) {
    json::object cond = want[i].as_object();
    const json::object* old = nullptr;
    if (have && i < have->size() && (*have)[i].is_object()) old = &(*have)[i].as_object();
    const json::value* since = old ? old->if_contains("lastTransitionTime") : nullptr;
    bool same_status = since && str_at(*old, "status") == str_at(cond, "status");
    cond["lastTransitionTime"] = same_status ? *since : json::value(now_rfc3339());
    if (!old || str_at(*old, "status") != str_at(cond, "status") ||
        str_at(*old, "reason") != str_at(cond, "reason") ||
        str_at(*old, "message") != str_at(cond, "message"))
      changed = true;
    // Upstream's order of keys: type, status, lastTransitionTime, reason, message.
    next.push_back(json::object{{"type", cond["type"]},
                                {"status", cond["status"]},
                                {"lastTransitionTime", cond["lastTransitionTime"]},
                                {"reason", cond["reason"]},
                                {"message", cond["message"]}});
  }
  if (changed) st["conditions"] = std::move(next);
  return changed;
}

}  // namespace

void Controllers::namespace_deletion(const std::string& name) {
  auto ns = c_.store().get(*namespaces_, "", name);
  if (!ns || !obj_at(*ns, "metadata")->contains("deletionTimestamp")) return;
  Remaining left = delete_content(c_, name);
  json::array conditions = conditions_for(left);
  c_.objects().mutate(*namespaces_, "", name,
                      [&](json::object& o) { return write_conditions(o, conditions); });
  if (!left.empty()) {
    enqueue("ns", "", name, step_);  // pods still terminating, finalizers still held
    return;
  }
  // Finalize (the namespaces/finalize subresource), then the namespace's own delete.
  auto finalized = c_.objects().mutate(*namespaces_, "", name, [](json::object& o) {
    auto& spec = ensure_obj(o, "spec");
    if (!spec.contains("finalizers")) return false;
    spec.erase("finalizers");
    return true;
  });
  const auto* md = finalized ? obj_at(*finalized, "metadata") : nullptr;
  const auto* fins = md ? arr_at(*md, "finalizers") : nullptr;
  if (!md || (fins && !fins->empty())) return;  // its own finalizers hold it still
  try {
    c_.objects().remove(*namespaces_, "", name, "Background", false);
  } catch (const ApiError&) {
    // Deleted meanwhile.
  }
}

}  // namespace kubemcp::sim
