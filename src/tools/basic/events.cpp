// k8s_get_events: events of a namespace, of every namespace or of one object, filtered by
// type and age, repeats folded with counts, newest last.
#include "render/events.hpp"

#include <boost/json.hpp>

#include "fleet/fleet.hpp"
#include "kube/builtin_resources.hpp"
#include "kube/verbs.hpp"
#include "render/age.hpp"
#include "render/budget.hpp"
#include "render/text_table.hpp"
#include "tools/basic/toolset.hpp"
#include "tools/framework/args.hpp"
#include "tools/framework/fanout.hpp"
#include "tools/framework/present.hpp"
#include "tools/framework/schema_parts.hpp"

namespace kubemcp::tools {
namespace json = boost::json;

namespace {

// One cluster's events, folded and trimmed to the newest `limit` rows.
struct Folded {
  std::vector<render::EventRow> rows;  // oldest first
  std::size_t omitted = 0;             // older rows left out by `limit`
};

Folded read_events(ClusterCall& call, const render::EventFilter& filter, std::size_t limit) {
  kube::ListOptions o;
  if (!filter.object_name.empty()) o.field_selector = "involvedObject.name=" + filter.object_name;
  if (filter.types.size() == 1) {
    std::string t = filter.types.front();
    if (!t.empty()) t[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(t[0])));
    o.field_selector += (o.field_selector.empty() ? "" : ",") + std::string("type=") + t;
  }
  json::value list = kube::list_all(call.client, kube::builtin("events"), call.namespace_, o, 5000,
                                    call.ctx.cancel);
  Folded f;
  f.rows = render::fold_events(list.as_object().at("items").as_array(), filter);
  if (f.rows.size() > limit) {
    f.omitted = f.rows.size() - limit;
    f.rows.erase(f.rows.begin(), f.rows.begin() + static_cast<std::ptrdiff_t>(f.omitted));
  }
  return f;
}

}  // namespace

static Result run_events(const json::object& args, Context& ctx) {
  render::EventFilter filter;
  filter.types = arg_strings(args, "types");
  if (const auto f = arg_string(args, "for"); !f.empty()) {
    const auto slash = f.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == f.size())
      return Result::error("`for` takes kind/name, e.g. pod/web-1 or deployment/api; got '" + f +
                           "'");
    filter.object_kind = f.substr(0, slash);
    filter.object_name = f.substr(slash + 1);
    // kubectl short names for the kinds people ask about most.
    static const std::pair<const char*, const char*> kAliases[] = {
        {"po", "pod"},        {"deploy", "deployment"},
        {"rs", "replicaset"}, {"sts", "statefulset"},
        {"ds", "daemonset"},  {"svc", "service"},
        {"no", "node"},       {"pvc", "persistentvolumeclaim"},
        {"cj", "cronjob"},    {"ing", "ingress"},
        {"ns", "namespace"}};
    for (const auto& [s, k] : kAliases)
      if (filter.object_kind == s) filter.object_kind = k;
    if (filter.object_kind.size() > 1 && filter.object_kind.back() == 's' &&
        filter.object_kind != "ingress")
      filter.object_kind.pop_back();  // "pods/web-1"
  }
  if (const auto s = arg_string(args, "since"); !s.empty()) {
    filter.since = render::parse_duration(s);
    if (!filter.since)
      return Result::error("since takes a duration like 30s, 5m, 2h or 1h30m; got '" + s + "'");
  }
  const bool all_ns = namespace_scope(args).all;
  const std::size_t limit = static_cast<std::size_t>(arg_int(args, "limit").value_or(100));

  const auto answers =
      fan_out_as<Folded>(ctx, args, std::function<Folded(ClusterCall&)>([&](ClusterCall& call) {
                           return read_events(call, filter, limit);
                         }));
  const bool multi = answers.size() > 1;
  std::vector<std::string> headers = {"LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"};
  if (all_ns) headers.insert(headers.begin(), "NAMESPACE");
  if (multi) headers.insert(headers.begin(), "CLUSTER");
  render::TextTable table(headers);
  std::string notes;
  std::size_t rows = 0;
  bool all_failed = true;
  for (const auto& a : answers) {
    const std::string who = multi ? a.cluster->name + ": " : "";
    notes += heal_note(a.cluster->name, a.healed, multi);  // failed clusters too
    if (a.failed) {
      notes += who + a.error + "\n";
      continue;
    }
    all_failed = false;
    for (const auto& e : a.value.rows) {
      std::vector<std::string> row;
      if (multi) row.push_back(a.cluster->name);
      if (all_ns) row.push_back(e.namespace_);
      std::string seen = render::age_of(e.last);
      if (e.count > 1)
        seen += " (x" + std::to_string(e.count) + " over " + render::age_of(e.first) + ")";
      row.insert(row.end(), {seen, e.type, e.reason, e.object, e.message});
      table.add_row(std::move(row));
      ++rows;
    }
    if (a.value.omitted > 0)
      notes += who + std::to_string(a.value.omitted) +
               " older events not shown (raise limit, or narrow with types, since or for).\n";
  }
  std::string text;
  if (rows == 0 && !all_failed) {
    text = "No events found";
    if (!filter.object_name.empty())
      text += " for " + filter.object_kind + "/" + filter.object_name;
    text += ".\n";
  } else if (rows > 0) {
    text = table.str();
  }
  const auto fitted =
      render::fit_to_budget(text, ctx.fleet.registry().settings().output_budget,
                            "Narrow with types=[\"Warning\"], since, for or a lower limit.");
  Result r = Result::ok(fitted.text + notes);
  r.is_error = all_failed;
  r.cut = fitted.cut;
  r.cut_note = fitted.note;
  return r;
}

Tool events_tool() {
  return parts::record(
      {.name = "k8s_get_events",
       .title = "Get events",
       .description =
           "List events like `kubectl get events --sort-by=.lastTimestamp`: newest last, repeats "
           "folded into one row with a count, filtered by type, age or object. "
           "Example: {\"namespace\": \"shop\", \"types\": [\"Warning\"], \"since\": \"1h\"} or "
           "{\"for\": \"pod/api-5d9c-x2kq\"}.",
       .schema = parts::object_schema(
           {parts::kNamespace,
            R"("all_namespaces": {"type": "boolean", "description": "Events of every namespace."})",
            R"("for": {"type": "string", "description": "Only events about this object, as kind/name."})",
            R"("types": {"type": ["string", "array"], "items": {"type": "string", "enum": ["Warning", "Normal"]}, "description": "Warning, Normal, or both."})",
            R"("since": {"type": "string", "description": "Only events last seen within a duration, e.g. 30m."})",
            R"("limit": {"type": "integer", "minimum": 1, "maximum": 1000, "description": "Newest N rows (default 100)."})",
            parts::kClusterMany})},
      run_events);
}

}  // namespace kubemcp::tools
