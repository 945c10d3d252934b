#pragma once
// The two sides of a k8s_cp: the pod side written as kubectl writes it ([NAMESPACE/]POD:/path)
// and the local side, which must stay under the allowed roots (cp_roots; default: the
// server's working directory) whatever `..` or symbolic links it contains.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kubemcp::tools::extra {

struct PodPath {
  std::string ns;  // empty: the call's namespace
  std::string pod;
  std::string path;
};

// A pod side when the text before the first ':' is a pod name or NAMESPACE/POD (then the path
// after it must not be empty); nullopt for a local path (which may contain ':' after a '/').
// Throws std::invalid_argument for a pod side that names no valid pod or path.
std::optional<PodPath> parse_pod_path(std::string_view spec);

// The local path as an absolute path with every symbolic link of its existing part resolved,
// when that lies under one of `roots` (relative paths are taken from the first root); else
// std::invalid_argument naming the roots and the config key.
std::string contain_local_path(const std::string& path, const std::vector<std::string>& roots);

}  // namespace kubemcp::tools::extra
