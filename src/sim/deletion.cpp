// Deletion as kube-apiserver's registry store and the garbage collector do it: preconditions,
// graceful deletion of pods (rest.BeforeDelete, podStrategy.CheckGracefulDelete), finalizers,
// and the owner-reference garbage collector with Background, Foreground and Orphan propagation.
#include <algorithm>
#include <boost/json.hpp>

#include "sim/objects.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

constexpr const char* kForeground = "foregroundDeletion";

bool is_pod(const ResourceType& t) {
  return t.kind == "Pod" && t.group.empty();
}

bool is_namespace(const ResourceType& t) {
  return t.kind == "Namespace" && t.group.empty();
}

// kube-apiserver's NamespaceLifecycle plugin refuses to delete these (--immortal-namespaces).
void check_not_immortal(const std::string& name) {
  if (name == "default" || name == "kube-system" || name == "kube-public")
    throw ApiError(403, "Forbidden",
                   "namespaces \"" + name + "\" is forbidden: this namespace may not be deleted",
                   json::object{{"name", name}, {"kind", "namespaces"}});
}

// A namespace's spec.finalizers ("kubernetes") hold it until the namespace controller has
// deleted its content and removed them (pkg/registry/core/namespace/storage).
bool spec_finalizers_pending(const json::object& ns) {
  const auto* spec = obj_at(ns, "spec");
  const auto* fins = spec ? arr_at(*spec, "finalizers") : nullptr;
  return fins && !fins->empty();
}

bool has_string(const json::array* a, std::string_view s) {
  if (a)
    for (const auto& v : *a)
      if (v.is_string() && v.as_string() == s) return true;
  return false;
}

// podStrategy.CheckGracefulDelete: the asked period, else the pod's own; 0 for a pod no node
// runs (unscheduled) or one that already ended. rest.BeforeDelete reads a negative one as 1.
int64_t pod_grace(const json::object& pod, std::optional<int64_t> asked) {
  const auto* spec = obj_at(pod, "spec");
  const auto* status = obj_at(pod, "status");
  int64_t grace = asked ? *asked : (spec ? int_at(*spec, "terminationGracePeriodSeconds", 0) : 0);
  if (grace < 0) grace = 1;
  if (!spec || str_at(*spec, "nodeName").empty()) grace = 0;
  std::string phase = status ? str_at(*status, "phase") : "";
  if (phase == "Succeeded" || phase == "Failed") grace = 0;
  return std::min<int64_t>(grace, 365LL * 86400);
}

// The owner reference to `uid` blocks the owner's foreground deletion.
bool blocks(const json::object& dependent, const std::string& uid) {
  const auto* md = obj_at(dependent, "metadata");
  const auto* refs = md ? arr_at(*md, "ownerReferences") : nullptr;
  if (refs)
    for (const auto& r : *refs) {
      if (!r.is_object() || str_at(r.as_object(), "uid") != uid) continue;
      const auto* b = r.as_object().if_contains("blockOwnerDeletion");
      return b && b->is_bool() && b->as_bool();
    }
  return false;
}

bool has_blocking_dependents(const Store& store, const std::string& uid) {
  for (const auto& [key, dep] : store.dependents(uid))
    if (blocks(*dep, uid)) return true;
  return false;
}

void check_preconditions(const ResourceType& t, const std::string& name, const DeleteOptions& opts,
                         const json::object& md) {
  auto precondition = [&](const char* what, const std::string& want, const std::string& have) {
    if (!want.empty() && want != have)
      throw conflict(t, name,
                     std::string("Precondition failed: ") + what + " in precondition: " + want +
                         ", " + what + " in object meta: " + have);
  };
  precondition("UID", opts.precondition_uid, str_at(md, "uid"));
  precondition("ResourceVersion", opts.precondition_rv, str_at(md, "resourceVersion"));
}

// Writes `fn`'s change, or only computes it for a dry run.
ObjPtr write_or_preview(Objects& objects, const ResourceType& t, const ObjPtr& cur, bool dry_run,
                        const std::function<bool(json::object&)>& fn) {
  const auto& md = *obj_at(*cur, "metadata");
  if (dry_run) {
    auto copy = std::make_shared<json::object>(*cur);
    fn(*copy);
    return copy;
  }
  auto written = objects.mutate(t, str_at(md, "namespace"), str_at(md, "name"), fn);
  return written ? written : cur;
}

}  // namespace

