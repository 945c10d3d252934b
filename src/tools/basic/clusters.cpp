// k8s_clusters: the configured clusters, probed concurrently with a short timeout for
// reachability, server version, latency and the identity the credentials stand for.
#include <algorithm>
#include <boost/json.hpp>
#include <chrono>

#include "fleet/audit.hpp"
#include "fleet/fleet.hpp"
#include "kube/kubeconfig.hpp"
#include "kube/probe.hpp"
#include "kube/rest_client.hpp"
#include "kube/url.hpp"
#include "render/age.hpp"
#include "render/text_table.hpp"
#include "tools/basic/toolset.hpp"
#include "tools/framework/args.hpp"
#include "tools/framework/fanout.hpp"
#include "tools/framework/present.hpp"
#include "tools/framework/schema_parts.hpp"

namespace kubemcp::tools {
namespace json = boost::json;
namespace {

constexpr std::chrono::seconds kProbeTimeout{3};

struct Facts {
  std::string context, server, namespace_;
  std::string status = "-";  // ok | unreachable | unauthorized | kubeconfig error | error
  std::string version, identity, latency, error;
  std::vector<std::string> groups;
  std::string identity_source;  // "server" (SelfSubjectReview) or "kubeconfig" (the fallback)
  std::string identity_note;    // why the kubeconfig's user is shown instead
};

void read_kubeconfig(const fleet::ClusterConfig& c, Facts& f) {
  try {
    const auto ctx = fleet::resolved_context(c);
    f.context = ctx.context_name;
    f.server = kube::without_userinfo(ctx.cluster.server);  // userinfo is a credential
    f.namespace_ = !c.namespace_.empty()     ? c.namespace_
                   : !ctx.namespace_.empty() ? ctx.namespace_
                                             : "default";
  } catch (const std::exception& e) {
    f.context = c.context;
    f.namespace_ = c.namespace_.empty() ? "default" : c.namespace_;
    f.status = "kubeconfig error";
    f.error = e.what();
  }
}

void probe(Context& ctx, const fleet::ClusterConfig& c, Facts& f) {
  try {
    auto client = ctx.fleet.client(c);
    const auto p = kube::probe_server(*client, kProbeTimeout, ctx.cancel);
    f.latency = std::to_string(p.latency.count()) + "ms";
    f.version = p.version;
    f.identity = p.identity;
    f.groups = p.groups;
    f.identity_source = "server";
    ctx.fleet.remember_identity(c, p.identity);  // the audit log need not ask again
    if (f.identity.empty()) {
      // The server would not say (404: not served, 403: not allowed): the kubeconfig's user
      // is the best we know, and the answer says where it came from.
      f.identity = fleet::kubeconfig_identity(c);
      f.identity_source = f.identity.empty() ? "" : "kubeconfig";
      f.identity_note = p.identity_problem;
    }
    f.status = "ok";
  } catch (const kube::AuthError& e) {
    f.status = "unauthorized";
    f.error = e.what();
  } catch (const kube::NetworkError& e) {
    f.status = "unreachable";
    f.error = e.what();
  } catch (const kube::ConfigError& e) {
    f.status = "kubeconfig error";
    f.error = e.what();
  } catch (const std::exception& e) {
    f.status = "error";
    f.error = e.what();
  }
}

// The kubeconfig path, or for the pod's own service account where its files are mounted.
std::string credentials_source(const fleet::ClusterConfig& c) {
  if (!c.service_account_dir.empty()) return "in-cluster:" + c.service_account_dir;
  return c.kubeconfig;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += ",";
    out += s;
  }
  return out;
}

}  // namespace

