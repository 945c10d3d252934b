#include "sim/validate_names.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <map>

#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

// Regular expressions are matched by hand: std::regex recurses per character and the inputs
// come from clients.
bool lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool any_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// [a-z0-9]([-a-z0-9]*[a-z0-9])?
bool is_label(std::string_view v) {
  if (v.empty() || !lower_alnum(v.front()) || !lower_alnum(v.back())) return false;
  return std::all_of(v.begin(), v.end(), [](char c) { return lower_alnum(c) || c == '-'; });
}

// label(\.label)*
bool is_subdomain(std::string_view v) {
  for (size_t start = 0;;) {
    size_t dot = v.find('.', start);
    if (!is_label(v.substr(start, dot == std::string_view::npos ? dot : dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool is_qualified(std::string_view v) {
  if (v.empty() || !any_alnum(v.front()) || !any_alnum(v.back())) return false;
  return std::all_of(v.begin(), v.end(),
                     [](char c) { return any_alnum(c) || c == '-' || c == '_' || c == '.'; });
}

std::string max_len(size_t n) {
  return "must be no more than " + std::to_string(n) + " characters";
}

// validation.RegexError: "<msg> (e.g. 'a' or 'b', regex used for validation is '<fmt>')".
std::string regex_error(const std::string& msg, const std::string& fmt,
                        std::initializer_list<const char*> examples) {
  std::string out = msg + " (e.g. ";
  size_t i = 0;
  for (const char* e : examples) out += std::string(i++ ? " or " : "") + "'" + e + "', ";
  return out + "regex used for validation is '" + fmt + "')";
}

const char* kLabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const char* kQualifiedFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const char* kQualifiedMsg =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character";

}  // namespace

Messages dns1123_label(const std::string& v) {
  Messages m;
  if (v.size() > 63) m.push_back(max_len(63));
  if (!is_label(v))
    m.push_back(is_subdomain(v) ? "must not contain dots"
                                : regex_error("a lowercase RFC 1123 label must consist of lower "
                                              "case alphanumeric characters or '-', and must "
                                              "start and end with an alphanumeric character",
                                              kLabelFmt, {"my-name", "123-abc"}));
  return m;
}

Messages dns1123_subdomain(const std::string& v) {
  Messages m;
  if (v.size() > 253) m.push_back(max_len(253));
  if (!is_subdomain(v))
    m.push_back(regex_error(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' "
        "or '.', and must start and end with an alphanumeric character",
        std::string(kLabelFmt) + "(\\." + kLabelFmt + ")*", {"example.com"}));
  return m;
}

Messages dns1035_label(const std::string& v) {
  Messages m;
  if (v.size() > 63) m.push_back(max_len(63));
  bool ok = is_label(v) && v.front() >= 'a' && v.front() <= 'z';
  if (!ok)
    m.push_back(regex_error(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with "
        "an alphabetic character, and end with an alphanumeric character",
        "[a-z]([-a-z0-9]*[a-z0-9])?", {"my-name", "abc-123"}));
  return m;
}

Messages qualified_name(const std::string& v) {
  Messages m;
  std::string name = v;
  size_t slashes = std::count(v.begin(), v.end(), '/');
  if (slashes > 1)
    return {"a qualified name " +
            regex_error(kQualifiedMsg, kQualifiedFmt, {"MyName", "my.name", "123-abc"}) +
            " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"};
  if (slashes == 1) {
    std::string prefix = v.substr(0, v.find('/'));
    name = v.substr(v.find('/') + 1);
    if (prefix.empty()) {
      m.push_back("prefix part must be non-empty");
    } else {
      for (const auto& e : dns1123_subdomain(prefix)) m.push_back("prefix part " + e);
    }
  }
  if (name.empty()) {
    m.push_back("name part must be non-empty");
  } else if (name.size() > 63) {
    m.push_back("name part " + max_len(63));
  }
  if (!is_qualified(name))
    m.push_back("name part " +
                regex_error(kQualifiedMsg, kQualifiedFmt, {"MyName", "my.name", "123-abc"}));
  return m;
}

Messages label_value(const std::string& v) {
  Messages m;
  if (v.size() > 63) m.push_back(max_len(63));
  if (!v.empty() && !is_qualified(v))
    m.push_back(regex_error(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' "
        "or '.', and must start and end with an alphanumeric character",
        std::string("(") + kQualifiedFmt + ")?", {"MyValue", "my_value", "12345"}));
  return m;
}

Messages config_map_key(const std::string& v) {
  Messages m;
  if (v.size() > 253) m.push_back(max_len(253));
  bool ok = !v.empty() && std::all_of(v.begin(), v.end(), [](char c) {
    return any_alnum(c) || c == '-' || c == '_' || c == '.';
  });
  if (!ok)
    m.push_back(
        regex_error("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                    "[-._a-zA-Z0-9]+", {"key.name", "KEY_NAME", "key-name"}));
  if (v == ".") {
    m.push_back("must not be '.'");
  } else if (v == "..") {
    m.push_back("must not be '..'");
  } else if (v.starts_with("..")) {
    m.push_back("must not start with '..'");
  }
  return m;
}

Messages port_name(const std::string& v) {
  Messages m;
  if (v.size() > 15) m.push_back(max_len(15));
  if (v.empty() ||
      !std::all_of(v.begin(), v.end(), [](char c) { return lower_alnum(c) || c == '-'; }))
    m.push_back("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (std::none_of(v.begin(), v.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
    m.push_back("must contain at least one letter (a-z)");
  if (v.find("--") != std::string::npos) m.push_back("must not contain consecutive hyphens");
  if (!v.empty() && (v.front() == '-' || v.back() == '-'))
    m.push_back("must not begin or end with a hyphen");
  return m;
}

NameRule name_rule_of(const std::string& kind) {
  // pkg/apis/core/validation and friends: the few kinds whose names are not DNS subdomains.
  static const std::map<std::string, NameRule> rules{
      {"Namespace", NameRule::Label},         {"Service", NameRule::Dns1035},
      {"Role", NameRule::PathSegment},        {"ClusterRole", NameRule::PathSegment},
      {"RoleBinding", NameRule::PathSegment}, {"ClusterRoleBinding", NameRule::PathSegment},
  };
  auto it = rules.find(kind);
  return it == rules.end() ? NameRule::Subdomain : it->second;
}

Messages name_messages(NameRule rule, const std::string& name) {
  switch (rule) {
    case NameRule::Label:
      return dns1123_label(name);
    case NameRule::Dns1035:
      return dns1035_label(name);
    case NameRule::PathSegment: {
      if (name == "." || name == "..") return {"may not be '" + name + "'"};
      Messages m;
      if (name.find('/') != std::string::npos) m.push_back("may not contain '/'");
      if (name.find('%') != std::string::npos) m.push_back("may not contain '%'");
      return m;
    }
    case NameRule::Subdomain:
      break;
  }
  return dns1123_subdomain(name);
}

void validate_labels(const json::object& labels, const std::string& path, FieldErrors& errs) {
  for (const auto& [k, v] : labels) {
    std::string key(k);
    for (const auto& m : qualified_name(key)) errs.invalid(path, json::string(key), m);
    if (!v.is_string()) continue;  // the decoder refuses other types before validation
    for (const auto& m : label_value(std::string(v.as_string()))) errs.invalid(path, v, m);
  }
}

void validate_object_meta(const json::object& md, NameRule rule, const std::string& path,
                          FieldErrors& errs, bool check_name) {
  if (check_name) {
    if (std::string gen = str_at(md, "generateName"); !gen.empty()) {
      // A prefix may end in '-': the generated suffix follows (maskTrailingDash).
      std::string masked = gen;
      if (masked.size() > 1 && masked.back() == '-') masked.back() = 'a';
      for (const auto& m : name_messages(rule, masked))
        errs.invalid(path + ".generateName", json::string(gen), m);
    }
    if (std::string name = str_at(md, "name"); !name.empty())
      for (const auto& m : name_messages(rule, name))
        errs.invalid(path + ".name", json::string(name), m);
  }
  if (const auto* labels = obj_at(md, "labels")) validate_labels(*labels, path + ".labels", errs);
  if (const auto* ann = obj_at(md, "annotations")) {
    size_t total = 0;
    for (const auto& [k, v] : *ann) {
      std::string key(k), lower = key;
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      for (const auto& m : qualified_name(lower))
        errs.invalid(path + ".annotations", json::string(key), m);
      total += key.size() + (v.is_string() ? v.as_string().size() : 0);
    }
    constexpr size_t kAnnotationLimit = 256 * 1024;
    if (total > kAnnotationLimit) errs.too_long(path + ".annotations", kAnnotationLimit);
  }
}

}  // namespace kubemcp::sim
