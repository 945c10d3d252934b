#include "sim/placement.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdlib>
#include <functional>
#include <map>

#include "net/json_access.hpp"
#include "sim/selectors.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

using net::obj_or_empty;

struct Verdict {
  std::vector<std::string> reasons;  // empty: the node passes
  bool resolvable = false;           // preemption could help (resources), or not
};

using Filter = std::function<Verdict(const json::object& pod, const json::object& node,
                                     const std::vector<ObjPtr>& placed)>;

bool tolerates(const json::object& pod, const std::string& key, const std::string& value,
               const std::string& effect) {
  if (const auto* ts = arr_at(obj_or_empty(pod, "spec"), "tolerations"))
    for (const auto& t : *ts) {
      if (!t.is_object()) continue;
      const auto& to = t.as_object();
      std::string te = str_at(to, "effect"), tk = str_at(to, "key"), op = str_at(to, "operator");
      if (!te.empty() && te != effect) continue;
      if (op == "Exists" && (tk.empty() || tk == key)) return true;
      if (op != "Exists" && tk == key && str_at(to, "value") == value) return true;
    }
  return false;
}

Verdict unschedulable(const json::object& pod, const json::object& node,
                      const std::vector<ObjPtr>&) {
  const auto* u = obj_or_empty(node, "spec").if_contains("unschedulable");
  if (!u || !u->is_bool() || !u->as_bool()) return {};
  if (tolerates(pod, "node.kubernetes.io/unschedulable", "", "NoSchedule")) return {};
  return {{"node(s) were unschedulable"}, false};
}

Verdict node_name(const json::object& pod, const json::object& node, const std::vector<ObjPtr>&) {
  std::string want = str_at(obj_or_empty(pod, "spec"), "nodeName");
  if (want.empty() || want == str_at(obj_or_empty(node, "metadata"), "name")) return {};
  return {{"node(s) didn't match the requested node name"}, false};
}

Verdict taints(const json::object& pod, const json::object& node, const std::vector<ObjPtr>&) {
  if (const auto* ts = arr_at(obj_or_empty(node, "spec"), "taints"))
    for (const auto& t : *ts) {
      if (!t.is_object()) continue;
      const auto& to = t.as_object();
      std::string effect = str_at(to, "effect");
      if (effect != "NoSchedule" && effect != "NoExecute") continue;
      std::string key = str_at(to, "key"), value = str_at(to, "value");
      if (!tolerates(pod, key, value, effect))
        return {{"node(s) had untolerated taint {" + key + ": " + value + "}"}, false};
    }
  return {};
}

// One nodeSelectorTerm: every matchExpression on labels and matchField on the name.
bool term_matches(const json::object& term, const json::object& node) {
  const auto& labels = obj_or_empty(obj_or_empty(node, "metadata"), "labels");
  json::object fields{{"metadata.name", str_at(obj_or_empty(node, "metadata"), "name")}};
  for (auto [list, source] : {std::pair{"matchExpressions", &labels}, {"matchFields", &fields}}) {
    const auto* exprs = arr_at(term, list);
    if (!exprs) continue;
    json::object sel{{"matchExpressions", json::array{}}};
    for (const auto& e : *exprs) {
      if (!e.is_object()) continue;
      std::string op = str_at(e.as_object(), "operator");
      std::string key = str_at(e.as_object(), "key");
      const json::value* has = source->if_contains(key);
      std::string v = has && has->is_string() ? std::string(has->as_string()) : "";
      if (op == "Gt" || op == "Lt") {
        const auto* vals = arr_at(e.as_object(), "values");
        if (!has || !vals || vals->empty() || !(*vals)[0].is_string()) return false;
        long long a = std::atoll(v.c_str()), b = std::atoll((*vals)[0].as_string().c_str());
        if (op == "Gt" ? a <= b : a >= b) return false;
        continue;
      }
      sel["matchExpressions"].as_array().push_back(e);
    }
    if (!LabelSelector::from_json(sel).matches(source)) return false;
  }
  return true;
}

Verdict affinity(const json::object& pod, const json::object& node, const std::vector<ObjPtr>&) {
  const auto& spec = obj_or_empty(pod, "spec");
  const auto& labels = obj_or_empty(obj_or_empty(node, "metadata"), "labels");
  for (const auto& [k, v] : obj_or_empty(spec, "nodeSelector")) {
    const auto* has = labels.if_contains(k);
    if (!has || *has != v) return {{"node(s) didn't match Pod's node affinity/selector"}, false};
  }
  const auto& required = obj_or_empty(obj_or_empty(obj_or_empty(spec, "affinity"), "nodeAffinity"),
                                      "requiredDuringSchedulingIgnoredDuringExecution");
  if (const auto* terms = arr_at(required, "nodeSelectorTerms")) {
    bool any = false;
    for (const auto& t : *terms) any = any || (t.is_object() && term_matches(t.as_object(), node));
    if (!any) return {{"node(s) didn't match Pod's node affinity/selector"}, false};
  }
  return {};
}

