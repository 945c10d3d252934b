#pragma once
// The kinds the simulated API server knows: the built-in ones of a 1.32 cluster that kubectl
// and kubemcp use, plus those of CustomResourceDefinitions created at run time.
#include <boost/json/object.hpp>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

namespace kubemcp::sim {

struct PrinterColumn {  // a CRD's additionalPrinterColumns entry
  std::string name, type, json_path, description;
  int priority = 0;
};

struct ResourceType {
  std::string group;  // "" for the core group
  std::string version;
  std::string plural, singular, kind;
  bool namespaced = true;
  std::vector<std::string> short_names, categories;
  bool has_status = false;
  bool has_scale = false;
  std::vector<std::string> extra_subresources;  // e.g. log, exec for pods
  bool custom = false;                          // from a CRD
  std::vector<PrinterColumn> printer_columns;   // CRDs only
  std::vector<std::string> selectable_fields;   // CRDs only: extra field-selector labels
  std::vector<std::string> verbs;  // when set, the only verbs served (the create-only reviews)

  std::string group_version() const { return group.empty() ? version : group + "/" + version; }
  std::string key() const { return group + "/" + plural; }  // store shard key
};
using ResourcePtr = std::shared_ptr<const ResourceType>;

class Registry {
 public:
  Registry();  // with the built-in kinds

  // Finds by plural, singular, short name or kind (case-insensitive), optionally in a group
  // and version. Only the preferred (first-registered) version when version is empty.
  ResourcePtr find(const std::string& group, const std::string& version,
                   const std::string& name) const;
  ResourcePtr find_kind(const std::string& api_version, const std::string& kind) const;
  std::vector<ResourcePtr> all() const;
  // Group versions in discovery order: core first.
  std::vector<std::pair<std::string, std::vector<std::string>>> groups() const;

  // Adds (or replaces) the kinds a CRD defines; returns them. Throws std::invalid_argument
  // when the CRD is malformed.
  std::vector<ResourcePtr> add_crd(const boost::json::object& crd);
  // Removes the kinds of a CRD by its metadata.name (plural.group); returns what was removed.
  std::vector<ResourcePtr> remove_crd(const std::string& crd_name);
  uint64_t generation() const;  // bumps on every CRD change (discovery/OpenAPI hashes)

 private:
  mutable std::shared_mutex mu_;
  std::vector<ResourcePtr> types_;
  uint64_t generation_ = 1;
};

}  // namespace kubemcp::sim
