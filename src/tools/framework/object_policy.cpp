#include "tools/framework/object_policy.hpp"

#include <cctype>

namespace kubemcp::tools {

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative matcher with one backtrack point (the last `*`): linear for these short names.
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p, ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A kinds entry is `Kind` (any group) or `Kind.group`; kinds compare without case, as kubectl
// accepts `deployment` for Deployment.
bool kind_matches(std::string_view entry, std::string_view group, std::string_view kind) {
  const auto dot = entry.find('.');
  const std::string_view entry_kind = entry.substr(0, dot);
  if (!glob_match(lower(entry_kind), lower(kind))) return false;
  if (dot == std::string_view::npos) return true;
  return glob_match(entry.substr(dot + 1), group);
}

bool name_matches(std::string_view entry, std::string_view name) {
  return glob_match(entry, name);
}

template <class Match>
const std::string* first_match(const std::vector<std::string>& entries, Match&& match) {
  for (const auto& e : entries)
    if (match(e)) return &e;
  return nullptr;
}

// The refusal for one list, or "".
template <class Match>
std::string check(const fleet::NameRules& rules, const char* list, const std::string& what,
                  const std::string& cluster, Match&& match) {
  if (const auto* e = first_match(rules.deny, match))
    return what + " is denied on cluster '" + cluster + "' (" + list + ".deny: " + *e + ")";
  if (!rules.allow.empty() && !first_match(rules.allow, match)) {
    std::string allowed;
    for (const auto& a : rules.allow) allowed += (allowed.empty() ? "" : ", ") + a;
    return what + " is not allowed on cluster '" + cluster + "' (" + list + ".allow: " + allowed +
           ")";
  }
  return "";
}

}  // namespace

std::string check_object_allowed(const fleet::ClusterConfig& cluster, const ObjectRef& o) {
  const std::string kind_name =
      std::string(o.kind) + (o.group.empty() ? "" : "." + std::string(o.group));
  auto refusal = check(cluster.kinds, "kinds", "kind " + kind_name, cluster.name,
                       [&](const std::string& e) { return kind_matches(e, o.group, o.kind); });
  if (!refusal.empty()) return refusal;
  // A Namespace object is its namespace: creating or deleting `kube-system` is a change to it.
  const bool is_namespace = o.group.empty() && o.kind == "Namespace";
  const std::string_view ns = is_namespace ? o.name : o.namespace_;
  if (ns.empty()) return "";
  return check(cluster.namespaces, "namespaces", "namespace '" + std::string(ns) + "'",
               cluster.name, [&](const std::string& e) { return name_matches(e, ns); });
}

}  // namespace kubemcp::tools
