#include "sim/eviction.hpp"

#include <boost/json.hpp>
#include <cmath>
#include <vector>

#include "sim/cluster.hpp"
#include "sim/objects.hpp"
#include "sim/selectors.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

bool healthy(const json::object& pod) {
  const auto* md = obj_at(pod, "metadata");
  if (md && md->contains("deletionTimestamp")) return false;
  const auto* st = obj_at(pod, "status");
  if (const auto* conds = st ? arr_at(*st, "conditions") : nullptr)
    for (const auto& c : *conds)
      if (c.is_object() && str_at(c.as_object(), "type") == "Ready")
        return str_at(c.as_object(), "status") == "True";
  return false;
}

// minAvailable / maxUnavailable: an integer, or a percentage of `of` rounded up.
int64_t scaled(const json::value& v, int64_t of) {
  if (v.is_int64()) return v.as_int64();
  if (v.is_string()) {
    std::string s(v.as_string());
    if (!s.empty() && s.back() == '%')
      return static_cast<int64_t>(std::ceil(std::stod(s.substr(0, s.size() - 1)) * of / 100.0));
    return std::stoll(s);
  }
  return 0;
}

struct Budget {
  int64_t expected = 0, current = 0, desired = 0, allowed = 0;
};

std::vector<ObjPtr> pods_of(Cluster& c, const std::string& ns, const json::object& pdb) {
  const auto* spec = obj_at(pdb, "spec");
  const auto* sel = spec ? obj_at(*spec, "selector") : nullptr;
  if (!sel) return {};
  auto ls = std::make_shared<LabelSelector>(LabelSelector::from_json(*sel));
  auto pods = c.registry().find("", "v1", "pods");
  return c.store()
      .list(
          *pods, ns,
          [ls](const json::object& p) {
            const auto* md = obj_at(p, "metadata");
            return ls->matches(md ? obj_at(*md, "labels") : nullptr);
          },
          0, "")
      .items;
}

// The disruption controller's arithmetic; expected pods are the pods the selector matches.
Budget compute(Cluster& c, const std::string& ns, const json::object& pdb) {
  Budget b;
  auto pods = pods_of(c, ns, pdb);
  b.expected = static_cast<int64_t>(pods.size());
  for (const auto& p : pods) b.current += healthy(*p) ? 1 : 0;
  const auto* spec = obj_at(pdb, "spec");
  if (const auto* min = spec ? spec->if_contains("minAvailable") : nullptr)
    b.desired = scaled(*min, b.expected);
  else if (const auto* max = spec ? spec->if_contains("maxUnavailable") : nullptr)
    b.desired = std::max<int64_t>(0, b.expected - scaled(*max, b.expected));
  b.allowed = std::max<int64_t>(0, b.current - b.desired);
  return b;
}

void write_status(Cluster& c, const ResourceType& t, const std::string& ns, const std::string& name,
                  int64_t taken) {
  // Computed before the write: the store's lock on budgets is not held while pods are read.
  auto cur = c.store().get(t, ns, name);
  if (!cur) return;
  Budget b = compute(c, ns, *cur);
  b.allowed = std::max<int64_t>(0, b.allowed - taken);
  c.objects().mutate(t, ns, name, [&](json::object& pdb) {
    auto& st = ensure_obj(pdb, "status");
    int64_t gen = int_at(*obj_at(pdb, "metadata"), "generation", 1);
    bool same = int_at(st, "currentHealthy", -1) == b.current &&
                int_at(st, "desiredHealthy", -1) == b.desired &&
                int_at(st, "expectedPods", -1) == b.expected &&
                int_at(st, "disruptionsAllowed", -1) == b.allowed &&
                int_at(st, "observedGeneration", -1) == gen;
    if (same) return false;
    bool ok = b.allowed > 0;
    st["observedGeneration"] = gen;
    st["currentHealthy"] = b.current;
    st["desiredHealthy"] = b.desired;
    st["expectedPods"] = b.expected;
    st["disruptionsAllowed"] = b.allowed;
    st["conditions"] =
        json::array{json::object{{"type", "DisruptionAllowed"},
                                 {"status", ok ? "True" : "False"},
                                 {"reason", ok ? "SufficientPods" : "InsufficientPods"},
                                 {"message", ""},
                                 {"observedGeneration", gen},
                                 {"lastTransitionTime", now_rfc3339()}}};
    return true;
  });
}

