#include "tools/core/apply_result.hpp"

#include <boost/json.hpp>

#include "fleet/cluster.hpp"
#include "kube/resource_mapper.hpp"
#include "render/diff.hpp"
#include "render/sanitize.hpp"
#include "render/yaml.hpp"
#include "tools/framework/present.hpp"

namespace kubemcp::tools {
namespace json = boost::json;

json::value without_server_fields(json::value object) {
  if (!object.is_object()) return object;
  render::strip_noise(object);
  auto& o = object.as_object();
  o.erase("status");
  if (auto* md = o.if_contains("metadata"); md && md->is_object())
    for (const char* k : {"resourceVersion", "uid", "generation", "creationTimestamp"})
      md->as_object().erase(k);
  return object;
}

const char* apply_outcome(const json::value& live, const json::value& result) {
  if (live.is_null()) return "created";
  return without_server_fields(live) == without_server_fields(result) ? "unchanged" : "configured";
}

namespace {

// Secret values that differ between the two sides, so a masked diff still shows which
// changed (masks of equal length would otherwise read the same).
json::object changed_secret_keys(const json::value& live, const json::value& result) {
  json::object changed;
  const auto data = [](const json::value& o) -> const json::object* {
    if (!o.is_object()) return nullptr;
    const auto* d = o.as_object().if_contains("data");
    return d && d->is_object() ? &d->get_object() : nullptr;
  };
  const auto* before = data(live);
  const auto* after = data(result);
  if (!before || !after) return changed;
  for (const auto& [k, v] : *after)
    if (const auto* old = before->if_contains(k); old && *old != v) changed[k] = true;
  return changed;
}

std::string view(const json::value& object, const kube::ResourceInfo& r,
                 const fleet::ClusterConfig& cluster, const json::object& changed) {
  if (object.is_null()) return "";
  json::value v = without_server_fields(object);
  prepare_objects(v, cluster, r);
  if (!cluster.reveal_secrets)
    if (auto* d = v.as_object().if_contains("data"); d && d->is_object())
      for (auto& [k, value] : d->as_object())
        if (changed.contains(k) && value.is_string())
          value = std::string(value.get_string()) + " (changed)";
  return render::to_yaml(v);
}

}  // namespace

std::string apply_diff(const json::value& live, const json::value& result,
                       const kube::ResourceInfo& r, const fleet::ClusterConfig& cluster,
                       const std::string& label, bool dry_run) {
  const auto changed = r.is_secret() ? changed_secret_keys(live, result) : json::object{};
  return render::unified_diff(view(live, r, cluster, {}), view(result, r, cluster, changed),
                              label + " (live)",
                              label + (dry_run ? " (after apply, server dry run)" : " (applied)"));
}

}  // namespace kubemcp::tools
