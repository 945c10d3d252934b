// k8s_apply: server-side apply of YAML/JSON manifests. Every document is parsed, mapped and
// checked against the cluster's policy lists before the first object is sent, so a bad
// document or a denied namespace changes nothing.
#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "fleet/fleet.hpp"
#include "kube/discovery.hpp"
#include "kube/verbs.hpp"
#include "tools/core/apply_mapping.hpp"
#include "tools/core/apply_result.hpp"
#include "tools/core/manifest_sources.hpp"
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

struct ApplyArgs {
  bool dry_run = false;
  bool diff = false;
  kube::ApplyOptions options;
  std::string namespace_;
};

// What one object's apply came to.
struct Applied {
  std::string line;  // "deployment.apps/web configured"
  std::string diff;
  std::string error;  // phrased; empty on success
};

std::string where(const kube::ManifestObject& m) {
  return m.source + " document " + std::to_string(m.document) + ", line " + std::to_string(m.line);
}

// Every refusal of the cluster's namespaces/kinds lists, one line each; "" when all pass.
std::string policy_refusals(const std::vector<MappedObject>& objects,
                            const fleet::ClusterConfig& cluster) {
  std::string out;
  for (const auto& o : objects) {
    const auto why = check_object_allowed(
        cluster, {o.namespace_, o.resource.group, o.resource.kind, o.manifest.name()});
    if (!why.empty()) out += "\n  " + o.label() + " (" + where(o.manifest) + "): " + why;
  }
  return out;
}

// A custom resource whose CRD this call just created: wait until discovery serves it.
kube::ResourceInfo await_served(ClusterCall& call, const MappedObject& o) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (;;) {
    call.client.discovery().invalidate();
    try {
      return call.client.discovery().for_kind(o.manifest.api_version(), o.manifest.kind(),
                                              call.ctx.cancel);
    } catch (const kube::MappingError&) {
      if (std::chrono::steady_clock::now() > deadline) throw;
    }
    if (call.ctx.cancelled()) throw kube::CancelledError();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
}

Applied apply_one(ClusterCall& call, const MappedObject& o, const ApplyArgs& a) {
  const std::string suffix = a.dry_run ? " (server dry run)" : "";
  if (o.awaits_crd && a.dry_run)
    return {o.label() + " skipped" + suffix +
                ": its CustomResourceDefinition is in this manifest and not served yet; apply "
                "without dry_run to create both",
            "", ""};
  const kube::ResourceInfo r = o.awaits_crd ? await_served(call, o) : o.resource;
  json::value live = nullptr;
  bool live_known = true;
  try {
    live = kube::get(call.client, r, o.namespace_, o.manifest.name(), call.ctx.cancel);
  } catch (const kube::ApiError& e) {
    if (e.code() == 403)
      live_known = false;  // may apply without reading: kubectl's plain word then
    else if (!e.not_found())
      throw;
  }
  const json::value result =
      kube::apply(call.client, r, o.namespace_, o.manifest.name(),
                  json::serialize(o.manifest.object), a.options, call.ctx.cancel);
  Applied out;
  out.line =
      o.label() + " " + (live_known ? apply_outcome(live, result) : "serverside-applied") + suffix;
  if (a.diff && live_known)
    out.diff = apply_diff(live, result, r, call.cluster, o.label(), a.dry_run);
  return out;
}

// Applies in order; a server's refusal of one object does not stop the others (as kubectl).
// A failure with no answer (network, login) is rethrown before anything was sent, so the
// fleet may heal and run the call again; after that it ends the run, saying what is unknown.
std::vector<Applied> apply_all(ClusterCall& call, std::vector<MappedObject>& objects,
                               const ApplyArgs& a) {
  std::vector<Applied> out;
  std::size_t sent = 0;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    const auto& o = objects[i];
    try {
      out.push_back(apply_one(call, o, a));
    } catch (const kube::ApiError&) {
      out.push_back(
          {"", "",
           o.label() + ": " + phrase_write_error(std::current_exception(), call.cluster.name)});
    } catch (const kube::MappingError& e) {
      out.push_back({"", "", o.label() + ": error: " + e.what()});
    } catch (...) {
      if (sent == 0) throw;
      out.push_back({"", "",
                     o.label() + ": " +
                         phrase_write_error(std::current_exception(), call.cluster.name) +
                         "\nWhether this object was applied is unknown; the remaining " +
                         std::to_string(objects.size() - i - 1) +
                         " objects were not sent. Check with k8s_get before applying again."});
      break;
    }
    ++sent;
    if (call.ctx.progress)
      call.ctx.progress(static_cast<double>(i + 1), static_cast<double>(objects.size()),
                        out.back().error.empty() ? out.back().line : o.label() + " failed");
  }
  return out;
}

std::string render(const std::vector<Applied>& results, const ApplyArgs& a, bool& failed) {
  std::string lines, errors, diffs;
  for (const auto& r : results) {
    if (!r.error.empty()) {
      failed = true;
      errors += "\n" + r.error + "\n";
      continue;
    }
    lines += r.line + "\n";
    if (!r.diff.empty()) diffs += "\n" + r.diff;
  }
  std::string text = lines;
  if (a.dry_run) text += "Server dry run: nothing was changed.\n";
  if (a.diff && diffs.empty() && !lines.empty()) text += "No differences.\n";
  return text + diffs + errors;
}

