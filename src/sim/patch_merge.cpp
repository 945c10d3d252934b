// RFC 7386 JSON merge patch, and the list merge-key table shared by strategic merge and apply.
#include <boost/json.hpp>

#include "sim/patch.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

json::value merge_patch(const json::value& target, const json::value& patch) {
  if (!patch.is_object()) return patch;
  json::object result = target.is_object() ? target.as_object() : json::object{};
  for (const auto& [k, v] : patch.as_object()) {
    if (v.is_null()) {
      result.erase(k);
    } else {
      const json::value* cur = result.if_contains(k);
      result[k] = merge_patch(cur ? *cur : json::value(nullptr), v);
    }
  }
  return result;
}

std::string list_merge_key(std::string_view parent_path, std::string_view field,
                           const json::value* first) {
  // patchMergeKey tags of k8s.io/api for the fields a kubectl user meets.
  if (field == "containers" || field == "initContainers" || field == "ephemeralContainers" ||
      field == "volumes" || field == "env" || field == "imagePullSecrets" ||
      field == "containerStatuses" || field == "initContainerStatuses" || field == "secrets")
    return "name";
  if (field == "volumeMounts") return "mountPath";
  if (field == "volumeDevices") return "devicePath";
  if (field == "ports") {
    // Container ports merge on containerPort; Service ports on port.
    if (first && first->is_object() && first->as_object().contains("containerPort"))
      return "containerPort";
    if (parent_path.find("containers") != std::string_view::npos) return "containerPort";
    return "port";
  }
  if (field == "conditions") return "type";
  if (field == "ownerReferences") return "uid";
  if (field == "hostAliases") return "ip";
  if (field == "topologySpreadConstraints") return "topologyKey";
  if (field == "addresses" && parent_path == "status") return "type";
  if (field == "resourceClaims") return "name";
  (void)parent_path;
  return "";
}

bool is_set_list(std::string_view parent_path, std::string_view field) {
  return field == "finalizers" &&
         (parent_path == "metadata" || parent_path.empty() || parent_path.ends_with("metadata"));
}

}  // namespace kubemcp::sim