Result run_clusters(const json::object& args, Context& ctx) {
  const auto& registry = ctx.fleet.registry();
  // No argument means every cluster: no default cluster is needed to list them.
  const auto* arg = args.if_contains("cluster");
  const bool all = !arg || arg->is_null();
  const auto selected =
      all ? std::vector<const fleet::ClusterConfig*>{} : registry.resolve_many(arg);
  std::vector<const fleet::ClusterConfig*> clusters;
  for (const auto& c : registry.clusters())
    if (all || std::find(selected.begin(), selected.end(), &c) != selected.end())
      clusters.push_back(&c);
  const bool do_probe = arg_bool(args, "probe", true);
  std::vector<Facts> facts(clusters.size());
  std::vector<std::function<void()>> jobs;
  for (std::size_t i = 0; i < clusters.size(); ++i)
    jobs.emplace_back([&, i] {
      read_kubeconfig(*clusters[i], facts[i]);
      if (do_probe && facts[i].error.empty()) probe(ctx, *clusters[i], facts[i]);
    });
  run_parallel(ctx, jobs);

  const auto* def = registry.default_cluster();
  render::TextTable table({"NAME", "ALIASES", "ACCESS", "DEFAULT", "STATUS", "VERSION", "IDENTITY",
                           "CONTEXT", "SERVER", "NAMESPACE", "KUBECONFIG"});
  json::array items;
  std::string problems, heals, identity_notes;
  const auto now = std::chrono::system_clock::now();
  for (std::size_t i = 0; i < clusters.size(); ++i) {
    const auto& c = *clusters[i];
    const auto& f = facts[i];
    const std::string status = f.status == "ok" ? "ok " + f.latency : f.status;
    // A protected cluster asks the user before every change: said where access is.
    const std::string access = fleet::to_string(c.access) + (c.protected_ ? ",protected" : "");
    table.add_row({c.name, c.aliases.empty() ? "-" : join(c.aliases), access, def == &c ? "*" : "",
                   status, f.version.empty() ? "-" : f.version,
                   f.identity.empty()                  ? "-"
                   : f.identity_source == "kubeconfig" ? f.identity + " (kubeconfig)"
                                                       : f.identity,
                   f.context.empty() ? "-" : f.context, f.server.empty() ? "-" : f.server,
                   f.namespace_, credentials_source(c)});
    if (!f.error.empty()) problems += "- " + c.name + ": " + f.error + "\n";
    if (!f.identity_note.empty())
      identity_notes +=
          "- " + c.name + ": " + f.identity_note +
          (f.identity_source == "kubeconfig" ? "; IDENTITY is the kubeconfig's user" : "") + "\n";
    json::object item{{"name", c.name},
                      {"aliases", json::value_from(c.aliases)},
                      {"access", fleet::to_string(c.access)},
                      {"protected", c.protected_},
                      {"default", def == &c},
                      {"status", f.status},
                      {"version", f.version},
                      {"identity", f.identity},
                      {"identity_source", f.identity_source},
                      {"groups", json::value_from(f.groups)},
                      {"latency", f.latency},
                      {"context", f.context},
                      {"server", f.server},
                      {"namespace", f.namespace_},
                      {"kubeconfig", credentials_source(c)}};
    if (!f.error.empty()) item["error"] = f.error;
    if (!f.identity_note.empty()) item["identity_note"] = f.identity_note;
    if (const auto h = ctx.fleet.healer().last(c.name)) {
      const std::string when =
          render::human_duration(std::chrono::duration_cast<std::chrono::seconds>(now - h->at));
      heals += "- " + c.name + ": " + fleet::to_string(h->kind) + " with '" + h->command + "' " +
               h->detail + ", " + when + " ago\n";
      item["last_heal"] = json::object{{"kind", fleet::to_string(h->kind)},
                                       {"command", h->command},
                                       {"ok", h->ok},
                                       {"detail", h->detail},
                                       {"ago", when}};
    }
    items.push_back(std::move(item));
  }
  std::string text = table.str();
  if (!problems.empty()) text += "\nProblems:\n" + problems;
  if (!identity_notes.empty()) text += "\nIdentity not confirmed by the server:\n" + identity_notes;
  if (!heals.empty()) text += "\nLast auto-heal:\n" + heals;
  text += "\nConfig: " + registry.source() + "\n";
  Result r = Result::ok(std::move(text));
  r.structured = json::object{{"clusters", std::move(items)}};
  return r;
}

Tool clusters_tool() {
  Tool t = parts::record(
      {.name = "k8s_clusters",
       .title = "List clusters",
       .description =
           "List the configured Kubernetes clusters with aliases, access (read-only or "
           "read-write; protected: changes are confirmed by the user), the default, and a live "
           "probe of each: reachability and latency, server "
           "version, the identity the credentials stand for, context, API server and default "
           "namespace, plus the last auto-heal. Call it first. "
           "Example: {} or {\"cluster\": \"prod\", \"probe\": false}.",
       .schema = parts::object_schema(
           {parts::kClusterMany,
            R"("probe": {"type": "boolean", "description": "Contact each cluster (default true)."})"})},
      run_clusters);
  // It reads kubemcp's own configuration; the probes only confirm what it says.
  t.annotations.open_world = false;
  t.output_schema = schema(R"({"type": "object", "required": ["clusters"],
      "properties": {"clusters": {"type": "array", "items": {"type": "object"}}}})");
  return t;
}

}  // namespace kubemcp::tools
