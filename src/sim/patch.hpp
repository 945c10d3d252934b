#pragma once
// The three PATCH formats of the API server. Each throws ApiError (400/422) on a malformed
// patch, naming what is wrong, like the real server.
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace kubemcp::sim {

// RFC 7386 JSON merge patch (application/merge-patch+json).
boost::json::value merge_patch(const boost::json::value& target, const boost::json::value& patch);

// RFC 6902 JSON patch (application/json-patch+json): add, remove, replace, move, copy, test.
boost::json::value json_patch(const boost::json::value& doc, const boost::json::array& ops);

// Strategic merge patch (application/strategic-merge-patch+json) with the list merge keys of
// the Kubernetes types and the directives kubectl sends: $patch (replace|delete|merge),
// $setElementOrder/<list>, $retainKeys, $deleteFromPrimitiveList/<list>.
boost::json::value strategic_merge(const boost::json::value& original,
                                   const boost::json::value& patch);

// The merge key of list field `field` whose parent object sits at `parent_path` (field names
// from the root joined by '.'), or "" for an atomic list. `first` is the list's first element,
// used where one field name has two meanings (container ports vs service ports).
std::string list_merge_key(std::string_view parent_path, std::string_view field,
                           const boost::json::value* first);
// Lists of scalars merged as sets (e.g. metadata.finalizers).
bool is_set_list(std::string_view parent_path, std::string_view field);

}  // namespace kubemcp::sim
