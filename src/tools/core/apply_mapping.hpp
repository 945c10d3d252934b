#pragma once
// Every manifest object mapped to its API resource and namespace before anything is sent:
// through discovery, or — for a custom resource whose CustomResourceDefinition is in the same
// manifest — from that definition. An unknown kind names the API groups the cluster serves.
#include <functional>
#include <string>
#include <vector>

#include "kube/manifest.hpp"
#include "kube/resource_mapper.hpp"

namespace kubemcp::tools {

struct MappedObject {
  kube::ManifestObject manifest;
  kube::ResourceInfo resource;
  std::string namespace_;   // where it goes; "" for a cluster-scoped object
  bool awaits_crd = false;  // its CRD comes with this manifest and is not served yet

  // As kubectl names it: "deployment.apps/web", "configmap/settings".
  std::string label() const;
};

// `lookup(apiVersion, kind)` returns the served resource or nullptr. Namespaced objects go to
// metadata.namespace, else `namespace_arg`, else `default_namespace`; a metadata.namespace
// that contradicts `namespace_arg` is an error, as in kubectl. Throws kube::MappingError
// (unknown kind: naming `served_groups`) or kube::ManifestError.
using KindLookup = std::function<const kube::ResourceInfo*(const std::string& api_version,
                                                           const std::string& kind)>;
std::vector<MappedObject> map_objects(std::vector<kube::ManifestObject> objects,
                                      const KindLookup& lookup,
                                      const std::vector<std::string>& served_groups,
                                      const std::string& namespace_arg,
                                      const std::string& default_namespace);

// The order to apply in: Namespaces, then CustomResourceDefinitions, then the rest as written.
void order_for_apply(std::vector<MappedObject>& objects);

// The API groups a mapper serves ("core" for the legacy group), sorted, each once.
std::vector<std::string> served_groups(const kube::ResourceMapper& mapper);

}  // namespace kubemcp::tools
