// Basic tier: read tools. Each tool is one record beside its handler.
#include <algorithm>
#include <boost/json.hpp>

#include "fleet/fleet.hpp"
#include "kube/kubeconfig.hpp"
#include "render/text_table.hpp"
#include "tools/tiers.hpp"

namespace kubemcp::tools {
namespace json = boost::json;
namespace {

// What the config and the kubeconfig say about one cluster; never a credential.
struct ClusterFacts {
  std::string context;
  std::string server;
  std::string namespace_;
  std::string error;
};

ClusterFacts read_facts(const fleet::ClusterConfig& c) {
  ClusterFacts f;
  try {
    const auto kc = kube::load_kubeconfig_file(c.kubeconfig);
    const auto ctx = kube::resolve_context(kc, c.context);
    f.context = ctx.context_name;
    f.server = ctx.cluster.server;
    f.namespace_ = !c.namespace_.empty()     ? c.namespace_
                   : !ctx.namespace_.empty() ? ctx.namespace_
                                             : "default";
  } catch (const std::exception& e) {
    f.context = c.context;
    f.namespace_ = c.namespace_.empty() ? "default" : c.namespace_;
    f.error = e.what();
  }
  return f;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

Result clusters_handler(const json::object& args, Context& ctx) {
  const auto selected = ctx.fleet.registry().resolve_many(
      args.if_contains("cluster") ? args.if_contains("cluster") : nullptr);
  const bool all = !args.if_contains("cluster");
  const auto* def = ctx.fleet.registry().default_cluster();
  render::TextTable table(
      {"NAME", "ALIASES", "ACCESS", "DEFAULT", "CONTEXT", "SERVER", "NAMESPACE", "KUBECONFIG"});
  json::array items;
  std::string problems;
  for (const auto& c : ctx.fleet.registry().clusters()) {
    if (!all && std::find(selected.begin(), selected.end(), &c) == selected.end()) continue;
    const ClusterFacts f = read_facts(c);
    const bool is_default = def == &c;
    table.add_row({c.name, c.aliases.empty() ? "-" : join(c.aliases, ","),
                   fleet::to_string(c.access), is_default ? "*" : "",
                   f.context.empty() ? "-" : f.context, f.error.empty() ? f.server : "(unreadable)",
                   f.namespace_, c.kubeconfig});
    if (!f.error.empty()) problems += "- " + c.name + ": " + f.error + "\n";
    json::array aliases;
    for (const auto& a : c.aliases) aliases.emplace_back(a);
    json::object item{{"name", c.name},
                      {"aliases", std::move(aliases)},
                      {"access", fleet::to_string(c.access)},
                      {"default", is_default},
                      {"context", f.context},
                      {"server", f.server},
                      {"namespace", f.namespace_},
                      {"kubeconfig", c.kubeconfig}};
    if (!f.error.empty()) item["error"] = f.error;
    items.push_back(std::move(item));
  }
  std::string text = table.str();
  if (!problems.empty()) text += "\nKubeconfig problems:\n" + problems;
  text += "\nConfig: " + ctx.fleet.registry().source() + "\n";
  Result r = Result::ok(std::move(text));
  r.structured = json::object{{"clusters", std::move(items)}};
  return r;
}

}  // namespace

std::vector<Tool> basic_tools() {
  std::vector<Tool> tools;
  tools.push_back(Tool{
      .name = "k8s_clusters",
      .title = "List configured clusters",
      .description =
          "List the Kubernetes clusters kubemcp is configured for: name, aliases, access "
          "(read-only or read-write), whether it is the default, kubeconfig context, API server "
          "URL and default namespace. Use the name or an alias as the `cluster` argument of "
          "other tools. Example: {} or {\"cluster\": \"prod\"}.",
      .input_schema = schema(R"({
        "type": "object",
        "properties": {
          "cluster": {
            "type": ["string", "array"], "items": {"type": "string"},
            "description": "Only these clusters: a name, an alias, \"all\", or a list. Default: all."
          }
        },
        "additionalProperties": false
      })"),
      .output_schema = schema(R"({
        "type": "object",
        "properties": {"clusters": {"type": "array", "items": {"type": "object"}}},
        "required": ["clusters"]
      })"),
      .annotations =
          {.read_only = true, .destructive = false, .idempotent = true, .open_world = false},
      .tier = Tier::basic,
      .handler = clusters_handler,
  });
  return tools;
}

}  // namespace kubemcp::tools
