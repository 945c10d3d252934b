#pragma once
// Internal to fleet/: the YAML helpers of the config parser (config.cpp) and the parsers of
// its service-mode sections (config_service.cpp). Errors carry FILE:LINE.
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>
#include <vector>

#include "fleet/config.hpp"

namespace kubemcp::fleet {

inline constexpr const char* kAutomaticSource = "automatic (~/.kube/config.*)";

namespace detail {

[[noreturn]] void fail(const std::string& path, const YAML::Node& node, const std::string& why);
std::string expand_path(const std::string& p, const std::string& config_path);
std::string key_of(const YAML::Node& key, const std::string& path);
std::string scalar(const YAML::Node& n, const std::string& path, const std::string& what);
std::vector<std::string> string_list(const YAML::Node& n, const std::string& path,
                                     const std::string& what);
bool boolean(const YAML::Node& n, const std::string& path, const std::string& what);
// `read-only` or `read-write`; anything else names `what` in the error.
Access access_level(const YAML::Node& n, const std::string& path, const std::string& what);
std::size_t bounded(const YAML::Node& v, const std::string& path, const std::string& key, long low,
                    long high);

// `http.oidc:`; `http:` with only `oidc` into settings (the HTTP transport's own keys join
// it there); `in_cluster:` (a map, or false to disable).
OidcConfig parse_oidc(const YAML::Node& node, const std::string& path);
InClusterConfig parse_in_cluster(const YAML::Node& node, const std::string& path);

}  // namespace detail
}  // namespace kubemcp::fleet
