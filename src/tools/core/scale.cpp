// k8s_scale: sets the replicas of anything with a scale subresource (deployments,
// statefulsets, replicasets, custom resources that declare one), like `kubectl scale`.
#include <boost/json.hpp>

#include "kube/discovery.hpp"
#include "kube/rest_client.hpp"
#include "kube/verbs.hpp"
#include "tools/core/change.hpp"
#include "tools/core/toolset.hpp"
#include "tools/framework/args.hpp"
#include "tools/framework/schema_parts.hpp"

namespace kubemcp::tools::core {
namespace json = boost::json;
namespace {

// The resource, refused before any write when discovery says it cannot be scaled.
kube::ResourceInfo scalable(ClusterCall& call, const std::string& resource) {
  auto r = call.client.discovery().resolve(resource, call.ctx.cancel);
  if (!r.subresources.empty() && !r.subresource("scale"))
    throw Refusal("cannot scale " + r.group_resource() +
                  ": the server offers no scale subresource for it (scalable: deployments, "
                  "statefulsets, replicasets, and custom resources that declare one)");
  return r;
}

std::int64_t spec_replicas(const json::value& scale) {
  const auto* spec = scale.as_object().if_contains("spec");
  const auto* n = spec && spec->is_object() ? spec->get_object().if_contains("replicas") : nullptr;
  return n && n->is_int64() ? n->get_int64() : 0;
}

struct ScaleCall {
  ObjectRef ref;
  std::int64_t replicas = 0;
  std::optional<std::int64_t> current;
  bool dry_run = false;
};

ScaleCall scale_call(const json::object& args) {
  return {object_ref(args, "k8s_scale"), arg_int(args, "replicas").value_or(0),
          arg_int(args, "current_replicas"), arg_bool(args, "dry_run")};
}

// kubectl's order: with a precondition, read the Scale, compare, and write it back with its
// resourceVersion (a change in between is a 409, never a lost update); else a merge patch.
std::string scale_once(ClusterCall& call, const ScaleCall& s, bool dry_run) {
  const auto r = scalable(call, s.ref.resource);
  const std::string ns = r.namespaced ? call.namespace_ : "";
  require_allowed(call, r, ns, s.ref.name);
  kube::WriteOptions w;
  w.dry_run = dry_run;
  if (s.current) {
    json::value scale = kube::get_scale(call.client, r, ns, s.ref.name, call.ctx.cancel);
    const auto have = spec_replicas(scale);
    if (have != *s.current)
      throw Refusal("Expected replicas to be " + std::to_string(*s.current) + ", was " +
                    std::to_string(have) + ". Nothing was changed; " + kubectl_name(r, s.ref.name) +
                    " has " + std::to_string(have) +
                    " replicas now. Call again with current_replicas: " + std::to_string(have) +
                    " if the change still applies.");
    scale.as_object()["spec"].as_object()["replicas"] = s.replicas;
    kube::replace(call.client, r, ns, s.ref.name, scale, w, call.ctx.cancel, "scale");
  } else {
    kube::scale(call.client, r, ns, s.ref.name, s.replicas, w, call.ctx.cancel);
  }
  return kubectl_name(r, s.ref.name) + " scaled" + (dry_run ? " (server dry run)" : "");
}

Result run_scale(const json::object& args, Context& ctx) {
  const auto s = scale_call(args);
  return on_target(ctx, args, [&](ClusterCall& call) { return scale_once(call, s, s.dry_run); });
}

// For a protected cluster's confirmation: the replicas now and the server's dry run.
std::string preview_scale(const json::object& args, Context& ctx) {
  const auto s = scale_call(args);
  auto r = on_target(ctx, args, [&](ClusterCall& call) {
    const auto info = scalable(call, s.ref.resource);
    const auto now = spec_replicas(kube::get_scale(
        call.client, info, info.namespaced ? call.namespace_ : "", s.ref.name, call.ctx.cancel));
    return scale_once(call, s, true) + ": replicas " + std::to_string(now) + " -> " +
           std::to_string(s.replicas);
  });
  return r.text;
}

}  // namespace

Tool scale_tool() {
  Tool t = parts::record(
      {.name = "k8s_scale",
       .title = "Scale a workload",
       .description =
           "Set the number of replicas of a deployment, statefulset, replicaset or any resource "
           "with a scale subresource, like `kubectl scale`. `current_replicas` makes it "
           "conditional: refused (nothing changed) when the replicas differ. `dry_run` asks the "
           "server without changing anything. Example: {\"resource\": \"deployment\", \"name\": "
           "\"web\", \"replicas\": 5, \"namespace\": \"shop\", \"cluster\": \"stage\"}.",
       .schema = parts::object_schema(
           {R"("resource": {"type": "string", "minLength": 1, "description": "Resource type (deployment, statefulset, replicaset, a CRD) or type/name."})",
            R"("name": {"type": "string", "description": "Object name (or give resource as type/name)."})",
            R"("replicas": {"type": "integer", "minimum": 0, "maximum": 1000000, "description": "The replicas wanted."})",
            R"("current_replicas": {"type": "integer", "minimum": 0, "description": "Precondition: scale only if the object has this many replicas now."})",
            parts::kNamespace, parts::kClusterOne, parts::kDryRun, parts::kConfirm}),
       .required = R"(["resource", "replicas"])",
       .tier = Tier::core,
       .annotations = parts::kChange},
      run_scale);
  t.preview = preview_scale;
  return t;
}

}  // namespace kubemcp::tools::core
