#include "kube/url.hpp"

#include <algorithm>
#include <stdexcept>

namespace kubemcp::kube {

std::string url_encode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

Query& Query::add(std::string key, std::string value) {
  items_.emplace_back(std::move(key), std::move(value));
  return *this;
}

Query& Query::add_if(bool cond, std::string key, std::string value) {
  if (cond) add(std::move(key), std::move(value));
  return *this;
}

Query& Query::add_nonempty(std::string key, const std::string& value) {
  if (!value.empty()) add(std::move(key), value);
  return *this;
}

std::string Query::get(std::string_view key) const {
  for (const auto& [k, v] : items_)
    if (k == key) return v;
  return {};
}

std::string Query::encode() const {
  std::string out;
  for (const auto& [k, v] : items_) {
    if (!out.empty()) out.push_back('&');
    out += url_encode(k);
    out.push_back('=');
    out += url_encode(v);
  }
  return out;
}

std::string group_version_path(std::string_view group, std::string_view version) {
  if (group.empty()) return "/api/" + std::string(version);
  return "/apis/" + std::string(group) + "/" + std::string(version);
}

std::string check_label(std::string_view text, std::string_view what) {
  const std::string rule =
      " must be a DNS-1123 label: at most 63 lower-case letters, digits and '-', starting and "
      "ending with a letter or digit";
  const auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  bool ok = !text.empty() && text.size() <= 63 && alnum(text.front()) && alnum(text.back());
  for (char c : text) ok = ok && (alnum(c) || c == '-');
  return ok ? "" : std::string(what) + " '" + std::string(text) + "' is not valid:" + rule;
}

std::string check_namespace(std::string_view ns) {
  return check_label(ns, "namespace");
}

std::string check_name(std::string_view name) {
  const auto bad = [&](const std::string& why) {
    return "name '" + std::string(name) + "' is not valid: " + why;
  };
  if (name.empty()) return "a name may not be empty";
  if (name.find('/') != std::string_view::npos)
    return bad("a name may not contain '/' (give TYPE/NAME with one '/', e.g. pods/web-1)");
  if (name.find('%') != std::string_view::npos) return bad("a name may not contain '%'");
  if (name.find("..") != std::string_view::npos) return bad("a name may not contain '..'");
  if (name == ".") return bad("a name may not be '.'");
  for (unsigned char c : name)
    if (c <= ' ' || c == 0x7f) return bad("a name may not contain spaces or control characters");
  return {};
}

namespace {

void require_valid(const std::string& error) {
  if (!error.empty()) throw std::invalid_argument(error);
}

void require_segment(std::string_view segment) {
  if (segment.find_first_of("/%") != std::string_view::npos || segment == "." || segment == "..")
    throw std::invalid_argument("'" + std::string(segment) + "' is not a valid path segment");
}

}  // namespace

std::string resource_path(std::string_view group, std::string_view version,
                          std::string_view resource, bool namespaced, std::string_view ns,
                          std::string_view name, std::string_view subresource) {
  for (auto segment : {group, version, resource, subresource}) require_segment(segment);
  if (namespaced && !ns.empty()) require_valid(check_namespace(ns));
  if (!name.empty()) require_valid(check_name(name));
  std::string p = group_version_path(group, version);
  if (namespaced && !ns.empty()) p += "/namespaces/" + url_encode(ns);
  p += "/" + std::string(resource);
  if (!name.empty()) {
    p += "/" + url_encode(name);
    if (!subresource.empty()) p += "/" + std::string(subresource);
  }
  return p;
}

std::string label_selector(const std::map<std::string, std::string>& match_labels) {
  std::string out;
  for (const auto& [k, v] : match_labels) {
    if (!out.empty()) out.push_back(',');
    out += k + "=" + v;
  }
  return out;
}

std::string check_selector(std::string_view selector) {
  int depth = 0;
  std::string term;
  auto finish_term = [&]() -> std::string {
    std::size_t b = term.find_first_not_of(' ');
    if (b == std::string::npos) return "empty term in selector";
    term.clear();
    return {};
  };
  for (char c : selector) {
    if (c == '(') ++depth;
    if (c == ')' && --depth < 0) return "unbalanced ')' in selector";
    if (c == ',' && depth == 0) {
      if (auto e = finish_term(); !e.empty()) return e;
      continue;
    }
    term.push_back(c);
  }
  if (depth != 0) return "unbalanced '(' in selector";
  if (!selector.empty())
    if (auto e = finish_term(); !e.empty()) return e;
  return {};
}

std::string without_userinfo(std::string_view url) {
  const auto scheme = url.find("://");
  const std::size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
  const auto end = std::min(url.find_first_of("/?#", start), url.size());
  const auto at = url.substr(start, end - start).rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  return std::string(url.substr(0, start)) + std::string(url.substr(start + at + 1));
}

std::pair<std::string, std::string> split_api_version(std::string_view api_version) {
  const auto slash = api_version.find('/');
  if (slash == std::string_view::npos) return {"", std::string(api_version)};
  return {std::string(api_version.substr(0, slash)), std::string(api_version.substr(slash + 1))};
}

}  // namespace kubemcp::kube
