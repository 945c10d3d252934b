#include "sim/delete_answer.hpp"

#include <boost/json.hpp>
#include <set>

#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

boost::json::object delete_answer(const ResourceType& t, const json::object& obj, bool stays) {
  // Stores created with ReturnDeletedObject: true in kubernetes/pkg/registry, plus namespaces,
  // whose REST answers the namespace (marked Terminating by the first DELETE: deletion.cpp).
  static const std::set<std::string> returns_object{
      "Pod", "Service", "ServiceAccount", "PersistentVolume", "PersistentVolumeClaim", "Namespace"};
  const json::object* md = obj_at(obj, "metadata");
  if (!stays && !t.custom && returns_object.count(t.kind)) {
    // A pod deleted at once carries its deletionTimestamp from Objects::remove; a namespace
    // goes only once marked Terminating and finalized, so it carries both already.
    return obj;
  }
  if (stays) return obj;
  json::object details{{"name", md ? str_at(*md, "name") : ""}};
  if (!t.group.empty()) details["group"] = t.group;
  details["kind"] = t.plural;
  details["uid"] = md ? str_at(*md, "uid") : "";
  return status_success(details);
}

}  // namespace kubemcp::sim