// Maps and checks every object, then applies them in order. Runs again after a heal only when
// nothing was sent (the fleet's rule), so it works on a copy of the parsed objects.
ClusterAnswer apply_on_cluster(ClusterCall& call, const std::vector<kube::ManifestObject>& objects,
                               const ApplyArgs& a) {
  ClusterAnswer out;
  const auto mapper = call.client.discovery().mapper(call.ctx.cancel);
  kube::ResourceInfo refreshed;
  const KindLookup lookup = [&](const std::string& av,
                                const std::string& kind) -> const kube::ResourceInfo* {
    if (const auto* r = mapper->for_kind(av, kind)) return r;
    try {  // a CRD created since the mapper was read
      refreshed = call.client.discovery().for_kind(av, kind, call.ctx.cancel);
      return &refreshed;
    } catch (const kube::MappingError&) {
      return nullptr;
    }
  };
  std::vector<MappedObject> mapped;
  try {
    mapped = map_objects(objects, lookup, served_groups(*mapper), a.namespace_, call.namespace_);
  } catch (const kube::MappingError& e) {  // an unknown kind
    out.failed = true;
    out.text = std::string("error: ") + e.what() + "\nNothing was applied.";
    return out;
  } catch (const kube::ManifestError& e) {  // a namespace that contradicts the argument
    out.failed = true;
    out.text = std::string("error: ") + e.what() + "\nNothing was applied.";
    return out;
  }
  if (const auto why = policy_refusals(mapped, call.cluster); !why.empty()) {
    out.failed = true;
    out.text = "k8s_apply refused on cluster '" + call.cluster.name +
               "'; nothing was applied:" + why +
               "\nThese lists are the cluster's `namespaces` and `kinds` settings in " +
               call.ctx.fleet.registry().source() + ".";
    return out;
  }
  order_for_apply(mapped);
  out.text = render(apply_all(call, mapped, a), a, out.failed);
  return out;
}

std::vector<kube::ManifestObject> read_sources(const json::object& args, Context& ctx) {
  const std::string manifest = arg_string(args, "manifest");
  if (!manifest.empty()) return kube::parse_manifests(manifest);
  return read_manifest_path(arg_string(args, "path"), ctx.fleet.registry().settings().cp_roots);
}

}  // namespace

static Result run_apply(const json::object& args, Context& ctx) {
  if (arg_string(args, "manifest").empty() == arg_string(args, "path").empty())
    return Result::error(
        "k8s_apply needs exactly one of `manifest` (YAML or JSON text) or `path` (a file or "
        "directory of manifests). Nothing was applied.");
  std::vector<kube::ManifestObject> objects;
  try {
    objects = read_sources(args, ctx);
  } catch (const kube::ManifestError& e) {
    return Result::error(std::string("error: ") + e.what() +
                         "\nNothing was applied: every document is checked before any is sent.");
  } catch (const SourceError& e) {
    return Result::error(std::string("error: ") + e.what() + ". Nothing was applied.");
  }
  if (objects.empty())
    return Result::error(
        "error: no objects passed to apply (the manifest has only empty "
        "documents). Nothing was applied.");
  ApplyArgs a;
  a.dry_run = arg_bool(args, "dry_run");
  a.diff = arg_bool(args, "diff");
  a.namespace_ = arg_string(args, "namespace");
  a.options = {arg_string(args, "field_manager", "kubemcp"), arg_bool(args, "force_conflicts"),
               a.dry_run};
  auto answer = on_one_cluster(
      ctx, args, [&](ClusterCall& call) { return apply_on_cluster(call, objects, a); },
      /*idempotent=*/false);
  return single_result(answer, ctx.fleet.registry().settings().output_budget,
                       "Apply fewer objects per call, or call without diff.");
}

Tool apply_tool() {
  return parts::record(
      {.name = "k8s_apply",
       .title = "Apply manifests",
       .description =
           "Create or update objects from YAML or JSON manifests with server-side apply, like "
           "`kubectl apply --server-side`: one or many documents (`---`), List kinds, or a file "
           "or directory under the configured roots. It prints one line per object (created, "
           "configured, unchanged). Every document is checked first: if one is invalid, nothing "
           "is applied. `dry_run=true` asks the server without changing anything; `diff=true` "
           "adds a unified diff of each object's live state against the result (Secret values "
           "masked). "
           "Example: {\"manifest\": \"apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: "
           "settings\\ndata:\\n  mode: fast\\n\", \"namespace\": \"shop\", \"dry_run\": true, "
           "\"diff\": true}.",
       .schema = parts::object_schema(
           {R"("manifest": {"type": "string", "description": "YAML or JSON text: one or more documents separated by ---, or a List."})",
            R"("path": {"type": "string", "description": "A manifest file, or a directory of *.yaml, *.yml and *.json files, under the allowed roots (cp_roots; default the working directory). Instead of manifest."})",
            parts::kNamespace, parts::kClusterOne, parts::kConfirm,
            R"("dry_run": {"type": "boolean", "description": "Server-side dry run: validate and show the outcome without changing anything. Default false."})",
            R"("diff": {"type": "boolean", "description": "Add a unified diff of each object's live state against the applied (or dry-run) result. Default false."})",
            R"("force_conflicts": {"type": "boolean", "description": "Take over fields another field manager owns (after a conflict). Default false."})",
            R"("field_manager": {"type": "string", "minLength": 1, "maxLength": 128, "description": "Field manager name recorded for the applied fields. Default kubemcp."})"}),
       .tier = Tier::core,
       .annotations =
           {.read_only = false, .destructive = true, .idempotent = true, .open_world = true}},
      run_apply);
}

}  // namespace kubemcp::tools
