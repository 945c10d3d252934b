#pragma once
// URL building for the Kubernetes REST API: percent-encoding, query strings, resource
// paths and label/field selectors.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kubemcp::kube {

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string url_encode(std::string_view text);

// An ordered query (keys may repeat, e.g. exec's `command`).
class Query {
 public:
  Query& add(std::string key, std::string value);
  Query& add_if(bool cond, std::string key, std::string value);
  Query& add_nonempty(std::string key, const std::string& value);
  bool empty() const { return items_.empty(); }
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }
  std::string get(std::string_view key) const;  // first value, empty if absent
  // "a=1&b=x%20y" (no leading '?').
  std::string encode() const;

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

// Where a resource lives: /api/v1 for the core group, /apis/<group>/<version> otherwise.
std::string group_version_path(std::string_view group, std::string_view version);

// The naming rules of the API server for what goes into a request path. Each returns ""
// when the text is valid, else the rule it breaks (for an error a user can act on).
// kube-apiserver decodes %2F before routing, so a name holding '/' would reach another
// endpoint (`web/proxy/admin`): these are the only gate between arguments and paths.
//   check_namespace: a DNS-1123 label (lower-case letters, digits, '-'; at most 63).
//   check_name: an object name, a path segment: not empty, no '/', '%', "..", control
//     characters or spaces (covers DNS-1123 subdomains and names like system:node:a).
//   check_label: a DNS-1123 label, for container names.
std::string check_namespace(std::string_view ns);
std::string check_name(std::string_view name);
std::string check_label(std::string_view text, std::string_view what);

// Full path of a collection or an object:
//   /api/v1/namespaces/NS/pods[/NAME[/SUBRESOURCE]]
// `ns` empty means cluster scope (or all namespaces for a namespaced list). Throws
// std::invalid_argument when `ns` or `name` breaks the rules above, or a segment from
// discovery holds '/' or '%': no caller can reach a path it does not name itself.
std::string resource_path(std::string_view group, std::string_view version,
                          std::string_view resource, bool namespaced, std::string_view ns,
                          std::string_view name = {}, std::string_view subresource = {});

// Label selector from equality terms: {"app":"web","tier":"fe"} -> "app=web,tier=fe".
std::string label_selector(const std::map<std::string, std::string>& match_labels);

// Validates a selector expression the way the API server would reject it early (balanced
// parentheses for set-based terms, no empty terms). Returns an error text or "".
std::string check_selector(std::string_view selector);

// A URL as it may be shown: "https://user:pw@host:6443/x" -> "https://host:6443/x" (a
// server URL's userinfo is a credential).
std::string without_userinfo(std::string_view url);

// Splits "group/version" (core: "v1") into {group, version}.
std::pair<std::string, std::string> split_api_version(std::string_view api_version);

}  // namespace kubemcp::kube
