// k8s_describe: kubectl-style descriptions of one object or every object a selector
// matches, each with the events about it.
#include "render/describe.hpp"

#include <boost/json.hpp>

#include "fleet/fleet.hpp"
#include "kube/builtin_resources.hpp"
#include "kube/discovery.hpp"
#include "kube/verbs.hpp"
#include "net/json_access.hpp"
#include "render/budget.hpp"
#include "tools/basic/toolset.hpp"
#include "tools/framework/args.hpp"
#include "tools/framework/fanout.hpp"
#include "tools/framework/present.hpp"
#include "tools/framework/schema_parts.hpp"

namespace kubemcp::tools {
namespace json = boost::json;
namespace {

constexpr std::size_t kMaxObjects = 20;

std::string meta(const json::value& o, const char* key) {
  const auto* v = net::at_path(o, {"metadata", key});
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// The events about one object, found the way kubectl describe finds them.
json::array events_for(ClusterCall& call, const json::value& object, bool namespaced) {
  kube::ListOptions o;
  o.field_selector = "involvedObject.name=" + meta(object, "name");
  const std::string ns = namespaced ? meta(object, "namespace") : "";
  if (!ns.empty()) o.field_selector += ",involvedObject.namespace=" + ns;
  if (const auto uid = meta(object, "uid"); !uid.empty())
    o.field_selector += ",involvedObject.uid=" + uid;
  try {
    json::value list = kube::list(call.client, kube::builtin("events"), ns, o, call.ctx.cancel);
    if (auto* items = list.as_object().if_contains("items"); items && items->is_array())
      return std::move(items->get_array());
  } catch (const kube::ApiError&) {
    // Describing still works without events (e.g. no permission to list them).
  }
  return {};
}

}  // namespace

static Result run_describe(const json::object& args, Context& ctx) {
  std::string resource = arg_string(args, "resource");
  std::string name = arg_string(args, "name");
  if (const auto slash = resource.find('/'); slash != std::string::npos) {
    name = resource.substr(slash + 1);
    resource.resize(slash);
  }
  const std::string selector = arg_string(args, "selector");
  if (name.empty() && selector.empty())
    return Result::error(
        "k8s_describe needs a name or a selector; example: "
        "{\"resource\":\"pod\",\"name\":\"web-1\"} "
        "or {\"resource\":\"pods\",\"selector\":\"app=web\"}");
  auto answers = fan_out(ctx, args, [&](ClusterCall& call) {
    ClusterAnswer a;
    const auto r = call.client.discovery().resolve(resource, call.ctx.cancel);
    const std::string ns = r.namespaced ? call.namespace_ : "";
    std::vector<json::value> objects;
    std::size_t total = 0;
    if (!name.empty()) {
      objects.push_back(kube::get(call.client, r, ns, name, call.ctx.cancel));
      total = 1;
    } else {
      kube::ListOptions o;
      o.label_selector = selector;
      json::value list = kube::list(call.client, r, ns, o, call.ctx.cancel);
      for (auto& item : list.as_object().at("items").as_array()) {
        if (objects.size() < kMaxObjects) objects.push_back(std::move(item));
        ++total;
      }
      if (objects.empty()) {
        a.text = "No " + r.resource + " match '" + selector + "'" +
                 (r.namespaced ? " in namespace " + ns : "") + ".";
        return a;
      }
    }
    for (auto& o : objects) {
      if (!o.as_object().contains("kind")) o.as_object()["kind"] = r.kind;
      prepare_objects(o, call.cluster, r);
      const json::array events = events_for(call, o, r.namespaced);
      if (!a.text.empty()) a.text += "\n\n";
      a.text += render::describe({o.as_object(), events});
    }
    if (total > objects.size())
      a.text += "\n\n[" + std::to_string(total - objects.size()) + " more " + r.resource +
                " match; narrow the selector or describe them by name]";
    return a;
  });
  return combine(answers, ctx.fleet.registry().settings().output_budget,
                 "Describe fewer objects (a name or a narrower selector).");
}

Tool describe_tool() {
  return parts::record(
      {.name = "k8s_describe",
       .title = "Describe resources",
       .description =
           "Describe objects like `kubectl describe`: state, conditions, containers, related "
           "details and the events about each object (Secrets show keys and sizes only). Name one "
           "object, or use a selector for several. "
           "Example: {\"resource\": \"pod\", \"name\": \"api-5d9c-x2kq\", \"namespace\": "
           "\"shop\"}.",
       .schema = parts::object_schema(
           {R"("resource": {"type": "string", "minLength": 1, "description": "Resource type, e.g. pod, deployment, node, or type/name."})",
            R"("name": {"type": "string", "description": "Object name."})",
            R"("selector": {"type": "string", "description": "Label selector instead of a name (at most 20 objects)."})",
            parts::kNamespace, parts::kClusterMany}),
       .required = R"(["resource"])"},
      run_describe);
}

}  // namespace kubemcp::tools
