#include "tools/core/manifest_sources.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kubemcp::tools {
namespace fs = std::filesystem;

namespace {

bool within(const fs::path& path, const fs::path& root) {
  auto p = path.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++p) {
    if (r->empty()) continue;  // a trailing separator
    if (p == path.end() || *p != *r) return false;
  }
  return true;
}

std::string roots_text(const std::vector<fs::path>& roots) {
  std::string s;
  for (const auto& r : roots) s += (s.empty() ? "" : ", ") + r.string();
  return s;
}

std::vector<fs::path> canonical_roots(const std::vector<std::string>& roots) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (roots.empty()) out.push_back(fs::canonical(fs::current_path(), ec));
  for (const auto& r : roots) {
    auto c = fs::canonical(r, ec);
    if (!ec) out.push_back(c);
  }
  return out;
}

std::string read_text(const fs::path& file, std::size_t& total) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw SourceError("cannot read " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  total += text.str().size();
  if (total > kube::kMaxManifestBytes)
    throw SourceError("the manifests under the path are larger than " +
                      std::to_string(kube::kMaxManifestBytes >> 20) + " MiB");
  return text.str();
}

bool is_manifest_file(const fs::directory_entry& e) {
  const auto ext = e.path().extension().string();
  return e.is_regular_file() && (ext == ".yaml" || ext == ".yml" || ext == ".json");
}

}  // namespace

std::string resolve_under_roots(const std::string& path, const std::vector<std::string>& roots) {
  const auto allowed = canonical_roots(roots);
  std::error_code ec;
  const fs::path resolved = fs::canonical(path, ec);
  if (ec) throw SourceError("path '" + path + "' does not exist or cannot be read");
  for (const auto& root : allowed)
    if (within(resolved, root)) return resolved.string();
  throw SourceError("path '" + path + "' is outside the allowed roots (" + roots_text(allowed) +
                    "); set `cp_roots` in the kubemcp config to read manifests elsewhere, or "
                    "pass the manifest text as `manifest`");
}

std::vector<kube::ManifestObject> read_manifest_path(const std::string& path,
                                                     const std::vector<std::string>& roots) {
  const fs::path resolved = resolve_under_roots(path, roots);
  std::size_t total = 0;
  if (!fs::is_directory(resolved)) return kube::parse_manifests(read_text(resolved, total), path);
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(resolved))
    if (is_manifest_file(e)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  if (files.empty())
    throw SourceError("directory '" + path + "' holds no *.yaml, *.yml or *.json file");
  std::vector<kube::ManifestObject> out;
  for (const auto& f : files) {
    // A symlink in the directory may lead out of the roots: check each file too.
    const std::string file = resolve_under_roots(f.string(), roots);
    auto objects =
        kube::parse_manifests(read_text(file, total), (fs::path(path) / f.filename()).string());
    std::move(objects.begin(), objects.end(), std::back_inserter(out));
  }
  return out;
}

}  // namespace kubemcp::tools
