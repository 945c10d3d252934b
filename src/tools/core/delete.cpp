// k8s_delete: delete one object, the objects a selector matches, or every object of a kind in
// a namespace. What would be deleted is read first: the policy lists are checked for each
// target, and a namespace, a CRD, a node or more than bulk_limit objects need confirm=true
// (the refusal lists them) — before any DELETE is sent.
#include <boost/json.hpp>
#include <chrono>

#include "fleet/fleet.hpp"
#include "kube/discovery.hpp"
#include "kube/verbs.hpp"
#include "tools/core/toolset.hpp"
#include "tools/core/write_errors.hpp"
#include "tools/framework/args.hpp"
#include "tools/framework/fanout.hpp"
#include "tools/framework/object_policy.hpp"
#include "tools/framework/present.hpp"
#include "tools/framework/schema_parts.hpp"

namespace kubemcp::tools {
namespace json = boost::json;
namespace {

constexpr std::size_t kListedTargets = 50;  // names a refusal shows before "and N more"

struct DeleteArgs {
  std::string resource, name, selector;
  bool all = false;
  bool confirm = false;
  bool wait = false;
  std::chrono::seconds timeout{60};
  kube::DeleteOptions options;
};

struct Target {
  std::string name;
  std::string uid;
};

std::string meta(const json::value& o, const char* key) {
  if (!o.is_object()) return {};
  const auto* md = o.as_object().if_contains("metadata");
  if (!md || !md->is_object()) return {};
  const auto* v = md->as_object().if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// kubectl's name for a type in delete messages: `deployment.apps "web" deleted`.
std::string type_label(const kube::ResourceInfo& r) {
  std::string kind = r.kind;
  for (auto& c : kind) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return kind + (r.group.empty() ? "" : "." + r.group);
}

std::vector<Target> find_targets(ClusterCall& call, const kube::ResourceInfo& r,
                                 const std::string& ns, const DeleteArgs& a) {
  if (!a.name.empty()) {
    const auto o = kube::get(call.client, r, ns, a.name, call.ctx.cancel);
    return {{a.name, meta(o, "uid")}};
  }
  kube::ListOptions lo;
  lo.label_selector = a.selector;
  const auto list = kube::list_all(call.client, r, ns, lo, SIZE_MAX, call.ctx.cancel);
  std::vector<Target> out;
  for (const auto& item : list.at("items").as_array())
    out.push_back({meta(item, "name"), meta(item, "uid")});
  return out;
}

// Why this delete needs confirm=true, or "".
std::string needs_confirm(const kube::ResourceInfo& r, std::size_t count, std::size_t bulk_limit) {
  if (r.group.empty() && r.kind == "Namespace")
    return "deleting a namespace deletes everything in it";
  if (r.group == "apiextensions.k8s.io" && r.kind == "CustomResourceDefinition")
    return "deleting a CustomResourceDefinition deletes every object of its kind";
  if (r.group.empty() && r.kind == "Node") return "deleting a node removes it from the cluster";
  if (count > bulk_limit)
    return "it deletes " + std::to_string(count) + " objects, more than bulk_limit (" +
           std::to_string(bulk_limit) + ")";
  return "";
}

// What a namespace holds, by type (the `all` category plus config and storage), for a refusal.
std::string namespace_contents(ClusterCall& call, const std::string& ns) {
  const auto mapper = call.client.discovery().mapper(call.ctx.cancel);
  auto types = mapper->category("all");
  for (const char* extra : {"configmaps", "secrets", "persistentvolumeclaims"})
    if (const auto c = mapper->candidates(extra); !c.empty()) types.push_back(c.front());
  std::string out;
  for (const auto* t : types) {
    if (!t->namespaced) continue;
    try {
      const auto list = kube::list(call.client, *t, ns, {}, call.ctx.cancel);
      if (const auto n = list.at("items").as_array().size(); n > 0)
        out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + t->resource;
    } catch (const kube::ApiError&) {
      // Not allowed to list this type: leave it out of the summary.
    }
  }
  return out.empty() ? "" : "\n    it holds: " + out;
}

// How many objects of a CRD's kind exist (all namespaces), for a refusal. Its name is
// `<plural>.<group>`, which is also the resource name discovery resolves.
std::string crd_contents(ClusterCall& call, const std::string& crd) {
  try {
    const auto r = call.client.discovery().resolve(crd, call.ctx.cancel);
    const auto list = kube::list(call.client, r, "", {}, call.ctx.cancel);
    return "\n    with " + std::to_string(list.at("items").as_array().size()) + " " + r.resource +
           " in the cluster";
  } catch (const kube::KubeError&) {
    return "";  // not served (yet) or not listable: nothing to count
  }
}

std::string list_targets(ClusterCall& call, const kube::ResourceInfo& r, const std::string& ns,
                         const std::vector<Target>& targets) {
  std::string out;
  for (std::size_t i = 0; i < targets.size() && i < kListedTargets; ++i) {
    out += "\n  " + type_label(r) + "/" + targets[i].name;
    if (r.group.empty() && r.kind == "Namespace") out += namespace_contents(call, targets[i].name);
    if (r.kind == "CustomResourceDefinition") out += crd_contents(call, targets[i].name);
  }
  if (targets.size() > kListedTargets)
    out += "\n  ... and " + std::to_string(targets.size() - kListedTargets) + " more";
  if (r.namespaced) out += "\n(in namespace " + ns + ")";
  return out;
}

// metadata.finalizers of an object ("" when none), as "a, b".
std::string finalizers_of(const json::value& o) {
  std::string out;
  const auto* md = o.is_object() ? o.as_object().if_contains("metadata") : nullptr;
  const auto* f = md && md->is_object() ? md->as_object().if_contains("finalizers") : nullptr;
  if (f && f->is_array())
    for (const auto& x : f->as_array())
      if (x.is_string()) out += (out.empty() ? "" : ", ") + std::string(x.get_string());
  return out;
}

// What holds an object past the wait, and what frees it: foregroundDeletion waits for the
// dependents; any other finalizer waits for the controller that set it.
std::string held_by(const std::string& name, const std::string& finalizers) {
  if (finalizers.empty()) return name;
  std::string why = name + " (held by finalizers: " + finalizers;
  if (finalizers.find("foregroundDeletion") != std::string::npos)
    why += "; foregroundDeletion stays until its dependents are gone";
  if (finalizers != "foregroundDeletion")
    why +=
        "; the controller that set a finalizer removes it when its cleanup is done — if that "
        "controller is gone, the finalizer must be removed from metadata.finalizers by hand";
  return why + ")";
}

// Waits until each deleted object is gone (or replaced by a new one of the same name),
// reporting each as it goes, with the finalizers that hold it. Returns those still there at
// the deadline, each with what holds it.
std::string wait_until_gone(ClusterCall& call, const kube::ResourceInfo& r, const std::string& ns,
                            const std::vector<Target>& deleted, const DeleteArgs& a) {
  const auto deadline = std::chrono::steady_clock::now() + a.timeout;
  std::string still_there;
  std::size_t gone = 0;
  for (const auto& t : deleted) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    std::string finalizers;
    try {
      kube::wait_for(
          call.client, r, ns, t.name,
          [&](const json::value& o) {
            const bool done = o.is_null() || meta(o, "uid") != t.uid;
            if (done) return true;
            finalizers = finalizers_of(o);
            if (call.ctx.progress)
              call.ctx.progress(
                  static_cast<double>(gone), static_cast<double>(deleted.size()),
                  type_label(r) + "/" + t.name + " is being deleted" +
                      (finalizers.empty() ? "" : " (waiting on finalizers: " + finalizers + ")"));
            return false;
          },
          std::max(left, std::chrono::milliseconds(1)), call.ctx.cancel);
      ++gone;
      if (call.ctx.progress)
        call.ctx.progress(static_cast<double>(gone), static_cast<double>(deleted.size()),
                          type_label(r) + "/" + t.name + " is gone");
    } catch (const kube::CancelledError&) {
      throw;
    } catch (const kube::KubeError&) {
      still_there += (still_there.empty() ? "" : ", ") + held_by(t.name, finalizers);
    }
  }
  return still_there;
}

std::string delete_targets(ClusterCall& call, const kube::ResourceInfo& r, const std::string& ns,
                           const std::vector<Target>& targets, const DeleteArgs& a, bool& failed) {
  std::string text;
  std::vector<Target> deleted;
  const std::string suffix = a.options.dry_run ? " (server dry run)" : "";
  for (std::size_t i = 0; i < targets.size(); ++i) {
    try {
      kube::remove(call.client, r, ns, targets[i].name, a.options, call.ctx.cancel);
      text += type_label(r) + " \"" + targets[i].name + "\" deleted" + suffix + "\n";
      deleted.push_back(targets[i]);
    } catch (const kube::ApiError&) {
      failed = true;
      text += phrase_write_error(std::current_exception(), call.cluster.name) + "\n";
    } catch (...) {
      if (i == 0) throw;  // nothing sent yet: the fleet may heal and run the call again
      failed = true;
      return text + phrase_write_error(std::current_exception(), call.cluster.name) + "\nWhether " +
             targets[i].name + " was deleted is unknown; " +
             std::to_string(targets.size() - i - 1) + " more were not sent.\n";
    }
  }
  if (a.wait && !a.options.dry_run && !deleted.empty()) {
    const auto still = wait_until_gone(call, r, ns, deleted, a);
    if (!still.empty()) {
      failed = true;
      text += "timed out after " + std::to_string(a.timeout.count()) +
              " s waiting for these to be gone: " + still +
              ". They are marked for deletion and go once nothing holds them; k8s_get them with "
              "output=yaml to see metadata.finalizers.\n";
    } else {
      text += "All " + std::to_string(deleted.size()) + " gone.\n";
    }
  }
  if (a.options.dry_run) text += "Server dry run: nothing was deleted.\n";
  return text;
}

ClusterAnswer run_on_cluster(ClusterCall& call, const DeleteArgs& a) {
  ClusterAnswer out;
  const auto r = call.client.discovery().resolve(a.resource, call.ctx.cancel);
  if (!r.verbs.empty() && !r.has_verb("delete"))
    throw kube::MappingError(r.group_resource() +
                                 " cannot be deleted (the server does not "
                                 "allow the delete verb on it)",
                             false);
  const std::string ns = r.namespaced ? call.namespace_ : "";
  const auto targets = find_targets(call, r, ns, a);
  if (targets.empty()) {
    out.text = "No resources found" + (r.namespaced ? " in " + ns + " namespace" : "") +
               " matching '" + a.selector + "'; nothing was deleted.";
    return out;
  }
  std::string refusals;
  for (const auto& t : targets)
    if (auto why = check_object_allowed(call.cluster, {ns, r.group, r.kind, t.name}); !why.empty())
      refusals += "\n  " + type_label(r) + "/" + t.name + ": " + why;
  if (!refusals.empty()) {
    out.failed = true;
    out.text = "k8s_delete refused on cluster '" + call.cluster.name +
               "'; nothing was deleted:" + refusals +
               "\nThese lists are the cluster's `namespaces` and `kinds` settings in " +
               call.ctx.fleet.registry().source() + ".";
    return out;
  }
  const auto why =
      needs_confirm(r, targets.size(), call.ctx.fleet.registry().settings().bulk_limit);
  if (!why.empty() && !a.confirm) {
    out.failed = true;
    out.text = "k8s_delete needs confirm=true: " + why +
               ". Nothing was deleted. It would delete:" + list_targets(call, r, ns, targets) +
               "\nCheck this list, then call again with the same arguments and confirm=true.";
    return out;
  }
  out.text = delete_targets(call, r, ns, targets, a, out.failed);
  return out;
}

// name, or selector, or all=true: exactly one. "" when the arguments are usable.
std::string check_selection(DeleteArgs& a) {
  if (const auto slash = a.resource.find('/'); slash != std::string::npos) {
    if (!a.name.empty()) return "give the name once: in resource (TYPE/NAME) or in name";
    a.name = a.resource.substr(slash + 1);
    a.resource.resize(slash);
  }
  const int given = !a.name.empty() + !a.selector.empty() + a.all;
  if (given != 1)
    return "k8s_delete needs exactly one of name, selector or all=true; examples: "
           "{\"resource\": \"deployment\", \"name\": \"web\"}, {\"resource\": \"pods\", "
           "\"selector\": \"app=web\"}, {\"resource\": \"jobs\", \"all\": true}. Nothing was "
           "deleted.";
  return "";
}

const char* propagation_policy(const std::string& p) {
  if (p == "foreground") return "Foreground";
  if (p == "orphan") return "Orphan";
  if (p == "background") return "Background";
  return "";
}

}  // namespace

static Result run_delete(const json::object& args, Context& ctx) {
  DeleteArgs a;
  a.resource = arg_string(args, "resource");
  a.name = arg_string(args, "name");
  a.selector = arg_string(args, "selector");
  a.all = arg_bool(args, "all");
  a.confirm = arg_bool(args, "confirm");
  a.wait = arg_bool(args, "wait");
  if (auto t = arg_int(args, "timeout")) a.timeout = std::chrono::seconds(*t);
  a.options.dry_run = arg_bool(args, "dry_run");
  a.options.propagation = propagation_policy(arg_string(args, "propagation"));
  a.options.grace_period_seconds = arg_int(args, "grace_period");
  if (auto err = check_selection(a); !err.empty()) return Result::error(err);
  auto answer = on_one_cluster(
      ctx, args, [&](ClusterCall& call) { return run_on_cluster(call, a); },
      /*idempotent=*/false);
  return single_result(answer, ctx.fleet.registry().settings().output_budget,
                       "Delete with a narrower selector.");
}

Tool delete_tool() {
  return parts::record(
      {.name = "k8s_delete",
       .title = "Delete resources",
       .description =
           "Delete objects like `kubectl delete`: one by name, those a label selector matches, or "
           "every object of a type in the namespace (all=true). Deleting a namespace, a "
           "CustomResourceDefinition, a node or more than bulk_limit objects (default 20) needs "
           "confirm=true; without it the answer lists what would be deleted. `dry_run=true` asks "
           "the server without deleting; `wait=true` returns once the objects are gone (progress "
           "is reported). Example: {\"resource\": \"pods\", \"selector\": \"app=web\", "
           "\"namespace\": \"shop\", \"wait\": true}.",
       .schema = parts::object_schema(
           {R"("resource": {"type": "string", "minLength": 1, "description": "Resource type (pod, deployment, a CRD's plural, ...), or TYPE/NAME."})",
            R"("name": {"type": "string", "description": "The object to delete."})",
            R"("selector": {"type": "string", "description": "Label selector: delete every object it matches."})",
            R"("all": {"type": "boolean", "description": "Delete every object of the type in the namespace."})",
            parts::kNamespace, parts::kClusterOne,
            R"("dry_run": {"type": "boolean", "description": "Server-side dry run: report what would be deleted, delete nothing."})",
            R"("grace_period": {"type": "integer", "minimum": 0, "description": "Seconds the objects get to terminate (pods); 0 deletes at once. Default: the object's own."})",
            R"("propagation": {"type": "string", "enum": ["background", "foreground", "orphan"], "description": "What happens to dependents (a deployment's replica sets): background (default) deletes them after, foreground before the owner is gone, orphan keeps them."})",
            R"("wait": {"type": "boolean", "description": "Return only when the objects are gone (or timeout passes). Default false."})",
            R"("timeout": {"type": "integer", "minimum": 1, "maximum": 600, "description": "Seconds to wait with wait=true. Default 60."})",
            R"("confirm": {"type": "boolean", "description": "Needed to delete a namespace, a CRD, a node, or more than bulk_limit objects."})"}),
       .required = R"(["resource"])",
       .tier = Tier::core,
       .annotations =
           {.read_only = false, .destructive = true, .idempotent = true, .open_world = true}},
      run_delete);
}

}  // namespace kubemcp::tools
