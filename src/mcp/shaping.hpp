#pragma once
// What a session sees of tools, shaped by its protocol version: 2024-11-05 gets no tool
// annotations; sessions before 2025-06-18 get no `title`, `outputSchema` or
// `structuredContent` (the JSON data travels as text instead).
#include <boost/json/object.hpp>

#include "mcp/versions.hpp"
#include "tools/framework/tool.hpp"

namespace kubemcp::mcp {

// The tools/list entry of a tool for a session speaking `version`.
boost::json::object tool_for_version(const tools::Tool& tool, const VersionFeatures& version);

// A prompts/list or resources/(templates/)list result for `version`: before 2025-06-18 its
// entries (under `key`) carry no `title`.
boost::json::value listing_for_version(boost::json::value listing, const char* key,
                                       const VersionFeatures& version);

// The tools/call result for a session speaking `version`.
boost::json::object call_result_for_version(tools::Result result, const VersionFeatures& version);

}  // namespace kubemcp::mcp
