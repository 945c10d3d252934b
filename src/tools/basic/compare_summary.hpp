#pragma once
// k8s_compare's answers from the normalized objects of each cluster: the summary table (a row
// per object, a column per cluster, the fields that differ) with its counts, and the diff of
// each differing object against the reference (first) cluster.
#include <boost/json/value.hpp>
#include <map>
#include <string>
#include <vector>

namespace kubemcp::tools::compare {

// One cluster's side of a comparison.
struct Side {
  std::string cluster;
  std::string namespace_;
  bool failed = false;
  std::string error;  // the phrased failure, shown in place
  // "Kind/name" -> the normalized object.
  std::map<std::string, boost::json::value> objects;
};

// The object's leaves by path ("spec.replicas", "spec.template.spec.containers[web].image");
// items of a list of named objects are keyed by name so reordering is no difference.
std::map<std::string, std::string> flatten(const boost::json::value& object);

// The table and the counts line ("12 objects: 9 identical, 2 differ, 1 only in stage").
std::string summary(const std::vector<Side>& sides);

// Per differing object, a unified diff of its YAML between each cluster and the first that
// answered (the reference); "" when every object is identical.
std::string diff(const std::vector<Side>& sides);

// One page of the diff: whole objects from `from_key` on (keys sort as "Kind/name"), as many as
// fit in `budget` characters (at least one, itself cut when larger). `next_key` is the first
// differing object not shown ("" when none remain): the continuation to call again with.
struct DiffPage {
  std::string text;
  std::size_t shown = 0;      // differing objects on this page
  std::size_t remaining = 0;  // differing objects after it
  std::string next_key;
};
DiffPage diff_page(const std::vector<Side>& sides, const std::string& from_key, std::size_t budget);

}  // namespace kubemcp::tools::compare
