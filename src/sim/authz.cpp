#include "sim/authz.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <sstream>
#include <string_view>
#include <vector>

#include "sim/util.hpp"

namespace kubemcp::sim {
namespace {

using Strings = std::vector<std::string_view>;

// One ClusterRoleBinding of a ClusterRole to a group, reduced to what the simulator needs.
struct Grant {
  std::string_view group;  // the subject
  std::string_view binding, role;
  Strings verbs, api_groups, resources;  // "*" matches anything (subresources too, as RBAC)
  Strings except;                        // resources the role leaves out
  Strings non_resource_urls;             // "/apis/*" matches by prefix, as RBAC
};

const Grant kGrants[] = {
    {"system:masters", "cluster-admin", "cluster-admin", {"*"}, {"*"}, {"*"}, {}, {}},
    {"system:masters", "cluster-admin", "cluster-admin", {"*"}, {}, {}, {}, {"*"}},
    {"system:authenticated",
     "system:basic-user",
     "system:basic-user",
     {"create"},
     {"authorization.k8s.io"},
     {"selfsubjectaccessreviews", "selfsubjectrulesreviews"},
     {},
     {}},
    {"system:authenticated",
     "system:basic-user",
     "system:basic-user",
     {"create"},
     {"authentication.k8s.io"},
     {"selfsubjectreviews"},
     {},
     {}},
    {"system:authenticated",
     "system:discovery",
     "system:discovery",
     {"get"},
     {},
     {},
     {},
     {"/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*",
      "/readyz", "/version", "/version/"}},
    {kViewerGroup, "sim-viewers", "view", {"get", "list", "watch"}, {"*"}, {"*"}, {"secrets"}, {}},
};

bool member(const User& u, std::string_view group) {
  return std::find(u.groups.begin(), u.groups.end(), group) != u.groups.end();
}

bool matches(const Strings& list, std::string_view value) {
  return std::any_of(list.begin(), list.end(),
                     [&](std::string_view x) { return x == "*" || x == value; });
}

bool url_matches(const Strings& urls, std::string_view path) {
  return std::any_of(urls.begin(), urls.end(), [&](std::string_view u) {
    if (u == "*" || u == path) return true;
    return u.ends_with("*") && path.starts_with(u.substr(0, u.size() - 1));
  });
}

bool grants(const Grant& g, const Attributes& a) {
  if (!matches(g.verbs, a.verb)) return false;
  if (!a.resource_request) return url_matches(g.non_resource_urls, a.path);
  std::string resource = a.resource + (a.subresource.empty() ? "" : "/" + a.subresource);
  if (g.resources.empty() || !matches(g.api_groups, a.group)) return false;
  if (std::find(g.except.begin(), g.except.end(), a.resource) != g.except.end()) return false;
  return matches(g.resources, resource);
}

std::optional<Attributes> parse(const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream ss(path);
  for (std::string p; std::getline(ss, p, '/');)
    if (!p.empty()) parts.push_back(p);
  Attributes t;
  std::size_t i = 0;
  if (parts.size() >= 2 && parts[0] == "api") {
    i = 2;
  } else if (parts.size() >= 3 && parts[0] == "apis") {
    t.group = parts[1];
    i = 3;
  } else {
    return std::nullopt;  // discovery, version, openapi: non-resource
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

std::string verb_of(const std::string& method, const Attributes& t, bool watch) {
  if (method == "GET" || method == "HEAD") {
    if (watch) return "watch";
    return t.name.empty() ? "list" : "get";
  }
  if (method == "POST") return "create";
  if (method == "PUT") return "update";
  if (method == "PATCH") return "patch";
  if (method == "DELETE") return t.name.empty() ? "deletecollection" : "delete";
  return "unknown";
}

boost::json::array strings(const Strings& list) {
  boost::json::array out;
  for (auto s : list) out.emplace_back(s);
  return out;
}

}  // namespace

Decision decide(const User& user, const Attributes& a) {
  // kube-apiserver's first authorizer: system:masters may do anything, with no reason given.
  if (member(user, "system:masters")) return {true, ""};
  for (const auto& g : kGrants)
    if (member(user, g.group) && grants(g, a))
      return {true, "RBAC: allowed by ClusterRoleBinding \"" + std::string(g.binding) +
                        "\" of ClusterRole \"" + std::string(g.role) + "\" to Group \"" +
                        std::string(g.group) + "\""};
  return {false, ""};
}

boost::json::object rules_status(const User& user,
                                 const std::vector<std::pair<std::string, std::string>>& served) {
  boost::json::array resource_rules, non_resource_rules;
  for (const auto& g : kGrants) {
    if (!member(user, g.group)) continue;
    if (!g.non_resource_urls.empty()) {
      non_resource_rules.push_back(boost::json::object{
          {"verbs", strings(g.verbs)}, {"nonResourceURLs", strings(g.non_resource_urls)}});
      continue;
    }
    if (g.except.empty()) {
      resource_rules.push_back(boost::json::object{{"verbs", strings(g.verbs)},
                                                   {"apiGroups", strings(g.api_groups)},
                                                   {"resources", strings(g.resources)}});
      continue;
    }
    // RBAC has no "all but": like the view role, list what is granted, one rule per group.
    std::vector<std::pair<std::string, boost::json::array>> by_group;
    for (const auto& [group, plural] : served) {
      if (std::find(g.except.begin(), g.except.end(), plural) != g.except.end()) continue;
      // (clang 14 cannot capture a structured binding in a lambda.)
      auto it = std::find_if(by_group.begin(), by_group.end(),
                             [&grp = group](const auto& x) { return x.first == grp; });
      if (it == by_group.end()) it = by_group.insert(by_group.end(), {group, {}});
      it->second.emplace_back(plural);
    }
    for (auto& [group, plurals] : by_group)
      resource_rules.push_back(boost::json::object{{"verbs", strings(g.verbs)},
                                                   {"apiGroups", boost::json::array{group}},
                                                   {"resources", std::move(plurals)}});
  }
  return {{"resourceRules", resource_rules},
          {"nonResourceRules", non_resource_rules},
          {"incomplete", false}};
}

std::optional<boost::json::object> authorize(const User& user, const std::string& method,
                                             const std::string& path,
                                             const std::string& query_watch) {
  auto t = parse(path);
  Attributes a;
  if (t) {
    a = *t;
    a.verb = verb_of(method, a, query_watch == "1" || query_watch == "true");
  } else {
    a.resource_request = false;
    a.path = path;
    // Non-resource requests are authorized by the lower-cased HTTP method (RequestInfo).
    a.verb = method;
    for (auto& c : a.verb) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (decide(user, a).allowed) return std::nullopt;
  if (!t) {
    return status_object(
        403, "Forbidden",
        "forbidden: User \"" + user.name + "\" cannot " + a.verb + " path \"" + path + "\"");
  }
  std::string resource = a.resource + (a.subresource.empty() ? "" : "/" + a.subresource);
  std::string what =
      a.name.empty() ? a.resource
                     : a.resource + (a.group.empty() ? "" : "." + a.group) + " \"" + a.name + "\"";
  std::string message = what + " is forbidden: User \"" + user.name + "\" cannot " + a.verb +
                        " resource \"" + resource + "\" in API group \"" + a.group + "\"";
  message +=
      a.namespace_.empty() ? " at the cluster scope" : " in the namespace \"" + a.namespace_ + "\"";
  boost::json::object details{{"kind", a.resource}};
  if (!a.name.empty()) details["name"] = a.name;
  if (!a.group.empty()) details["group"] = a.group;
  return status_object(403, "Forbidden", message, details);
}

}  // namespace kubemcp::sim
