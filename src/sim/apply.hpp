#pragma once
// Server-side apply and field ownership (metadata.managedFields, FieldsV1). A field path is a
// list of FieldsV1 elements ("f:spec", "k:{\"name\":\"web\"}") joined by '\x1f'.
#include <boost/json/object.hpp>
#include <set>
#include <string>

namespace kubemcp::sim {

using FieldSet = std::set<std::string>;

// The leaf fields an object sets (identity, status and server-managed metadata excluded).
FieldSet fields_of(const boost::json::object& object, bool skip_status);
boost::json::object fields_to_v1(const FieldSet& fields);
FieldSet fields_from_v1(const boost::json::object& fields_v1);
// ".spec.template.spec.containers[name=\"web\"].image"
std::string display_path(const std::string& path);
// The value at a field path; nullptr when absent.
const boost::json::value* value_at_path(const boost::json::value& root, const std::string& path);

struct ApplyOptions {
  std::string manager;
  std::string api_version;
  bool force = false;
  bool skip_status = true;  // main resource of a kind with a status subresource
  std::string now;          // RFC 3339 time for managedFields
};

// Applies `config` onto `live` (nullptr: creating) as opts.manager: fields this manager
// applied before and no longer sets are removed, the rest merged (maps recursively, keyed
// lists by key, other lists whole), ownership recorded. Throws ApiError 409 Conflict listing
// fields owned by another manager with a different value, unless force.
boost::json::object apply_config(const boost::json::object* live, const boost::json::object& config,
                                 const ApplyOptions& opts);

// Records an ordinary write (create, update, patch) by `manager` with operation Update:
// fields it changed become its own and leave other managers.
void record_update(boost::json::object& updated, const boost::json::object* old,
                   const ApplyOptions& opts);

}  // namespace kubemcp::sim