double requested(const json::object& pod, const char* resource) {
  double total = 0;
  if (const auto* cs = arr_at(obj_or_empty(pod, "spec"), "containers"))
    for (const auto& c : *cs)
      if (c.is_object())
        total += quantity(
            str_at(obj_or_empty(obj_or_empty(c.as_object(), "resources"), "requests"), resource));
  return total;
}

Verdict resources(const json::object& pod, const json::object& node,
                  const std::vector<ObjPtr>& placed) {
  std::string name = str_at(obj_or_empty(node, "metadata"), "name");
  const auto& alloc = obj_or_empty(obj_or_empty(node, "status"), "allocatable");
  double cpu = 0, mem = 0, count = 0;
  for (const auto& p : placed) {
    if (str_at(obj_or_empty(*p, "spec"), "nodeName") != name) continue;
    std::string phase = str_at(obj_or_empty(*p, "status"), "phase");
    if (phase == "Succeeded" || phase == "Failed") continue;
    cpu += requested(*p, "cpu");
    mem += requested(*p, "memory");
    ++count;
  }
  Verdict v;
  v.resolvable = true;
  std::string pods_alloc = str_at(alloc, "pods");
  if (count + 1 > (pods_alloc.empty() ? 110 : quantity(pods_alloc)))
    v.reasons.push_back("Too many pods");
  double want_cpu = requested(pod, "cpu"), want_mem = requested(pod, "memory");
  if (want_cpu > 0 && cpu + want_cpu > quantity(str_at(alloc, "cpu")))
    v.reasons.push_back("Insufficient cpu");
  if (want_mem > 0 && mem + want_mem > quantity(str_at(alloc, "memory")))
    v.reasons.push_back("Insufficient memory");
  return v;
}

// kube-scheduler's default filters, in the order it runs them; a node stops at the first that
// refuses it.
const std::vector<Filter>& filters() {
  static const std::vector<Filter> f{unschedulable, node_name, taints, affinity, resources};
  return f;
}

std::string histogram(const std::map<std::string, int>& counts) {
  std::vector<std::string> parts;
  for (const auto& [reason, n] : counts) parts.push_back(std::to_string(n) + " " + reason);
  std::sort(parts.begin(), parts.end());
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

}  // namespace

double quantity(const std::string& q) {
  if (q.empty()) return 0;
  static const std::pair<const char*, double> suffixes[] = {{"Ki", 1024.0},
                                                            {"Mi", 1048576.0},
                                                            {"Gi", 1073741824.0},
                                                            {"Ti", 1099511627776.0},
                                                            {"Pi", 1125899906842624.0},
                                                            {"Ei", 1152921504606846976.0},
                                                            {"m", 1e-3},
                                                            {"k", 1e3},
                                                            {"M", 1e6},
                                                            {"G", 1e9},
                                                            {"T", 1e12},
                                                            {"P", 1e15},
                                                            {"E", 1e18}};
  for (const auto& [s, mult] : suffixes) {
    std::string suffix(s);
    if (q.size() > suffix.size() && q.compare(q.size() - suffix.size(), suffix.size(), suffix) == 0)
      return std::atof(q.substr(0, q.size() - suffix.size()).c_str()) * mult;
  }
  return std::atof(q.c_str());
}

Placement place(const json::object& pod, const std::vector<ObjPtr>& nodes,
                const std::vector<ObjPtr>& placed) {
  Placement out;
  std::map<std::string, int> reasons, preemption;
  for (const auto& n : nodes) {
    Verdict v;
    for (const auto& f : filters()) {
      v = f(pod, *n, placed);
      if (!v.reasons.empty()) break;
    }
    if (v.reasons.empty()) {
      out.fit.push_back(n);
      continue;
    }
    for (const auto& r : v.reasons) ++reasons[r];
    ++preemption[v.resolvable ? "No preemption victims found for incoming pod"
                              : "Preemption is not helpful for scheduling"];
  }
  if (out.fit.empty()) {
    std::string all = std::to_string(nodes.size());
    out.message = "0/" + all + " nodes are available: " + histogram(reasons) + ". preemption: 0/" +
                  all + " nodes are available: " + histogram(preemption) + ".";
  }
  return out;
}

}  // namespace kubemcp::sim
