#pragma once
// Server-side printing: meta.k8s.io/v1 Table objects with the columns kubectl shows, computed
// as pkg/printers/internalversion does (Age and durations by duration.HumanDuration).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "sim/resources.hpp"
#include "sim/store.hpp"

namespace kubemcp::sim {

enum class IncludeObject { None, Metadata, Object };

boost::json::array column_definitions(const ResourceType& t);
boost::json::array row_cells(const ResourceType& t, const boost::json::object& obj, int64_t now);

// A Table of `items`; rows carry PartialObjectMetadata, the full object or nothing.
boost::json::object make_table(const ResourceType& t, const std::vector<ObjPtr>& items,
                               IncludeObject include, int64_t now, bool with_columns = true);

}  // namespace kubemcp::sim