ObjPtr Objects::remove(const ResourceType& t, const std::string& ns, const std::string& name,
                       const DeleteOptions& opts, bool* stays) {
  auto cur = store_.get(t, ns, name);
  if (!cur) throw not_found(t, name);
  const auto& md = *obj_at(*cur, "metadata");
  if (is_namespace(t)) check_not_immortal(name);
  check_preconditions(t, name, opts, md);
  if (stays) *stays = true;

  // The namespace REST's Delete: the first one marks it Terminating (the namespace controller,
  // namespace_deleter.cpp, empties and finalizes it); later ones answer it as it is until its
  // finalizers are gone.
  if (is_namespace(t)) {
    if (!md.contains("deletionTimestamp"))
      return write_or_preview(*this, t, cur, opts.dry_run, [&](json::object& o) {
        ensure_obj(o, "metadata")["deletionTimestamp"] = now_rfc3339();
        ensure_obj(o, "status")["phase"] = "Terminating";
        return true;
      });
    if (spec_finalizers_pending(*cur)) return cur;
  }

  // A scheduled pod is only marked: its kubelet stops the containers and then deletes it with
  // a grace period of 0 (the controllers' kubelet, pod_termination.cpp).
  if (is_pod(t)) {
    int64_t grace = pod_grace(*cur, opts.grace);
    int64_t ts = parse_rfc3339(str_at(md, "deletionTimestamp"));
    int64_t have = int_at(md, "deletionGracePeriodSeconds", 0);
    bool marked = md.contains("deletionTimestamp");
    // Already terminating: only a shorter period changes anything (rest.BeforeDelete).
    if (marked && have > 0 && (!opts.grace || grace >= have)) return cur;
    if ((marked && have > 0 && grace > 0) || (!marked && grace > 0)) {
      int64_t when = marked && ts >= 0 ? ts - have + grace : now_unix() + grace;
      return write_or_preview(*this, t, cur, opts.dry_run, [&](json::object& o) {
        auto& m = ensure_obj(o, "metadata");
        m["deletionTimestamp"] = rfc3339(when);
        m["deletionGracePeriodSeconds"] = grace;
        if (!marked && m.contains("generation")) m["generation"] = int_at(m, "generation") + 1;
        return true;
      });
    }
  }

  // Finalizers, and foregroundDeletion while blocking dependents exist, keep the object.
  std::string uid = str_at(md, "uid");
  json::array fins = arr_at(md, "finalizers") ? *arr_at(md, "finalizers") : json::array{};
  bool foreground = opts.propagation == "Foreground" && has_blocking_dependents(store_, uid);
  if (foreground && !has_string(&fins, kForeground)) fins.emplace_back(kForeground);
  if (!fins.empty()) {
    auto marked = write_or_preview(*this, t, cur, opts.dry_run, [&](json::object& o) {
      auto& m = ensure_obj(o, "metadata");
      bool changed = !m.contains("deletionTimestamp") ||
                     int_at(m, "deletionGracePeriodSeconds", -1) != 0 || !arr_at(m, "finalizers") ||
                     *arr_at(m, "finalizers") != fins;
      if (!m.contains("deletionTimestamp")) m["deletionTimestamp"] = now_rfc3339();
      m["deletionGracePeriodSeconds"] = 0;
      m["finalizers"] = fins;
      return changed;
    });
    if (foreground) delete_dependents(uid, opts.dry_run);
    return marked;
  }

  if (stays) *stays = false;
  auto gone = remove(t, ns, name, opts.propagation, opts.dry_run);
  json::object answer = *gone;
  auto& m = ensure_obj(answer, "metadata");
  if (opts.propagation == "Foreground") {
    // Nothing blocked it: the real server still answers the owner as it wrote it first, with
    // the finalizer its garbage collector removes at once.
    m["finalizers"] = json::array{kForeground};
    if (stays) *stays = true;
  }
  if (is_pod(t) || opts.propagation == "Foreground") {
    if (!m.contains("deletionTimestamp")) m["deletionTimestamp"] = now_rfc3339();
    if (!m.contains("deletionGracePeriodSeconds")) m["deletionGracePeriodSeconds"] = 0;
  }
  return std::make_shared<const json::object>(std::move(answer));
}

std::vector<std::pair<ResourcePtr, ObjPtr>> Objects::dependents_of(const std::string& uid) {
  std::vector<std::pair<ResourcePtr, ObjPtr>> out;
  auto types = reg_.all();
  for (const auto& [key, dep] : store_.dependents(uid))
    for (const auto& t : types)
      if (t->key() == key) {
        out.emplace_back(t, dep);
        break;
      }
  return out;
}

void Objects::delete_dependents(const std::string& uid, bool dry_run) {
  if (dry_run) return;
  for (const auto& [dt, dep] : dependents_of(uid)) {
    const auto& md = *obj_at(*dep, "metadata");
    // The garbage collector deletes a dependent that has dependents of its own in the
    // foreground as well, so the chain goes from the leaves up.
    DeleteOptions d;
    if (has_blocking_dependents(store_, str_at(md, "uid"))) d.propagation = "Foreground";
    try {
      remove(*dt, str_at(md, "namespace"), str_at(md, "name"), d, nullptr);
    } catch (const ApiError&) {
      // Deleted meanwhile.
    }
  }
}