void refresh_namespace(Cluster& c, const std::string& ns) {
  auto pdbs = c.registry().find("policy", "v1", "poddisruptionbudgets");
  for (const auto& p : c.store().list(*pdbs, ns, nullptr, 0, "").items)
    write_status(c, *pdbs, ns, str_at(*obj_at(*p, "metadata"), "name"), 0);
}

}  // namespace

net::HttpResponse evict(Cluster& c, const std::string& ns, const std::string& name,
                        const std::string& body, bool dry_run) {
  auto pods = c.registry().find("", "v1", "pods");
  auto pod = c.store().get(*pods, ns, name);
  if (!pod) throw not_found(*pods, name);
  DeleteOptions del;
  if (body.find_first_not_of(" \r\n\t") != std::string::npos) {
    json::value v = parse_body(body, true);
    const auto* md = v.is_object() ? obj_at(v.as_object(), "metadata") : nullptr;
    if (md && !str_at(*md, "name").empty() && str_at(*md, "name") != name)
      throw bad_request("name in URL does not match name in Eviction object");
    // The Eviction's deleteOptions: a grace period, and a dry run also asked for there.
    if (const auto* opts = v.is_object() ? obj_at(v.as_object(), "deleteOptions") : nullptr) {
      if (const auto* g = opts->if_contains("gracePeriodSeconds"); g && g->is_int64())
        del.grace = g->as_int64();
      if (const auto* d = arr_at(*opts, "dryRun"))
        for (const auto& x : *d) dry_run = dry_run || (x.is_string() && x.as_string() == "All");
    }
  }
  del.dry_run = dry_run;
  const auto* st = obj_at(*pod, "status");
  std::string phase = st ? str_at(*st, "phase") : "";
  bool terminal = phase == "Succeeded" || phase == "Failed";
  auto pdbs_t = c.registry().find("policy", "v1", "poddisruptionbudgets");
  std::vector<ObjPtr> budgets;
  if (!terminal)
    for (const auto& pdb : c.store().list(*pdbs_t, ns, nullptr, 0, "").items)
      for (const auto& p : pods_of(c, ns, *pdb))
        if (p == pod) budgets.push_back(pdb);
  if (budgets.size() > 1)
    throw ApiError(500, "InternalError",
                   "This pod has more than one PodDisruptionBudget, which the eviction "
                   "subresource does not support.");
  if (!budgets.empty()) {
    const auto& pdb = *budgets[0];
    std::string pdb_name = str_at(*obj_at(pdb, "metadata"), "name");
    Budget b = compute(c, ns, pdb);
    // An unhealthy pod may go while the budget is met (unhealthyPodEvictionPolicy default).
    bool allowed = healthy(*pod) ? b.allowed > 0 : b.current >= b.desired;
    if (!allowed)
      throw ApiError(
          429, "TooManyRequests",
          "Cannot evict pod as it would violate the pod's disruption budget.",
          json::object{
              {"causes", json::array{json::object{
                             {"reason", "DisruptionBudget"},
                             {"message", "The disruption budget " + pdb_name + " needs " +
                                             std::to_string(b.desired) + " healthy pods and has " +
                                             std::to_string(b.current) + " currently"}}}}});
    // A dry run leaves the budget as it is (checkAndDecrement returns before its update).
    if (healthy(*pod) && !dry_run) write_status(c, *pdbs_t, ns, pdb_name, 1);
  }
  c.objects().remove(*pods, ns, name, del, nullptr);
  net::HttpResponse r;
  r.status = 201;
  r.body = json::serialize(status_success());
  return r;
}

void maintain_disruption_budgets(Cluster& c) {
  auto pdbs = c.registry().find("policy", "v1", "poddisruptionbudgets");
  for (const auto& p : c.store().list(*pdbs, "", nullptr, 0, "").items) {
    const auto& md = *obj_at(*p, "metadata");
    write_status(c, *pdbs, str_at(md, "namespace"), str_at(md, "name"), 0);
  }
  c.objects().add_listener([&c](const ResourceType& t, const std::string&, const ObjPtr& obj) {
    bool pdb = t.kind == "PodDisruptionBudget" && t.group == "policy";
    if (!(t.kind == "Pod" && t.group.empty()) && !pdb) return;
    const auto* md = obj_at(*obj, "metadata");
    if (!md) return;
    std::string ns = str_at(*md, "namespace");
    // A budget's own status write comes back here: recomputed, it is unchanged and stops.
    if (pdb)
      write_status(c, t, ns, str_at(*md, "name"), 0);
    else
      refresh_namespace(c, ns);
  });
}

}  // namespace kubemcp::sim
