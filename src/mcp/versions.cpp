#include "mcp/versions.hpp"

#include <algorithm>
#include <array>

namespace kubemcp::mcp {
namespace {

constexpr std::array<VersionFeatures, 4> kVersions = {{
    {.version = "2024-11-05"},
    {.version = "2025-03-26", .has_annotations = true, .accepts_batches = true},
    {.version = "2025-06-18",
     .has_annotations = true,
     .has_title = true,
     .has_structured_content = true,
     .has_elicitation = true},
    {.version = "2025-11-25",
     .has_annotations = true,
     .has_title = true,
     .has_structured_content = true,
     .has_elicitation = true},
}};

}  // namespace

std::span<const VersionFeatures> supported_versions() {
  return kVersions;
}

const VersionFeatures& latest_version() {
  return kVersions.back();
}

const VersionFeatures& negotiate_version(std::string_view requested) {
  const auto it = std::find_if(kVersions.begin(), kVersions.end(),
                               [&](const VersionFeatures& v) { return v.version == requested; });
  return it != kVersions.end() ? *it : latest_version();
}

SessionFeatures session_features(std::string_view requested_version,
                                 const boost::json::object& client_capabilities) {
  SessionFeatures s;
  s.version = negotiate_version(requested_version);
  const auto* e = client_capabilities.if_contains("elicitation");
  s.client_elicitation = e && e->is_object();
  return s;
}

}  // namespace kubemcp::mcp
