// k8s_get: any resource, as a kubectl-style table (server-side printing), wide, yaml, json
// or names; one cluster or several merged with a CLUSTER column; always within the budget,
// with a `continue` cursor that resumes exactly after the last object shown (get_page.hpp).
#include <boost/json.hpp>
#include <sstream>

#include "fleet/fleet.hpp"
#include "kube/discovery.hpp"
#include "kube/verbs.hpp"
#include "net/json_access.hpp"
#include "render/kube_table.hpp"
#include "tools/basic/get_page.hpp"
#include "tools/basic/toolset.hpp"
#include "tools/framework/args.hpp"
#include "tools/framework/fanout.hpp"
#include "tools/framework/present.hpp"
#include "tools/framework/schema_parts.hpp"

namespace kubemcp::tools {
namespace json = boost::json;
namespace {

using get::Format;
using get::Page;
using get::Part;

constexpr std::int64_t kDefaultPage = 500;

struct GetRequest {
  std::vector<std::string> resources;  // "pods", "deploy", "all"
  std::string name;
  Format format = Format::table;
  kube::ListOptions list;             // selectors and page size
  std::optional<get::Cursor> cursor;  // resuming a cut answer
};

Format format_of(const std::string& output) {
  static const std::pair<const char*, Format> kFormats[] = {{"table", Format::table},
                                                            {"wide", Format::wide},
                                                            {"yaml", Format::yaml},
                                                            {"json", Format::json},
                                                            {"name", Format::name}};
  for (const auto& [text, f] : kFormats)
    if (output == text) return f;
  throw std::invalid_argument("output must be table, wide, yaml, json or name; got '" + output +
                              "'");
}

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
  g.format = format_of(arg_string(args, "output", "table"));
  g.list.label_selector = arg_string(args, "selector");
  g.list.field_selector = arg_string(args, "field_selector");
  g.list.limit = arg_int(args, "limit").value_or(kDefaultPage);
  if (const auto c = arg_string(args, "continue"); !c.empty()) {
    if (!g.name.empty())
      throw std::invalid_argument("`continue` resumes a list; drop it when reading one object");
    g.cursor = get::decode_cursor(c);
  }
  return g;
}

std::string kind_prefix(const kube::ResourceInfo& r) {
  std::string k = r.kind;
  for (auto& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r.group.empty() ? k : k + "." + r.group;
}

void read_list_meta(const json::object& list, Part& p) {
  const auto* md = net::obj_at(list, "metadata");
  if (!md) return;
  p.next = net::str_at(*md, "continue");
  p.remaining = net::int_at(*md, "remainingItemCount", -1);
}

// Reads one page of one resource type from `from`; the objects before from.offset were shown
// by the call that made the cursor, so they are read (the page is the same) and dropped.
Part fetch(ClusterCall& call, const GetRequest& g, const kube::ResourceInfo& r,
           const get::Position& from) {
  Part p;
  p.resource = r.group_resource();
  p.kind_prefix = kind_prefix(r);
  p.read = from;
  p.single = !g.name.empty();
  const std::string ns = r.namespaced ? call.namespace_ : "";
  kube::ListOptions o = g.list;
  o.continue_token = from.token;
  o.limit += from.offset;  // the page resumed holds `limit` objects after those shown
  const auto skip = static_cast<std::size_t>(from.offset);
  if (g.format == Format::table || g.format == Format::wide) {
    json::value t = kube::get_table(call.client, r, ns, g.name, o, kube::IncludeObject::Metadata,
                                    call.ctx.cancel);
    auto view = render::table_view(
        t.as_object(), {.wide = g.format == Format::wide,
                        .with_namespace = call.all_namespaces && r.namespaced && g.name.empty()});
    p.headers = std::move(view.headers);
    p.rows.assign(std::make_move_iterator(view.rows.begin() + std::min(skip, view.rows.size())),
                  std::make_move_iterator(view.rows.end()));
    read_list_meta(t.as_object(), p);
    return p;
  }
  if (p.single) {
    p.items.push_back(kube::get(call.client, r, ns, g.name, call.ctx.cancel));
    prepare_objects(p.items.front(), call.cluster, r);
    return p;
  }
  json::value list = kube::list(call.client, r, ns, o, call.ctx.cancel);
  prepare_objects(list, call.cluster, r);
  auto& object = list.as_object();
  read_list_meta(object, p);
  if (auto* items = object.if_contains("items"); items && items->is_array()) {
    auto& all = items->get_array();
    for (std::size_t k = skip; k < all.size(); ++k) p.items.push_back(std::move(all[k]));
  }
  object.erase("items");
  // The cursor replaces the server's paging fields.
  if (auto* md = object.if_contains("metadata"); md && md->is_object()) {
    md->get_object().erase("continue");
    md->get_object().erase("remainingItemCount");
  }
  p.list = std::move(object);
  return p;
}

Page read_cluster(ClusterCall& call, const GetRequest& g) {
  Page page;
  page.namespace_ = call.namespace_;
  const std::map<std::string, get::Position>* resume = nullptr;
  if (g.cursor) {
    const auto it = g.cursor->find(call.cluster.name);
    if (it == g.cursor->end()) return page;  // nothing left here
    resume = &it->second;
  }
  std::vector<kube::ResourceInfo> resources;
  for (const auto& name : g.resources)
    for (auto& r : call.client.discovery().resolve_many(name, call.ctx.cancel))
      resources.push_back(std::move(r));
  for (const auto& r : resources) {
    get::Position from;
    if (resume) {
      const auto it = resume->find(r.group_resource());
      if (it == resume->end()) continue;  // this type was shown to its end
      from = it->second;
    }
    page.parts.push_back(fetch(call, g, r, from));
  }
  if (resume)
    for (const auto& entry : *resume) {
      const auto& resource = entry.first;  // not a structured binding: clang 14 cannot capture one
      if (std::none_of(page.parts.begin(), page.parts.end(),
                       [&](const Part& p) { return p.resource == resource; }))
        throw std::invalid_argument("`continue` names " + resource +
                                    ", which this call's resource does not list; call with the "
                                    "resource of the call that gave it");
    }
  return page;
}

// A cursor is for the clusters of the call that made it.
std::string check_cursor_clusters(const get::Cursor& cursor,
                                  const std::vector<const fleet::ClusterConfig*>& clusters) {
  for (const auto& entry : cursor) {
    const auto& name = entry.first;  // not a structured binding: clang 14 cannot capture one
    if (std::none_of(clusters.begin(), clusters.end(),
                     [&](const auto* c) { return c->name == name; }))
      return "`continue` was given for cluster '" + name +
             "', which this call does not read; call with the same `cluster` as the call that "
             "gave it";
  }
  return {};
}

}  // namespace

static Result run_get(const json::object& args, Context& ctx) {
  GetRequest g;
  try {
    g = parse(args);
    if (g.cursor)
      if (auto e = check_cursor_clusters(
              *g.cursor, ctx.fleet.registry().resolve_many(args.if_contains("cluster")));
          !e.empty())
        throw std::invalid_argument(e);
  } catch (const std::invalid_argument& e) {
    return Result::error(e.what());
  }
  const auto answers = fan_out_as<Page>(
      ctx, args,
      std::function<Page(ClusterCall&)>([&](ClusterCall& call) { return read_cluster(call, g); }));
  const auto fitted = get::fit_pages(
      answers, {.format = g.format,
                .with_namespace = namespace_scope(args).all,
                .selectors = !g.list.label_selector.empty() || !g.list.field_selector.empty(),
                .budget = ctx.fleet.registry().settings().output_budget});
  Result r = Result::ok(fitted.text + (fitted.note.empty() ? "" : fitted.note + "\n"));
  for (const auto& a : answers) r.text += heal_note(a.cluster->name, a.healed, answers.size() > 1);
  r.is_error = std::all_of(answers.begin(), answers.end(), [](const auto& a) { return a.failed; });
  r.cut = fitted.cut;
  r.cut_note = fitted.note;
  if (g.format == Format::json && !r.is_error) {
    // The text is this JSON (per cluster, plus the note), so old clients lose nothing.
    r.text_is_structured = true;
    json::object s;
    s[answers.size() == 1 && !answers[0].failed ? "result" : "clusters"] = fitted.json;
    if (!fitted.cursor.empty()) s["continue"] = fitted.cursor;
    r.structured = std::move(s);
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
           "`pods/NAME`). The output is a table (default, the server's columns), wide, yaml, json "
           "(also as structured content) or name. Secret values are masked. Lists are paged "
           "(limit, "
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
