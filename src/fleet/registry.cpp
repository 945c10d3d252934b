#include "fleet/registry.hpp"

#include <algorithm>
#include <boost/json.hpp>

namespace kubemcp::fleet {

Registry::Registry(FleetConfig config) : config_(std::move(config)) {
  const auto find = [&](const std::string& n) -> const ClusterConfig* {
    for (const auto& c : config_.clusters)
      if (c.answers_to(n)) return &c;
    return nullptr;
  };
  if (!config_.default_cluster.empty()) default_ = find(config_.default_cluster);
  if (!default_) default_ = find("stage");
  if (!default_ && config_.clusters.size() == 1) default_ = &config_.clusters.front();
}

std::string Registry::describe_names() const {
  std::string out;
  for (const auto& c : config_.clusters) {
    if (!out.empty()) out += ", ";
    out += c.name;
    if (!c.aliases.empty()) {
      out += " (";
      for (size_t i = 0; i < c.aliases.size(); ++i) out += (i ? ", " : "") + c.aliases[i];
      out += ")";
    }
  }
  return out.empty() ? "none configured" : out;
}

const ClusterConfig& Registry::resolve(const std::string& n) const {
  if (n.empty()) {
    if (default_) return *default_;
    throw UnknownCluster("no cluster given and no default cluster; name one of: " +
                         describe_names());
  }
  for (const auto& c : config_.clusters)
    if (c.answers_to(n)) return c;
  throw UnknownCluster("unknown cluster '" + n + "'; valid names and aliases: " + describe_names());
}

std::vector<const ClusterConfig*> Registry::resolve_many(const boost::json::value* arg) const {
  std::vector<const ClusterConfig*> out;
  const auto add = [&](const ClusterConfig* c) {
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  };
  const auto add_name = [&](const std::string& n) {
    if (n == "all") {
      for (const auto& c : config_.clusters) add(&c);
    } else {
      add(&resolve(n));
    }
  };
  if (!arg || arg->is_null()) {
    add(&resolve(""));
  } else if (arg->is_string()) {
    add_name(std::string(arg->get_string()));
  } else if (arg->is_array()) {
    for (const auto& v : arg->get_array()) {
      if (!v.is_string()) throw UnknownCluster("cluster list entries must be names or aliases");
      add_name(std::string(v.get_string()));
    }
    if (out.empty()) throw UnknownCluster("the cluster list is empty; name at least one cluster");
  } else {
    throw UnknownCluster("cluster must be a name, an alias, \"all\" or a list of names");
  }
  return out;
}

}  // namespace kubemcp::fleet
