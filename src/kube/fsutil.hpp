#pragma once
// Small file helpers used inside kube/.
#include <cstdint>
#include <optional>
#include <string>

namespace kubemcp::kube {

// Whole file, or nullopt when it cannot be read.
std::optional<std::string> read_file(const std::string& path);

// A change stamp (mtime in ns mixed with size); -1 when the file is missing.
std::int64_t file_stamp(const std::string& path);

}  // namespace kubemcp::kube
