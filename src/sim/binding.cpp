#include "sim/binding.hpp"

#include <boost/json.hpp>

#include "sim/cluster.hpp"
#include "sim/objects.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

// BindingREST.assignPod turns its storage errors into a Conflict on "pods/binding".
ApiError binding_conflict(const std::string& name, const std::string& why) {
  return ApiError(409, "Conflict",
                  "Operation cannot be fulfilled on pods/binding \"" + name + "\": " + why,
                  json::object{{"name", name}, {"kind", "pods/binding"}});
}

}  // namespace

net::HttpResponse bind_pod(Cluster& c, const std::string& ns, const std::string& pod,
                           const std::string& body, bool dry_run) {
  json::value v = parse_body(body, true);
  if (!v.is_object()) throw bad_request("the request body must be a JSON object");
  const auto& b = v.as_object();
  const auto* md = obj_at(b, "metadata");
  if (!md || str_at(*md, "name") != pod)
    throw bad_request("name in URL does not match name in Binding object");
  const auto* target = obj_at(b, "target");
  std::string kind = target ? str_at(*target, "kind") : "";
  std::string node = target ? str_at(*target, "name") : "";
  // validation.ValidatePodBinding's errors are not API statuses: the server answers them as an
  // unknown 500 carrying the aggregated text.
  if (!kind.empty() && kind != "Node")
    throw ApiError(500, "",
                   "target.kind: Unsupported value: \"" + kind +
                       "\": supported values: \"Node\", \"<empty>\"");
  if (node.empty()) throw ApiError(500, "", "target.name: Required value");
  auto pods = c.registry().find("", "v1", "pods");
  if (!c.store().get(*pods, ns, pod)) throw not_found(*pods, pod);
  std::string why;
  auto place = [&](json::object& p) {
    auto& pmd = ensure_obj(p, "metadata");
    auto& spec = ensure_obj(p, "spec");
    if (pmd.contains("deletionTimestamp"))
      why = "pod " + pod + " is being deleted, cannot be assigned to a host";
    else if (!str_at(spec, "nodeName").empty())
      why = "pod " + pod + " is already assigned to node \"" + str_at(spec, "nodeName") + "\"";
    else if (const auto* gates = arr_at(spec, "schedulingGates"); gates && !gates->empty())
      why = "pod " + pod + " has non-empty .spec.schedulingGates";
    if (!why.empty()) return false;
    spec["nodeName"] = node;
    if (const auto* ann = obj_at(*md, "annotations"))
      for (const auto& [k, val] : *ann) ensure_obj(pmd, "annotations")[k] = val;
    auto& st = ensure_obj(p, "status");
    json::array conds;
    if (const auto* old = arr_at(st, "conditions"))
      for (const auto& x : *old)
        if (!(x.is_object() && str_at(x.as_object(), "type") == "PodScheduled")) conds.push_back(x);
    conds.push_back(json::object{{"type", "PodScheduled"},
                                 {"status", "True"},
                                 {"lastProbeTime", nullptr},
                                 {"lastTransitionTime", now_rfc3339()}});
    st["conditions"] = std::move(conds);
    return true;
  };
  if (dry_run) {
    json::object copy = *c.store().get(*pods, ns, pod);
    place(copy);
  } else {
    c.objects().mutate(*pods, ns, pod, place);
  }
  if (!why.empty()) throw binding_conflict(pod, why);
  net::HttpResponse r;
  r.status = 201;
  r.body = json::serialize(status_success());
  return r;
}

}  // namespace kubemcp::sim
