#pragma once
// kubectl-cp over exec: tar streamed through the exec WebSocket, built by kube/tar_writer and
// read with libarchive. Extraction refuses entries that would land outside the target directory.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kube/rest_client.hpp"

namespace kubemcp::kube {

struct CopyResult {
  std::size_t files = 0;
  std::size_t directories = 0;
  std::uint64_t bytes = 0;
  std::vector<std::string> skipped;  // entries refused (escaping paths, links, devices)
};

struct CopyOptions {
  std::string container;
  std::chrono::milliseconds timeout{300000};
  std::size_t max_bytes = 256u << 20;
};

// Copies a local file or directory to `remote_path` in the pod (into it when it is a
// directory there, like kubectl cp).
CopyResult copy_to_pod(Client& c, std::string_view ns, std::string_view pod,
                       const std::string& local_path, const std::string& remote_path,
                       const CopyOptions& o = {}, const net::CancelPtr& cancel = {});

// Copies a file or directory from the pod to `local_path` (into it when it is an existing
// directory).
CopyResult copy_from_pod(Client& c, std::string_view ns, std::string_view pod,
                         const std::string& remote_path, const std::string& local_path,
                         const CopyOptions& o = {}, const net::CancelPtr& cancel = {});

// Builds a tar of `local_path` whose entries are named under `archive_name`.
std::string make_tar(const std::string& local_path, const std::string& archive_name,
                     CopyResult& stats);

// Extracts `tar` entries named `prefix` or `prefix/...` into `target` (the prefix maps to
// `target` itself). Entries with `..`, absolute names after the prefix, links and devices
// are skipped and listed.
CopyResult extract_tar(const std::string& tar, const std::string& prefix,
                       const std::string& target);

}  // namespace kubemcp::kube
