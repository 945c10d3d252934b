#include "sim/quota.hpp"

#include <boost/json.hpp>
#include <cmath>
#include <map>
#include <set>
#include <vector>

#include "sim/cluster.hpp"
#include "sim/placement.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

using Usage = std::map<std::string, double>;

const json::object kEmpty;
const json::object& o(const json::object& x, const char* k) {
  const auto* p = obj_at(x, k);
  return p ? *p : kEmpty;
}

// The pod evaluator: what a pod uses (terminal pods use nothing).
Usage pod_usage(const json::object& pod) {
  std::string phase = str_at(o(pod, "status"), "phase");
  if (phase == "Succeeded" || phase == "Failed") return {};
  Usage u{{"pods", 1}, {"count/pods", 1}};
  if (const auto* cs = arr_at(o(pod, "spec"), "containers"))
    for (const auto& c : *cs) {
      if (!c.is_object()) continue;
      const auto& res = o(c.as_object(), "resources");
      for (const char* r : {"cpu", "memory"}) {
        double req = quantity(str_at(o(res, "requests"), r));
        double lim = quantity(str_at(o(res, "limits"), r));
        u[r] += req;
        u[std::string("requests.") + r] += req;
        u[std::string("limits.") + r] += lim;
      }
    }
  return u;
}

// What one object counts for: its kind's count, plus what pods and claims request.
Usage usage_of(const ResourceType& t, const json::object& obj) {
  if (t.kind == "Pod" && t.group.empty()) return pod_usage(obj);
  Usage u{{"count/" + (t.group.empty() ? t.plural : t.plural + "." + t.group), 1}};
  // The legacy object-count names of the core group.
  static const std::set<std::string> legacy{
      "configmaps",    "secrets", "services", "persistentvolumeclaims", "replicationcontrollers",
      "resourcequotas"};
  if (t.group.empty() && legacy.count(t.plural)) u[t.plural] = 1;
  if (t.kind == "PersistentVolumeClaim" && t.group.empty())
    u["requests.storage"] =
        quantity(str_at(o(o(o(obj, "spec"), "resources"), "requests"), "storage"));
  return u;
}

Usage used_in(Cluster& c, const ResourceType& t, const std::string& ns) {
  Usage total;
  for (const auto& obj : c.store().list(t, ns, nullptr, 0, "").items)
    for (const auto& [k, v] : usage_of(t, *obj)) total[k] += v;
  return total;
}

bool binary_unit(const std::string& name) {
  return name.find("memory") != std::string::npos || name.find("storage") != std::string::npos;
}

std::string pretty(const Usage& u, const std::set<std::string>& keys) {
  std::string out;
  for (const auto& k : keys) {
    auto it = u.find(k);
    out += (out.empty() ? "" : ",") + k + "=" +
           format_quantity(it == u.end() ? 0 : it->second, binary_unit(k));
  }
  return out;
}

// Every container must state what a quota on cpu or memory counts (a compatibility rule).
std::string missing(const json::object& pod, const json::object& hard) {
  std::map<std::string, std::set<std::string>> absent;
  for (const auto& [k, v] : hard) {
    std::string key(k);
    bool lim = key.starts_with("limits.");
    std::string r = key.substr(key.find('.') + 1);
    if (r != "cpu" && r != "memory") continue;
    if (const auto* cs = arr_at(o(pod, "spec"), "containers"))
      for (const auto& c : *cs) {
        if (!c.is_object()) continue;
        const auto& res = o(o(c.as_object(), "resources"), lim ? "limits" : "requests");
        if (!res.contains(r)) absent[key].insert(str_at(c.as_object(), "name"));
      }
  }
  std::string out;
  for (const auto& [k, names] : absent) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ",") + n;
    out += (out.empty() ? "" : "; ") + k + " for: " + list;
  }
  return out;
}

