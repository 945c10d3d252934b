#pragma once
// Where k8s_apply's manifests come from: the `manifest` text, or a file or directory named
// by `path`, read only under the configured allowed roots (`cp_roots`; default the working
// directory). `..`, absolute paths elsewhere and symlinks that lead out are refused.
#include <string>
#include <vector>

#include "kube/manifest.hpp"

namespace kubemcp::tools {

// A path that is outside every allowed root, missing, or holds no manifest file.
struct SourceError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The canonical path of `path` (relative to the working directory) when it lies under one of
// `roots` (empty: the working directory) after every symlink is resolved; else SourceError.
std::string resolve_under_roots(const std::string& path, const std::vector<std::string>& roots);

// Reads and parses the file, or every *.yaml, *.yml and *.json file directly in the directory
// (sorted by name, as kubectl -f DIR), each checked against the roots. Throws SourceError or
// kube::ManifestError (naming the file, document and line).
std::vector<kube::ManifestObject> read_manifest_path(const std::string& path,
                                                     const std::vector<std::string>& roots);

}  // namespace kubemcp::tools
