#pragma once
// Every MCP protocol version kubemcp speaks, and what each one has. The server consults this
// one place (negotiation and per-version feature flags) instead of comparing version strings.
#include <boost/json/object.hpp>
#include <span>
#include <string>
#include <string_view>

namespace kubemcp::mcp {

// What a session may send and must accept, by negotiated protocol version.
struct VersionFeatures {
  std::string_view version;
  bool has_annotations = false;         // tool annotations (2025-03-26)
  bool accepts_batches = false;         // receiving JSON-RPC batches is required (2025-03-26 only)
  bool has_title = false;               // `title` on tools and serverInfo (2025-06-18)
  bool has_structured_content = false;  // outputSchema and structuredContent (2025-06-18)
  bool has_elicitation = false;         // elicitation/create (2025-06-18)
};

// Supported versions, oldest first; the last is our latest.
std::span<const VersionFeatures> supported_versions();
const VersionFeatures& latest_version();

// The version to answer `initialize` with: the client's when we speak it, else our latest.
const VersionFeatures& negotiate_version(std::string_view requested);

// What one session may use: its version's features, narrowed by the client's capabilities.
struct SessionFeatures {
  VersionFeatures version = latest_version();
  bool client_elicitation = false;  // the client declared `elicitation` in its capabilities

  bool can_elicit() const { return version.has_elicitation && client_elicitation; }
};

SessionFeatures session_features(std::string_view requested_version,
                                 const boost::json::object& client_capabilities);

}  // namespace kubemcp::mcp
