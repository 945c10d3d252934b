#include "sim/authz.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <sstream>
#include <vector>

#include "sim/util.hpp"

namespace kubemcp::sim {
namespace {

struct Target {
  std::string group, resource, namespace_, name, subresource;
};

// /api/v1/[namespaces/NS/]RES[/NAME[/SUB]] and /apis/G/V/[namespaces/NS/]RES[/NAME[/SUB]].
std::optional<Target> parse(const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream ss(path);
  for (std::string p; std::getline(ss, p, '/');)
    if (!p.empty()) parts.push_back(p);
  Target t;
  std::size_t i = 0;
  if (parts.size() >= 2 && parts[0] == "api") {
    i = 2;
  } else if (parts.size() >= 3 && parts[0] == "apis") {
    t.group = parts[1];
    i = 3;
  } else {
    return std::nullopt;  // discovery, version, openapi: readable by anyone authenticated
  }
  if (i + 1 < parts.size() && parts[i] == "namespaces" && i + 2 < parts.size()) {
    t.namespace_ = parts[i + 1];
    i += 2;
  }
  if (i >= parts.size()) return std::nullopt;
  t.resource = parts[i];
  if (i + 1 < parts.size()) t.name = parts[i + 1];
  if (i + 2 < parts.size()) t.subresource = parts[i + 2];
  return t;
}

std::string verb_of(const std::string& method, const Target& t) {
  if (method == "GET" || method == "HEAD") return t.name.empty() ? "list" : "get";
  if (method == "POST") return "create";
  if (method == "PUT") return "update";
  if (method == "PATCH") return "patch";
  if (method == "DELETE") return t.name.empty() ? "deletecollection" : "delete";
  return "unknown";
}

}  // namespace

std::optional<boost::json::object> authorize(const User& user, const std::string& method,
                                             const std::string& path) {
  const auto in = [&](const char* g) {
    return std::find(user.groups.begin(), user.groups.end(), g) != user.groups.end();
  };
  if (in("system:masters") || !in(kViewerGroup)) return std::nullopt;
  const auto t = parse(path);
  if (!t) return std::nullopt;
  const std::string verb = verb_of(method, *t);
  const bool read = verb == "get" || verb == "list";
  if (read && t->resource != "secrets") return std::nullopt;
  std::string resource = t->resource + (t->subresource.empty() ? "" : "/" + t->subresource);
  std::string what = t->name.empty() ? t->resource
                                     : t->resource + (t->group.empty() ? "" : "." + t->group) +
                                           " \"" + t->name + "\"";
  std::string message = what + " is forbidden: User \"" + user.name + "\" cannot " + verb +
                        " resource \"" + resource + "\" in API group \"" + t->group + "\"";
  message += t->namespace_.empty() ? " at the cluster scope"
                                   : " in the namespace \"" + t->namespace_ + "\"";
  boost::json::object details{{"kind", t->resource}};
  if (!t->name.empty()) details["name"] = t->name;
  if (!t->group.empty()) details["group"] = t->group;
  return status_object(403, "Forbidden", message, details);
}

}  // namespace kubemcp::sim
