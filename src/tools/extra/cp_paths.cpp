#include "tools/extra/cp_paths.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "kube/url.hpp"

namespace kubemcp::tools::extra {
namespace fs = std::filesystem;
namespace {

bool under(const fs::path& path, const fs::path& root) {
  const auto [r, p] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  // A trailing "" element (root ending in '/') matches anything.
  return r == root.end() || (std::next(r) == root.end() && r->empty());
}

std::string join(const std::vector<std::string>& roots) {
  std::string out;
  for (const auto& r : roots) out += (out.empty() ? "" : ", ") + r;
  return out;
}

}  // namespace

std::optional<PodPath> parse_pod_path(std::string_view spec) {
  const auto colon = spec.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  const std::string_view who = spec.substr(0, colon);
  // Local paths such as ./a:b or /tmp/x:y: a pod side has at most one '/' before the ':'.
  if (who.front() == '.' || who.front() == '/' || std::count(who.begin(), who.end(), '/') > 1)
    return std::nullopt;
  PodPath p;
  const auto slash = who.find('/');
  p.pod = std::string(slash == std::string_view::npos ? who : who.substr(slash + 1));
  if (slash != std::string_view::npos) {
    p.ns = std::string(who.substr(0, slash));
    if (auto e = kube::check_namespace(p.ns); !e.empty())
      throw std::invalid_argument("'" + std::string(spec) + "': " + e);
  }
  if (auto e = kube::check_name(p.pod); !e.empty())
    throw std::invalid_argument("'" + std::string(spec) + "': " + e);
  p.path = std::string(spec.substr(colon + 1));
  if (p.path.empty())
    throw std::invalid_argument("'" + std::string(spec) +
                                "' names no path in the pod; write POD:/path, e.g. web-1:/tmp/x");
  return p;
}

std::string contain_local_path(const std::string& path, const std::vector<std::string>& roots) {
  if (roots.empty()) throw std::invalid_argument("no local root is allowed for k8s_cp");
  if (path.empty()) throw std::invalid_argument("the local path is empty");
  fs::path p(path);
  if (p.is_relative()) p = fs::path(roots.front()) / p;
  std::error_code ec;
  // Resolves `..` and every link of the part that exists, so neither can lead out of a root.
  const fs::path real = fs::weakly_canonical(p, ec);
  if (!ec)
    for (const auto& root : roots) {
      const fs::path real_root = fs::weakly_canonical(root, ec);
      if (!ec && under(real, real_root)) return real.string();
    }
  throw std::invalid_argument(
      "local path '" + path + "' is outside the directories k8s_cp may use (" + join(roots) +
      "; cp_roots in the kubemcp config, default the server's working directory). Nothing was "
      "copied.");
}

}  // namespace kubemcp::tools::extra
