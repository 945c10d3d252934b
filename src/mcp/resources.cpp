#include "mcp/resources.hpp"

#include <boost/json.hpp>
#include <vector>

#include "fleet/fleet.hpp"
#include "kube/discovery.hpp"
#include "kube/url.hpp"
#include "kube/verbs.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/rpc_fault.hpp"
#include "render/budget.hpp"
#include "render/yaml.hpp"
#include "tools/framework/present.hpp"
#include "tools/basic/toolset.hpp"

namespace kubemcp::mcp {
namespace json = boost::json;
namespace {

constexpr std::string_view kScheme = "k8s://";
constexpr const char* kForms =
    "use k8s://clusters, k8s://CLUSTER/NAMESPACE/RESOURCE/NAME (e.g. "
    "k8s://stage/shop/deployments/web) "
    "or k8s://CLUSTER/RESOURCE/NAME for cluster-scoped objects (e.g. k8s://stage/nodes/node-1)";

[[noreturn]] void bad(std::string_view uri, const std::string& why) {
  throw RpcFault(code::invalid_params, "invalid resource URI '" + std::string(uri) + "': " + why);
}

std::vector<std::string> segments(std::string_view uri, std::string_view rest) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto slash = rest.find('/', start);
    const auto part =
        rest.substr(start, slash == std::string_view::npos ? rest.npos : slash - start);
    if (part.empty()) bad(uri, "an empty segment; " + std::string(kForms));
    out.emplace_back(part);
    if (slash == std::string_view::npos) return out;
    start = slash + 1;
  }
}

void check(std::string_view uri, const std::string& what, const std::string& why) {
  if (!why.empty()) bad(uri, what + ": " + why);
}

// A cluster-side failure as the tools phrase it, as a JSON-RPC error.
[[noreturn]] void cluster_failure(std::string_view uri, const fleet::ClusterConfig& cluster) {
  const auto error = std::current_exception();
  try {
    std::rethrow_exception(error);
  } catch (const kube::ApiError& e) {
    if (e.not_found())
      throw RpcFault(code::resource_not_found,
                     "Resource not found: " + std::string(uri) + " (" + e.message() + ")");
  } catch (const kube::MappingError&) {
    throw RpcFault(code::invalid_params,
                   std::string(uri) + ": " + tools::phrase_error(error, cluster.name));
  } catch (...) {
  }
  throw RpcFault(code::internal_error,
                 std::string(uri) + ": " + tools::phrase_error(error, cluster.name));
}

std::string uri_of(const json::object& params) {
  const auto* uri = params.if_contains("uri");
  if (!uri || !uri->is_string())
    throw RpcFault(code::invalid_params, "params.uri must be a string");
  return std::string(uri->get_string());
}

void refuse_cursor(const json::object& params) {
  if (params.contains("cursor"))
    throw RpcFault(code::invalid_params, "invalid cursor: this list has a single page");
}

json::object read_fleet(fleet::Fleet& fleet, const net::CancelPtr& cancel) {
  // k8s_clusters without its live probe: names, aliases, access, default, context, server
  // (without userinfo), namespace and kubeconfig path — never a credential.
  tools::Context ctx{fleet, cancel, {}, {}};
  tools::Result r = tools::run_clusters(json::object{{"probe", false}}, ctx);
  json::object fleet_json = r.structured ? r.structured->as_object() : json::object{};
  fleet_json["config"] = fleet.registry().source();
  return json::object{{"uri", kClustersUri},
                      {"mimeType", "application/json"},
                      {"text", json::serialize(fleet_json)}};
}

}  // namespace

std::string ResolvedObject::key() const {
  return cluster->name + "/" + resource.group_resource() + "/" + namespace_ + "/" + name;
}

ResourceUri parse_resource_uri(std::string_view uri) {
  if (!uri.starts_with(kScheme)) bad(uri, "it must start with k8s://; " + std::string(kForms));
  if (uri.find_first_of("?#") != std::string_view::npos)
    bad(uri, "queries and fragments are not part of kubemcp URIs; " + std::string(kForms));
  ResourceUri u;
  if (uri == kClustersUri) {
    u.fleet = true;
    return u;
  }
  const auto parts = segments(uri, uri.substr(kScheme.size()));
  if (parts.size() != 3 && parts.size() != 4)
    bad(uri, std::to_string(parts.size()) + " segments; " + std::string(kForms));
  u.cluster = parts[0];
  u.resource = parts[parts.size() - 2];
  u.name = parts.back();
  if (parts.size() == 4) u.namespace_ = parts[1];
  if (parts.size() == 4)
    check(uri, "namespace '" + u.namespace_ + "'", kube::check_namespace(u.namespace_));
  check(uri, "resource type '" + u.resource + "'", kube::check_name(u.resource));
  check(uri, "name '" + u.name + "'", kube::check_name(u.name));
  return u;
}

