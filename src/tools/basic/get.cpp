// k8s_get: any resource, as a kubectl-style table (server-side printing), wide, yaml, json
// or names; one cluster or several merged with a CLUSTER column; always within the budget.
#include <boost/json.hpp>
#include <sstream>

#include "fleet/fleet.hpp"
#include "kube/discovery.hpp"
#include "kube/verbs.hpp"
#include "render/budget.hpp"
#include "render/kube_table.hpp"
#include "render/text_table.hpp"
#include "render/yaml.hpp"
#include "tools/basic/toolset.hpp"
#include "tools/framework/args.hpp"
#include "tools/framework/fanout.hpp"
#include "tools/framework/present.hpp"
#include "tools/framework/schema_parts.hpp"

namespace kubemcp::tools {
namespace json = boost::json;
namespace {

constexpr std::int64_t kDefaultPage = 500;

struct GetRequest {
  std::vector<std::string> resources;  // "pods", "deploy", "all"
  std::string name;
  std::string output = "table";
  bool all_namespaces = false;
  kube::ListOptions list;
};

GetRequest parse(const json::object& args) {
  GetRequest g;
  std::string resource = arg_string(args, "resource");
  g.name = arg_string(args, "name");
  // kubectl's "pods/web-1" form.
  if (const auto slash = resource.find('/'); slash != std::string::npos) {
    if (!g.name.empty() && g.name != resource.substr(slash + 1))
      throw std::invalid_argument("resource '" + resource +
                                  "' already names an object; drop `name` or the '/NAME' part");
    g.name = resource.substr(slash + 1);
    resource.resize(slash);
  }
  std::stringstream ss(resource);
  for (std::string r; std::getline(ss, r, ',');)
    if (!r.empty()) g.resources.push_back(r);
  if (g.resources.empty()) throw std::invalid_argument("resource is empty; example: resource=pods");
  if (!g.name.empty() && g.resources.size() > 1)
    throw std::invalid_argument("a name goes with one resource type, not '" + resource + "'");
  g.output = arg_string(args, "output", "table");
  g.all_namespaces = arg_bool(args, "all_namespaces");
  g.list.label_selector = arg_string(args, "selector");
  g.list.field_selector = arg_string(args, "field_selector");
  g.list.limit = arg_int(args, "limit").value_or(kDefaultPage);
  g.list.continue_token = arg_string(args, "continue");
  return g;
}

std::string kind_prefix(const kube::ResourceInfo& r) {
  std::string k = r.kind;
  for (auto& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r.group.empty() ? k : k + "." + r.group;
}

// What one cluster answered for one resource type.
struct Part {
  kube::ResourceInfo resource;
  render::TableView table;  // table/wide
  json::value objects;      // yaml/json/name: one object or a List
  std::string next;         // continue token
  std::int64_t remaining = -1;
};

Part fetch(ClusterCall& call, const GetRequest& g, const kube::ResourceInfo& r) {
  Part p;
  p.resource = r;
  const std::string ns = r.namespaced && !g.all_namespaces ? call.namespace_ : "";
  if (g.output == "table" || g.output == "wide") {
    json::value t = kube::get_table(call.client, r, ns, g.name, g.list,
                                    kube::IncludeObject::Metadata, call.ctx.cancel);
    p.table = render::table_view(
        t.as_object(), {.wide = g.output == "wide",
                        .with_namespace = g.all_namespaces && r.namespaced && g.name.empty()});
    if (const auto* md = t.as_object().if_contains("metadata"); md && md->is_object()) {
      if (const auto* c = md->get_object().if_contains("continue"); c && c->is_string())
        p.next = std::string(c->get_string());
      if (const auto* n = md->get_object().if_contains("remainingItemCount"); n && n->is_number())
        p.remaining = n->to_number<std::int64_t>();
    }
    return p;
  }
  p.objects = g.name.empty() ? kube::list(call.client, r, ns, g.list, call.ctx.cancel)
                             : kube::get(call.client, r, ns, g.name, call.ctx.cancel);
  prepare_objects(p.objects, call.cluster, r);
  if (const auto* md = p.objects.as_object().if_contains("metadata");
      md && md->is_object() && g.name.empty()) {
    if (const auto* c = md->get_object().if_contains("continue"); c && c->is_string())
      p.next = std::string(c->get_string());
    if (const auto* n = md->get_object().if_contains("remainingItemCount"); n && n->is_number())
      p.remaining = n->to_number<std::int64_t>();
  }
  return p;
}

std::string names_of(const Part& p) {
  std::string out;
  const auto add = [&](const json::value& o) {
    if (const auto* md = o.as_object().if_contains("metadata"))
      if (const auto* n = md->as_object().if_contains("name"); n && n->is_string())
        out += kind_prefix(p.resource) + "/" + std::string(n->get_string()) + "\n";
  };
  if (const auto* items = p.objects.as_object().if_contains("items"); items && items->is_array())
    for (const auto& o : items->get_array()) add(o);
  else
    add(p.objects);
  return out;
}

std::string more_hint(const Part& p, const json::object& args) {
  if (p.next.empty()) return {};
  std::string s = "More " + p.resource.resource + " remain";
  if (p.remaining >= 0) s += " (" + std::to_string(p.remaining) + " more)";
  s += ": call again with continue=\"" + p.next + "\"";
  if (!args.contains("limit")) s += " (same arguments)";
  return s + ", or narrow with selector / field_selector.";
}

ClusterAnswer answer_for(ClusterCall& call, const GetRequest& g, const json::object& args) {
  ClusterAnswer a;
  auto& discovery = call.client.discovery();
  std::vector<kube::ResourceInfo> resources;
  for (const auto& name : g.resources)
    for (auto& r : discovery.resolve_many(name, call.ctx.cancel)) resources.push_back(std::move(r));
  std::vector<Part> parts;
  for (const auto& r : resources) parts.push_back(fetch(call, g, r));

  const bool table = g.output == "table" || g.output == "wide";
  json::array tables;
  std::string text;
  for (const auto& p : parts) {
    if (table) {
      json::array rows;
      for (const auto& r : p.table.rows) rows.push_back(json::value_from(r));
      tables.push_back(json::object{{"resource", p.resource.group_resource()},
                                    {"headers", json::value_from(p.table.headers)},
                                    {"rows", std::move(rows)},
                                    {"more", more_hint(p, args)}});
    } else if (g.output == "name") {
      text += names_of(p);
    } else if (g.output == "json") {
      text += json::serialize(p.objects) + "\n";
    } else {
      if (!text.empty()) text += "---\n";
      text += render::to_yaml(p.objects);
    }
    if (!table) {
      if (const auto hint = more_hint(p, args); !hint.empty()) text += hint + "\n";
    }
  }
  if (table) {
    a.data = std::move(tables);
  } else {
    a.text = std::move(text);
    if (g.output == "json")
      a.data = parts.size() == 1 ? parts.front().objects : json::value(json::array{});
  }
  if (g.output == "json" && parts.size() > 1) {
    json::array all;
    for (auto& p : parts) all.push_back(p.objects);
    a.data = std::move(all);
  }
  return a;
}

// Renders table answers: one cluster as kubectl would; several merged with CLUSTER first.
std::string render_tables(const std::vector<ClusterAnswer>& answers, const GetRequest& g,
                          const std::string& ns_label) {
  const bool multi = answers.size() > 1;
  std::string out;
  std::string hints;
  // Group by resource type, in the order the first successful cluster listed them.
  std::vector<std::string> order;
  for (const auto& a : answers)
    if (!a.failed)
      for (const auto& t : a.data.as_array()) {
        const std::string r(t.at("resource").as_string());
        if (std::find(order.begin(), order.end(), r) == order.end()) order.push_back(r);
      }
  for (const auto& resource : order) {
    std::vector<std::string> headers;
    std::vector<std::vector<std::string>> rows;
    for (const auto& a : answers) {
      if (a.failed) continue;
      for (const auto& t : a.data.as_array()) {
        if (t.at("resource").as_string() != resource) continue;
        if (headers.empty())
          for (const auto& h : t.at("headers").as_array()) headers.emplace_back(h.as_string());
        for (const auto& r : t.at("rows").as_array()) {
          std::vector<std::string> row;
          if (multi) row.push_back(a.cluster->name);
          for (const auto& c : r.as_array()) row.emplace_back(c.as_string());
          rows.push_back(std::move(row));
        }
        if (const auto& more = t.at("more").as_string(); !more.empty())
          hints += (multi ? a.cluster->name + ": " : "") + std::string(more) + "\n";
      }
    }
    if (rows.empty()) continue;
    if (multi) headers.insert(headers.begin(), "CLUSTER");
    render::TextTable table(headers);
    for (auto& r : rows) table.add_row(std::move(r));
    if (!out.empty()) out += "\n";
    if (order.size() > 1) out += "# " + resource + "\n";
    out += table.str();
  }
  for (const auto& a : answers)
    if (a.failed) out += (multi ? a.cluster->name + ": " : "") + a.text + "\n";
  if (out.empty() || std::all_of(answers.begin(), answers.end(), [](const ClusterAnswer& a) {
        if (a.failed) return true;
        for (const auto& t : a.data.as_array())
          if (!t.at("rows").as_array().empty()) return false;
        return true;
      })) {
    const bool any_ok = std::any_of(answers.begin(), answers.end(),
                                    [](const ClusterAnswer& a) { return !a.failed; });
    if (any_ok) {
      std::string none = g.all_namespaces || ns_label.empty()
                             ? "No resources found"
                             : "No resources found in " + ns_label + " namespace";
      out = none +
            (g.list.label_selector.empty() && g.list.field_selector.empty()
                 ? "."
                 : " matching the selectors.") +
            "\n" + out;
    }
  }
  return out + hints;
}

}  // namespace

static Result run_get(const json::object& args, Context& ctx) {
  GetRequest g;
  try {
    g = parse(args);
  } catch (const std::invalid_argument& e) {
    return Result::error(e.what());
  }
  auto answers = fan_out(ctx, args, [&](ClusterCall& call) { return answer_for(call, g, args); });
  const std::size_t budget = ctx.fleet.registry().settings().output_budget;
  std::string heals;
  for (const auto& a : answers)
    if (!a.healed.empty()) heals += "Auto-heal: " + a.healed + ".\n";
  const bool all_failed =
      std::all_of(answers.begin(), answers.end(), [](const ClusterAnswer& a) { return a.failed; });

  const std::string how =
      "Narrow with selector, field_selector, name or namespace, or page with a smaller limit and "
      "continue.";
  Result r;
  bool cut = false;
  if (g.output == "table" || g.output == "wide") {
    std::string ns_label = arg_string(args, "namespace");
    if (ns_label.empty() && answers.size() == 1 && !answers[0].failed)
      ns_label = !answers[0].cluster->namespace_.empty()
                     ? answers[0].cluster->namespace_
                     : ctx.fleet.default_namespace(*answers[0].cluster);
    const auto fitted = render::fit_to_budget(render_tables(answers, g, ns_label), budget, how);
    r.text = fitted.text + heals;
    cut = fitted.cut;
  } else {
    r = combine(answers, budget, how);  // fits each cluster's share and adds the heal notes
    cut = r.text.find("[cut: ") != std::string::npos;
  }
  r.is_error = all_failed;
  if (g.output == "json" && !cut) {
    r.text_is_structured = true;  // the text is the same JSON, per cluster
    if (answers.size() == 1 && !answers[0].failed) {
      r.structured = json::object{{"result", answers[0].data}};
    } else {
      json::object by_cluster;
      for (const auto& a : answers)
        by_cluster[a.cluster->name] =
            a.failed ? json::value(json::object{{"error", a.text}}) : a.data;
      r.structured = json::object{{"clusters", std::move(by_cluster)}};
    }
  }
  return r;
}

Tool get_tool() {
  return parts::record(
      {.name = "k8s_get",
       .title = "Get resources",
       .description =
           "Get Kubernetes resources like `kubectl get`: any type kubectl accepts (po, pods, "
           "deploy, deployments.apps, svc, a CRD's plural or kind, `all`, comma lists, "
           "`pods/NAME`). Output: table (default, the server's columns), wide, yaml, json (also as "
           "structured content) or name. Secret values are masked. Lists are paged (limit, "
           "continue) and cut to the output budget with a note on how to continue. "
           "Example: {\"resource\": \"pods\", \"namespace\": \"shop\", \"selector\": \"app=web\", "
           "\"cluster\": \"all\"}.",
       .schema = parts::object_schema(
           {R"("resource": {"type": "string", "minLength": 1, "description": "Resource type, e.g. pods, deploy, svc, pods/web-1."})",
            R"("name": {"type": "string", "description": "One object's name."})", parts::kNamespace,
            R"("all_namespaces": {"type": "boolean", "description": "List across all namespaces (adds a NAMESPACE column)."})",
            R"("selector": {"type": "string", "description": "Label selector, e.g. app=web,tier!=db or env in (prod,stage)."})",
            R"("field_selector": {"type": "string", "description": "Field selector, e.g. status.phase=Running or spec.nodeName=node-1."})",
            R"("output": {"type": "string", "enum": ["table", "wide", "yaml", "json", "name"], "description": "Output format (default table)."})",
            R"("limit": {"type": "integer", "minimum": 1, "maximum": 5000, "description": "Page size (default 500)."})",
            R"("continue": {"type": "string", "description": "The continue token a previous cut result gave."})",
            parts::kClusterMany}),
       .required = R"(["resource"])"},
      run_get);
}

}  // namespace kubemcp::tools
