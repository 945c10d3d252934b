#pragma once
// Resource mapping the way kubectl does it: plural, singular, short names, kind,
// `resource.group`, `resource.version.group`, `kind.group`, categories (`all`). When a
// name exists in several groups the first in discovery order wins (core first, then the
// server's group order; the group's preferred version first), as kubectl's priority mapper.
#include <boost/json/value.hpp>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kube/errors.hpp"

namespace kubemcp::kube {

struct SubresourceInfo {
  std::string name;                  // "scale", "status", "log", "exec"
  std::string group, version, kind;  // what it returns (scale: autoscaling/v1 Scale)
  std::vector<std::string> verbs;
};

struct ResourceInfo {
  std::string group;     // "" for core
  std::string version;   // "v1"
  std::string resource;  // plural, "deployments"
  std::string singular;  // "deployment"
  std::string kind;      // "Deployment"
  bool namespaced = true;
  bool preferred = true;  // the group's preferred version
  std::vector<std::string> verbs;
  std::vector<std::string> short_names;
  std::vector<std::string> categories;
  std::vector<SubresourceInfo> subresources;

  std::string api_version() const { return group.empty() ? version : group + "/" + version; }
  // "deployments.apps" / "pods"
  std::string group_resource() const { return group.empty() ? resource : resource + "." + group; }
  // Core Secrets: their values are masked unless the cluster allows revealing them.
  bool is_secret() const { return group.empty() && resource == "secrets"; }
  bool has_verb(std::string_view verb) const;
  const SubresourceInfo* subresource(std::string_view name) const;
};

// Unknown (`not_found`) or unusable resource name.
class MappingError : public KubeError {
 public:
  MappingError(const std::string& message, bool not_found)
      : KubeError(message), not_found_(not_found) {}
  bool not_found() const noexcept { return not_found_; }

 private:
  bool not_found_;
};

class ResourceMapper {
 public:
  ResourceMapper() = default;
  // `resources` in discovery priority order.
  explicit ResourceMapper(std::vector<ResourceInfo> resources);

  // Resolves one name. Throws MappingError("the server doesn't have a resource type ...").
  const ResourceInfo& resolve(std::string_view name) const;
  // Every resource the name could mean, best first (for "did you mean" and diagnostics).
  std::vector<const ResourceInfo*> candidates(std::string_view name) const;
  // Resources in a category ("all"), preferred versions only, discovery order; empty if none.
  std::vector<const ResourceInfo*> category(std::string_view name) const;
  // A category's resources, or else the one resource the name resolves to.
  std::vector<const ResourceInfo*> resolve_many(std::string_view name) const;
  // By apiVersion + kind (manifests); nullptr when unknown.
  const ResourceInfo* for_kind(std::string_view api_version, std::string_view kind) const;

  const std::vector<ResourceInfo>& resources() const { return resources_; }

 private:
  std::vector<ResourceInfo> resources_;
};

// Builds the resource list from legacy discovery documents: `/api` (APIVersions), `/apis`
// (APIGroupList) and the APIResourceList of each group version, keyed "v1" / "apps/v1".
std::vector<ResourceInfo> parse_legacy_discovery(
    const boost::json::value& api, const boost::json::value& apis,
    const std::map<std::string, boost::json::value>& resource_lists);

// Group versions to fetch for legacy discovery, in priority order ("v1", "apps/v1", ...).
std::vector<std::string> legacy_group_versions(const boost::json::value& api,
                                               const boost::json::value& apis);

// Builds the resource list from aggregated discovery (apidiscovery.k8s.io/v2
// APIGroupDiscoveryList) answers of `/api` and `/apis`.
std::vector<ResourceInfo> parse_aggregated_discovery(const boost::json::value& api,
                                                     const boost::json::value& apis);

}  // namespace kubemcp::kube