ResolvedObject resolve_object(fleet::Fleet& fleet, const ResourceUri& uri,
                              const net::CancelPtr& cancel) {
  const std::string text = "k8s://" + uri.cluster + "/" +
                           (uri.namespace_.empty() ? "" : uri.namespace_ + "/") + uri.resource +
                           "/" + uri.name;
  ResolvedObject o;
  try {
    o.cluster = &fleet.registry().resolve(uri.cluster);
  } catch (const fleet::UnknownCluster& e) {
    bad(text, e.what());
  }
  try {
    o.resource = fleet.call(
        *o.cluster, [&](kube::Client& c) { return c.discovery().resolve(uri.resource, cancel); },
        nullptr);
  } catch (...) {
    cluster_failure(text, *o.cluster);
  }
  const auto& r = o.resource;
  if (r.namespaced && uri.namespace_.empty())
    bad(text, r.group_resource() + " are namespaced: use k8s://" + uri.cluster + "/NAMESPACE/" +
                  uri.resource + "/" + uri.name);
  if (!r.namespaced && !uri.namespace_.empty())
    bad(text, r.group_resource() + " are cluster-scoped: use k8s://" + uri.cluster + "/" +
                  uri.resource + "/" + uri.name);
  if (!r.verbs.empty() && !r.has_verb("get"))
    bad(text, r.group_resource() + " cannot be read with get");
  o.namespace_ = uri.namespace_;
  o.name = uri.name;
  return o;
}

json::object list_resources(const json::object& params) {
  refuse_cursor(params);
  return json::object{
      {"resources",
       json::array{json::object{
           {"uri", kClustersUri},
           {"name", "clusters"},
           {"title", "Kubernetes clusters"},
           {"description",
            "The configured clusters: names, aliases, access (read-only or read-write), the "
            "default, context, API server, default namespace and kubeconfig path. No "
            "credentials. The k8s_clusters tool adds a live probe."},
           {"mimeType", "application/json"}}}}};
}

json::object list_resource_templates(const json::object& params) {
  refuse_cursor(params);
  const auto templ = [](const char* uri, const char* name, const char* title,
                        const char* description) {
    return json::object{{"uriTemplate", uri},
                        {"name", name},
                        {"title", title},
                        {"description", description},
                        {"mimeType", "application/yaml"}};
  };
  return json::object{
      {"resourceTemplates",
       json::array{
           templ(kNamespacedTemplate, "object", "Kubernetes object",
                 "One namespaced object as YAML, as k8s_get prints it (managedFields dropped, "
                 "Secret values masked). resource is any type kubectl accepts (pods, deploy, "
                 "deployments.apps, a CRD's plural). Example: k8s://stage/shop/deployments/web. "
                 "Subscribe to be notified when it changes."),
           templ(kClusterScopedTemplate, "cluster-object", "Cluster-scoped Kubernetes object",
                 "One cluster-scoped object (node, namespace, CRD, ClusterRole...) as YAML. "
                 "Example: k8s://stage/nodes/node-1.")}}};
}

json::object read_resource(const json::object& params, fleet::Fleet& fleet,
                           const net::CancelPtr& cancel) {
  const std::string text = uri_of(params);
  const ResourceUri uri = parse_resource_uri(text);
  if (uri.fleet) return json::object{{"contents", json::array{read_fleet(fleet, cancel)}}};
  const ResolvedObject o = resolve_object(fleet, uri, cancel);
  json::value object;
  try {
    object = fleet.call(
        *o.cluster,
        [&](kube::Client& c) { return kube::get(c, o.resource, o.namespace_, o.name, cancel); },
        nullptr);
  } catch (...) {
    cluster_failure(text, *o.cluster);
  }
  tools::prepare_objects(object, *o.cluster, o.resource);
  const auto fitted =
      render::fit_to_budget(render::to_yaml(object), fleet.registry().settings().output_budget,
                            "Read single fields with k8s_get (output json) or k8s_describe.");
  return json::object{
      {"contents", json::array{json::object{
                       {"uri", text}, {"mimeType", "application/yaml"}, {"text", fitted.text}}}}};
}

}  // namespace kubemcp::mcp
