#include "sim/admission.hpp"

#include <boost/json.hpp>
#include <functional>
#include <map>

#include "sim/cluster.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

using Plugin = std::function<void(Cluster&, const std::string& ns, const json::object& body)>;

// The name admission reports: the object's name, else its generateName prefix.
std::string admitted_name(const json::object& body) {
  const auto* md = obj_at(body, "metadata");
  if (!md) return "";
  std::string name = str_at(*md, "name");
  return name.empty() ? str_at(*md, "generateName") : name;
}

// plugin/pkg/admission/serviceaccount: the pod's service account must exist.
void service_account(Cluster& c, const std::string& ns, const json::object& pod) {
  const auto* spec = obj_at(pod, "spec");
  std::string sa = spec ? str_at(*spec, "serviceAccountName") : "";
  if (sa.empty() && spec) sa = str_at(*spec, "serviceAccount");
  if (sa.empty()) sa = "default";
  auto sas = c.registry().find("", "v1", "serviceaccounts");
  if (c.store().get(*sas, ns, sa)) return;
  throw ApiError(403, "Forbidden",
                 "pods \"" + admitted_name(pod) + "\" is forbidden: error looking up service " +
                     "account " + ns + "/" + sa + ": serviceaccount \"" + sa + "\" not found",
                 json::object{{"name", admitted_name(pod)}, {"kind", "pods"}});
}

// Keyed by group/plural (ResourceType::key()).
const std::multimap<std::string, Plugin>& plugins() {
  static const std::multimap<std::string, Plugin> p{{"/pods", service_account}};
  return p;
}

}  // namespace

void admit_create(Cluster& c, const ResourceType& t, const std::string& ns,
                  const json::object& body) {
  auto [b, e] = plugins().equal_range(t.key());
  for (auto it = b; it != e; ++it) it->second(c, ns, body);
}

void bootstrap_new_namespaces(Cluster& c) {
  c.objects().add_listener([&c](const ResourceType& t, const std::string& type, const ObjPtr& obj) {
    if (t.kind != "Namespace" || type != "ADDED" || !t.group.empty()) return;
    std::string ns = str_at(*obj_at(*obj, "metadata"), "name");
    WriteOptions opts;
    opts.validate = false;
    auto make = [&](const char* plural, json::object o) {
      try {
        c.objects().create(*c.registry().find("", "v1", plural), ns, std::move(o), opts);
      } catch (const ApiError&) {
        // Already there (created with the namespace by its author).
      }
    };
    make("serviceaccounts", json::object{{"metadata", json::object{{"name", "default"}}}});
    make("configmaps", json::object{{"metadata", json::object{{"name", "kube-root-ca.crt"}}},
                                    {"data", json::object{{"ca.crt", c.ca().cert_pem}}}});
  });
}

}  // namespace kubemcp::sim
