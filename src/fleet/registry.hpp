#pragma once
// The set of clusters a server works with, and the rules for naming them in a call.
#include <boost/json/value.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "fleet/config.hpp"

namespace kubemcp::fleet {

// A cluster name or alias that matches nothing; the message lists the valid names.
struct UnknownCluster : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Registry {
 public:
  explicit Registry(FleetConfig config);

  const std::vector<ClusterConfig>& clusters() const { return config_.clusters; }
  const Settings& settings() const { return config_.settings; }
  const HttpSettings& http() const { return config_.http; }
  const std::string& source() const { return config_.source; }

  // The configured default, else "stage" if present, else the only cluster; null if none.
  const ClusterConfig* default_cluster() const { return default_; }

  // Resolves a name or alias; an empty name means the default cluster.
  const ClusterConfig& resolve(const std::string& name_or_alias) const;

  // Resolves a tool's `cluster` argument for read tools: absent (default), a name or
  // alias, "all", or a list of names. Duplicates are removed, order kept.
  std::vector<const ClusterConfig*> resolve_many(const boost::json::value* arg) const;

  // "stage (s), production (p, prod)" — for messages.
  std::string describe_names() const;

 private:
  FleetConfig config_;
  const ClusterConfig* default_ = nullptr;
};

}  // namespace kubemcp::fleet