void Objects::release_foreground_owners(const json::object& gone) {
  const auto* md = obj_at(gone, "metadata");
  const auto* refs = md ? arr_at(*md, "ownerReferences") : nullptr;
  if (!refs) return;
  for (const auto& r : *refs) {
    if (!r.is_object()) continue;
    const auto& ref = r.as_object();
    auto ot = reg_.find_kind(str_at(ref, "apiVersion"), str_at(ref, "kind"));
    if (!ot) continue;
    std::string ns = ot->namespaced ? str_at(*md, "namespace") : "";
    std::string uid = str_at(ref, "uid");
    auto owner = store_.get(*ot, ns, str_at(ref, "name"));
    const auto* omd = owner ? obj_at(*owner, "metadata") : nullptr;
    if (!omd || str_at(*omd, "uid") != uid || !has_string(arr_at(*omd, "finalizers"), kForeground))
      continue;
    if (has_blocking_dependents(store_, uid)) continue;
    auto released = mutate(*ot, ns, str_at(ref, "name"), [&](json::object& o) {
      auto& m = ensure_obj(o, "metadata");
      json::array kept;
      for (const auto& f : *arr_at(m, "finalizers"))
        if (!(f.is_string() && f.as_string() == kForeground)) kept.push_back(f);
      if (kept.empty()) {
        m.erase("finalizers");
      } else {
        m["finalizers"] = std::move(kept);
      }
      return true;
    });
    finish_pending_delete(*ot, released);
  }
}

void Objects::finish_pending_delete(const ResourceType& t, const ObjPtr& obj) {
  const auto* md = obj ? obj_at(*obj, "metadata") : nullptr;
  if (!md || str_at(*md, "deletionTimestamp").empty()) return;
  if (const auto* fins = arr_at(*md, "finalizers"); fins && !fins->empty()) return;
  // A pod still terminating goes when its kubelet is done, not when its finalizers are; a
  // namespace when the namespace controller has finalized it.
  if (is_pod(t) && int_at(*md, "deletionGracePeriodSeconds", 0) > 0) return;
  if (is_namespace(t) && spec_finalizers_pending(*obj)) return;
  try {
    remove(t, str_at(*md, "namespace"), str_at(*md, "name"), "Background", false);
  } catch (const ApiError&) {
    // Deleted meanwhile.
  }
}

ObjPtr Objects::remove(const ResourceType& t, const std::string& ns, const std::string& name,
                       const std::string& propagation, bool dry_run) {
  auto obj = store_.remove(t, ns, name, dry_run);
  if (!obj) throw not_found(t, name);
  if (dry_run) return obj;
  notify(t, "DELETED", obj);
  if (t.kind == "CustomResourceDefinition") after_crd_change("DELETED", obj);
  if (t.kind == "Namespace") {
    // Whatever is still in a namespace when it goes goes with it (the namespace controller has
    // normally emptied it by then).
    for (const auto& rt : reg_.all()) {
      if (!rt->namespaced) continue;
      auto page = store_.list(*rt, name, nullptr, 0, "");
      for (const auto& o : page.items) {
        std::string n = str_at(*obj_at(*o, "metadata"), "name");
        if (auto gone = store_.remove(*rt, name, n)) notify(*rt, "DELETED", gone);
      }
    }
  }
  collect_garbage(str_at(*obj_at(*obj, "metadata"), "uid"), propagation);
  release_foreground_owners(*obj);
  return obj;
}

void Objects::collect_garbage(const std::string& uid, const std::string& propagation) {
  if (uid.empty()) return;
  for (const auto& [dt, dep] : dependents_of(uid)) {
    const auto& md = *obj_at(*dep, "metadata");
    std::string ns = str_at(md, "namespace"), name = str_at(md, "name");
    size_t owners = arr_at(md, "ownerReferences")->size();
    if (propagation == "Orphan" || owners > 1) {
      mutate(*dt, ns, name, [&](json::object& o) {
        auto& refs = ensure_obj(o, "metadata")["ownerReferences"].as_array();
        json::array kept;
        for (const auto& r : refs)
          if (!(r.is_object() && str_at(r.as_object(), "uid") == uid)) kept.push_back(r);
        if (kept.empty()) {
          ensure_obj(o, "metadata").erase("ownerReferences");
        } else {
          refs = std::move(kept);
        }
        return true;
      });
    } else {
      try {
        // As the garbage collector: an ordinary delete, so pods terminate gracefully.
        remove(*dt, ns, name, DeleteOptions{}, nullptr);
      } catch (const ApiError&) {
        // Already gone: deleted concurrently.
      }
    }
  }
}

}  // namespace kubemcp::sim
