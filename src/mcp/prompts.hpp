#pragma once
// MCP prompts: the workflows an SRE would otherwise type out (triage a namespace, review a
// rollout, compare a workload across clusters, investigate a crash-looping pod). Each is one
// declarative record — name, title, description, arguments, the tools it calls — and a
// renderer that turns validated arguments into a message naming the exact tool calls.
#include <boost/json/object.hpp>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace kubemcp::tools {
class Catalog;
}
namespace kubemcp::fleet {
class Registry;
}

namespace kubemcp::mcp {

// What completion offers for an argument (completion.cpp reads this from the records).
enum class ArgKind { cluster, clusters, namespace_, workload, pod, choice };

struct PromptArgument {
  std::string name;
  std::string description;
  bool required = false;
  ArgKind kind = ArgKind::choice;
  std::vector<std::string> choices = {};  // ArgKind::choice
};

// Arguments after validation: cluster names resolved to their canonical names.
using PromptArgs = std::map<std::string, std::string>;

struct Prompt {
  std::string name;
  std::string title;
  std::string description;
  std::vector<PromptArgument> arguments;
  std::vector<std::string> tools;  // listed only when every one of them is served
  std::function<std::string(const PromptArgs&, const fleet::Registry&)> render;
};

// Every prompt, in listing order.
const std::vector<Prompt>& all_prompts();
const Prompt* find_prompt(const std::string& name);

// The result of prompts/list: the prompts whose tools the catalog serves.
boost::json::object list_prompts(const boost::json::object& params, const tools::Catalog& catalog);

// The result of prompts/get. Throws RpcFault (-32602) naming the problem: unknown prompt,
// a tool it needs not served, an unknown, missing or malformed argument.
boost::json::object get_prompt(const boost::json::object& params, const tools::Catalog& catalog,
                               const fleet::Registry& registry);

// Checks and normalizes `arguments` for `prompt` (exposed for tests).
PromptArgs validate_arguments(const Prompt& prompt, const boost::json::object& arguments,
                              const fleet::Registry& registry);

}  // namespace kubemcp::mcp
