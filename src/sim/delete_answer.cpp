#include "sim/delete_answer.hpp"

#include <boost/json.hpp>
#include <set>

#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

boost::json::object delete_answer(const ResourceType& t, const json::object& obj, bool stays) {
  // Stores created with ReturnDeletedObject: true in kubernetes/pkg/registry, plus namespaces,
  // whose REST answers the terminating object.
  static const std::set<std::string> returns_object{
      "Pod", "Service", "ServiceAccount", "PersistentVolume", "PersistentVolumeClaim", "Namespace"};
  const json::object* md = obj_at(obj, "metadata");
  if (!stays && !t.custom && returns_object.count(t.kind)) {
    json::object out = obj;
    auto& omd = ensure_obj(out, "metadata");
    // What the real server answers while the namespace is finalized; here it is already gone.
    // (A pod deleted at once carries its deletionTimestamp from Objects::remove.)
    if (t.kind == "Namespace") {
      if (!omd.contains("deletionTimestamp")) omd["deletionTimestamp"] = now_rfc3339();
      ensure_obj(out, "status")["phase"] = "Terminating";
    }
    return out;
  }
  if (stays) return obj;
  json::object details{{"name", md ? str_at(*md, "name") : ""}};
  if (!t.group.empty()) details["group"] = t.group;
  details["kind"] = t.plural;
  details["uid"] = md ? str_at(*md, "uid") : "";
  return status_success(details);
}

}  // namespace kubemcp::sim
