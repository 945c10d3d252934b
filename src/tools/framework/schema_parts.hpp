#pragma once
// The pieces tool records are made of: the properties many tools share (cluster, namespace),
// the annotation sets of each kind of tool, and `record`, which assembles one Tool. Each tool
// file declares its record with these, next to its handler.
#include <initializer_list>
#include <string>

#include "tools/framework/tool.hpp"

namespace kubemcp::tools::parts {

// `cluster` for tools that read from several clusters at once.
inline constexpr const char* kClusterMany =
    R"("cluster": {"type": ["string", "array"], "items": {"type": "string"},
  "description": "Cluster name or alias, \"all\", or a list of names. Default: the default cluster."})";
// `cluster` for tools that act on exactly one.
inline constexpr const char* kClusterOne = R"("cluster": {"type": "string",
  "description": "Cluster name or alias. Default: the default cluster."})";
inline constexpr const char* kNamespace = R"("namespace": {"type": "string",
  "description": "Namespace. Default: the cluster's default namespace."})";
// `confirm` on every tool that changes something: a protected cluster (or a risky change)
// needs it when the client cannot ask the user itself.
inline constexpr const char* kConfirm = R"("confirm": {"type": "boolean",
  "description": "Set true only after the user has confirmed this change; needed on protected clusters when the client cannot ask the user (MCP elicitation)."})";
// `dry_run` for tools that can ask the server what a change would do.
inline constexpr const char* kDryRun = R"("dry_run": {"type": "boolean",
  "description": "Server-side dry run: validate and show the result without changing anything."})";

// Reads: no side effects, same answer when repeated, talk to clusters (an open world).
inline constexpr Annotations kRead{
    .read_only = true, .destructive = false, .idempotent = true, .open_world = true};

// Changes that are not destructive and give the same end state when repeated (scale, apply).
inline constexpr Annotations kChange{
    .read_only = false, .destructive = false, .idempotent = true, .open_world = true};
// Changes that can remove or replace what exists (delete, rollout undo and restart).
inline constexpr Annotations kDestructive{
    .read_only = false, .destructive = true, .idempotent = false, .open_world = true};

// An object schema of the given properties; extra arguments are refused.
std::string object_schema(std::initializer_list<const char*> properties);

struct Record {
  std::string name;
  std::string title;
  std::string description;         // whole sentences, ending with an example call
  std::string schema;              // from object_schema
  const char* required = nullptr;  // a JSON array of property names, or null
  Tier tier = Tier::basic;
  Annotations annotations = kRead;
};

// Builds the Tool from its record and handler (the schema literal is checked by the
// catalog's unit test: a malformed one throws).
Tool record(Record r, Handler handler);

}  // namespace kubemcp::tools::parts
