#pragma once
// The tools a server offers: the tier lists filtered by --tiers and --read-only, and the
// one door every call passes through (argument check, then the handler).
#include <boost/json/object.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "tools/framework/tool.hpp"

namespace kubemcp::tools {

struct CatalogOptions {
  std::set<Tier> tiers = {Tier::basic, Tier::core, Tier::extra};
  bool read_only = false;  // serve only tools annotated readOnlyHint
};

// Parses "basic,core" into tiers; throws std::invalid_argument naming a bad tier.
std::set<Tier> parse_tiers(const std::string& list);

// Every implemented tool of every tier, in listing order.
std::vector<Tool> all_tools();

// A call the access policy refuses (a change on a read-only cluster).
struct PolicyRefusal : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Catalog {
 public:
  explicit Catalog(CatalogOptions options = {});
  // A catalog of the given tools (tests use this to serve fixtures of their own).
  Catalog(std::vector<Tool> tools, CatalogOptions options);

  const std::vector<Tool>& tools() const { return tools_; }
  const Tool* find(const std::string& name) const;

  // The one door every call passes through: validates `args` against the tool's schema,
  // refuses a change on a read-only cluster, has the user confirm a change on a protected
  // one (confirm.hpp), runs the handler, audits every change attempted. Bad
  // arguments, refusals and handler exceptions become results with isError, never crashes.
  Result call(const Tool& tool, const boost::json::value& args, Context& ctx) const;

  // The MCP `Tool` object for tools/list.
  static boost::json::object describe(const Tool& tool);

 private:
  // `reached`: the handler ran and the cluster answered, so asking it who we are (once per
  // cluster) costs no refused or unreachable cluster a request.
  void audit(const Tool& tool, const boost::json::object& args, Context& ctx,
             const fleet::ClusterConfig* target, const Result& result, bool reached) const;

  std::vector<Tool> tools_;
};

}  // namespace kubemcp::tools