void refresh(Cluster& c, const std::string& ns) {
  auto quotas = c.registry().find("", "v1", "resourcequotas");
  for (const auto& q : c.store().list(*quotas, ns, nullptr, 0, "").items) {
    const auto& hard = o(o(*q, "spec"), "hard");
    Usage used;
    for (const auto& t : c.registry().all()) {
      if (!t->namespaced || t->custom || t->group == "metrics.k8s.io") continue;
      Usage u = used_in(c, *t, ns);
      for (const auto& [k, v] : hard)
        if (auto it = u.find(std::string(k)); it != u.end()) used[std::string(k)] += it->second;
    }
    json::object used_json;
    for (const auto& [k, v] : hard) {
      (void)v;
      used_json[k] = format_quantity(used[std::string(k)], binary_unit(std::string(k)));
    }
    c.objects().mutate(*quotas, ns, str_at(o(*q, "metadata"), "name"), [&](json::object& x) {
      auto& st = ensure_obj(x, "status");
      const auto* cur_used = st.if_contains("used");
      const auto* cur_hard = st.if_contains("hard");
      if (cur_used && *cur_used == used_json && cur_hard && *cur_hard == hard) return false;
      st["hard"] = hard;
      st["used"] = used_json;
      return true;
    });
  }
}

}  // namespace

std::string format_quantity(double v, bool binary) {
  if (v == 0) return "0";
  if (binary) {
    static const std::pair<const char*, double> units[] = {
        {"Ti", 1099511627776.0}, {"Gi", 1073741824.0}, {"Mi", 1048576.0}, {"Ki", 1024.0}};
    for (const auto& [s, m] : units)
      if (std::fmod(v, m) == 0) return std::to_string(static_cast<long long>(v / m)) + s;
  }
  if (std::fmod(v, 1.0) == 0) {
    static const std::pair<const char*, double> units[] = {
        {"T", 1e12}, {"G", 1e9}, {"M", 1e6}, {"k", 1e3}};
    for (const auto& [s, m] : units)
      if (v >= m && std::fmod(v, m) == 0) return std::to_string(static_cast<long long>(v / m)) + s;
    return std::to_string(static_cast<long long>(v));
  }
  return std::to_string(static_cast<long long>(std::llround(v * 1000))) + "m";
}

void admit_quota(Cluster& c, const ResourceType& t, const std::string& ns,
                 const json::object& body) {
  auto quotas = c.registry().find("", "v1", "resourcequotas");
  auto list = c.store().list(*quotas, ns, nullptr, 0, "").items;
  if (list.empty()) return;
  const auto* md = obj_at(body, "metadata");
  std::string name = md ? str_at(*md, "name") : "";
  if (name.empty() && md) name = str_at(*md, "generateName");
  auto forbid = [&](const std::string& why) {
    throw ApiError(403, "Forbidden", qualified(t) + " \"" + name + "\" is forbidden: " + why,
                   json::object{{"name", name}, {"kind", t.plural}});
  };
  Usage delta = usage_of(t, body);
  Usage used = used_in(c, t, ns);
  for (const auto& q : list) {
    std::string qname = str_at(o(*q, "metadata"), "name");
    const auto& hard = o(o(*q, "spec"), "hard");
    if (t.kind == "Pod" && t.group.empty())
      if (auto m = missing(body, hard); !m.empty())
        forbid("failed quota: " + qname + ": must specify " + m);
    std::set<std::string> exceeded;
    Usage limited;
    for (const auto& [k, v] : hard) {
      std::string key(k);
      double want = delta.count(key) ? delta[key] : 0;
      limited[key] = v.is_string() ? quantity(std::string(v.as_string())) : 0;
      if (want > 0 && used[key] + want > limited[key]) exceeded.insert(key);
    }
    if (!exceeded.empty())
      forbid("exceeded quota: " + qname + ", requested: " + pretty(delta, exceeded) +
             ", used: " + pretty(used, exceeded) + ", limited: " + pretty(limited, exceeded));
  }
}

void maintain_quotas(Cluster& c) {
  c.objects().add_listener([&c](const ResourceType& t, const std::string&, const ObjPtr& obj) {
    if (!t.namespaced || t.custom) return;
    const auto* md = obj_at(*obj, "metadata");
    if (!md) return;
    std::string ns = str_at(*md, "namespace");
    auto quotas = c.registry().find("", "v1", "resourcequotas");
    // Most namespaces have no quota: nothing to recount.
    if (c.store().list(*quotas, ns, nullptr, 1, "").items.empty()) return;
    // A quota's own status write comes back here: recounted, it is unchanged and stops.
    refresh(c, ns);
  });
}

}  // namespace kubemcp::sim
