#include "kube/manifest.hpp"

#include <yaml-cpp/yaml.h>

#include <boost/json.hpp>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "net/json_limits.hpp"

namespace kubemcp::kube {
namespace json = boost::json;

namespace {

std::string member(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

const json::object* metadata(const json::object& o) {
  const auto* md = o.if_contains("metadata");
  return md && md->is_object() ? &md->get_object() : nullptr;
}

// A namespace is a DNS-1123 label; checked here so no request path is built from another.
bool dns_label(const std::string& s) {
  if (s.empty() || s.size() > 63) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return s.front() != '-' && s.back() != '-';
}

// One raw document: its text and the line it starts on.
struct RawDocument {
  std::string_view text;
  std::size_t line = 1;
};

// Splits on separator lines as kubectl's YAML reader does: a line that starts with `---`
// followed by nothing but spaces or a comment. Text after `---` (`--- {a: 1}`) is content.
std::vector<RawDocument> split_documents(std::string_view text) {
  std::vector<RawDocument> docs;
  std::size_t start = 0, line = 1, start_line = 1, pos = 0;
  while (pos <= text.size()) {
    const std::size_t eol = std::min(text.find('\n', pos), text.size());
    const std::string_view l = text.substr(pos, eol - pos);
    if (l.starts_with("---")) {
      const auto rest = l.substr(3);
      const auto first = rest.find_first_not_of(" \t\r");
      if (first == std::string_view::npos || rest[first] == '#') {
        docs.push_back({text.substr(start, pos - start), start_line});
        start = std::min(eol + 1, text.size());
        start_line = line + 1;
      }
    }
    if (eol == text.size()) break;
    pos = eol + 1;
    ++line;
  }
  docs.push_back({text.substr(start), start_line});
  return docs;
}

// Scalars resolved as sigs.k8s.io/yaml (go-yaml v2, YAML 1.1) resolves them, so a manifest
// means here what it means to kubectl: `yes`/`on` are booleans, `0644` is octal 420.
class ScalarResolver {
 public:
  static json::value resolve(const YAML::Node& n) {
    const std::string& s = n.Scalar();
    const std::string& tag = n.Tag();
    if (tag == "!" || tag == "tag:yaml.org,2002:str") return json::string(s);
    if (is_one_of(s, {"", "~", "null", "Null", "NULL"})) return nullptr;
    if (is_one_of(s, {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}))
      return true;
    if (is_one_of(s, {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}))
      return false;
    if (auto v = integer(s); !v.is_null()) return v;
    if (is_one_of(s, {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
                      ".nan", ".NaN", ".NAN"}))
      throw std::invalid_argument("the value " + s + " cannot be represented in JSON");
    if (auto v = floating(s); !v.is_null()) return v;
    return json::string(s);
  }

 private:
  static bool is_one_of(const std::string& s, std::initializer_list<const char*> options) {
    for (const char* o : options)
      if (s == o) return true;
    return false;
  }

  // Decimal, 0x hex, 0b binary and leading-0 octal, with `_` separators, as go-yaml v2.
  static json::value integer(const std::string& text) {
    std::string s;
    for (char c : text)
      if (c != '_') s += c;
    bool negative = false;
    std::size_t i = 0;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
      negative = s[0] == '-';
      i = 1;
    }
    int base = 10;
    if (s.compare(i, 2, "0x") == 0) {
      base = 16;
      i += 2;
    } else if (s.compare(i, 2, "0b") == 0) {
      base = 2;
      i += 2;
    } else if (s.size() > i + 1 && s[i] == '0') {
      base = 8;
      i += 1;
    }
    const std::string digits = s.substr(i);
    if (digits.empty() || digits.find_first_not_of(base == 16  ? "0123456789abcdefABCDEF"
                                                   : base == 8 ? "01234567"
                                                   : base == 2 ? "01"
                                                               : "0123456789") != std::string::npos)
      return nullptr;
    errno = 0;
    const unsigned long long magnitude = std::strtoull(digits.c_str(), nullptr, base);
    if (errno == ERANGE) return nullptr;  // too large: go-yaml falls back to a float
    if (!negative) {
      if (magnitude <= static_cast<unsigned long long>(std::numeric_limits<std::int64_t>::max()))
        return static_cast<std::int64_t>(magnitude);
      return static_cast<std::uint64_t>(magnitude);
    }
    if (magnitude > static_cast<unsigned long long>(std::numeric_limits<std::int64_t>::max()) + 1)
      return nullptr;
    return static_cast<std::int64_t>(0 - magnitude);
  }

  static json::value floating(const std::string& text) {
    std::string s;
    for (char c : text)
      if (c != '_') s += c;
    if (s.empty() || s.find_first_not_of("+-0123456789.eE") != std::string::npos ||
        s.find_first_of("0123456789") == std::string::npos)
      return nullptr;
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(s.c_str(), &end);
    if (!end || *end != '\0' || !std::isfinite(v)) return nullptr;
    return v;
  }
};

// YAML node → JSON, counting nodes so aliases cannot expand without bound.
class Converter {
 public:
  json::value convert(const YAML::Node& n, std::size_t depth = 0) {
    if (++nodes_ > kMaxManifestNodes)
      throw std::invalid_argument("the document expands to more than " +
                                  std::to_string(kMaxManifestNodes) + " values (aliases?)");
    if (depth > 1000) throw std::invalid_argument("the document nests deeper than 1000 levels");
    switch (n.Type()) {
      case YAML::NodeType::Map: {
        json::object o;
        for (const auto& kv : n) {
          if (!kv.first.IsScalar())
            throw std::invalid_argument("a map key at line " +
                                        std::to_string(kv.first.Mark().line + 1) +
                                        " is not a plain value");
          o[kv.first.Scalar()] = convert(kv.second, depth + 1);
        }
        return o;
      }
      case YAML::NodeType::Sequence: {
        json::array a;
        for (const auto& x : n) a.push_back(convert(x, depth + 1));
        return a;
      }
      case YAML::NodeType::Scalar:
        return ScalarResolver::resolve(n);
      default:
        return nullptr;
    }
  }

 private:
  std::size_t nodes_ = 0;
};

struct Parsed {
  json::value value;
  std::size_t line;
  std::vector<std::size_t> item_lines;  // lines of a List's items, when known
};

class Parser {
 public:
  Parser(std::string source) : source_(std::move(source)) {}

  std::vector<ManifestObject> parse(std::string_view text) {
    if (text.size() > kMaxManifestBytes)
      throw ManifestError(
          source_, 0, 0,
          "the manifest is larger than " + std::to_string(kMaxManifestBytes >> 20) + " MiB");
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && text[first] == '{')
      parse_json_stream(text);
    else
      for (const auto& doc : split_documents(text)) parse_yaml(doc);
    return std::move(out_);
  }

 private:
  [[noreturn]] void fail(std::size_t line, const std::string& why) const {
    throw ManifestError(source_, document_, line, why);
  }

  void parse_yaml(const RawDocument& doc) {
    ++document_;
    YAML::Node node;
    try {
      node = YAML::Load(std::string(doc.text));
    } catch (const YAML::Exception& e) {
      fail(doc.line + static_cast<std::size_t>(std::max(e.mark.line, 0)),
           "not valid YAML: " + e.msg);
    }
    if (!node || node.IsNull()) {  // empty or only comments: kubectl skips it
      --document_;
      return;
    }
    const std::size_t line = doc.line + static_cast<std::size_t>(std::max(node.Mark().line, 0));
    Parsed p{nullptr, line, {}};
    try {
      p.value = Converter().convert(node);
    } catch (const std::invalid_argument& e) {
      fail(line, e.what());
    }
    const YAML::Node& map = node;  // const: lookups must not insert keys
    if (map.IsMap())
      if (const auto items = map["items"]; items && items.IsSequence())
        for (const auto& item : items)
          p.item_lines.push_back(doc.line + static_cast<std::size_t>(item.Mark().line));
    add(std::move(p));
  }

  // One or more JSON objects one after another, as kubectl's JSON decoder reads them.
  void parse_json_stream(std::string_view text) {
    std::size_t pos = 0;
    while (true) {
      pos = text.find_first_not_of(" \t\r\n", pos);
      if (pos == std::string_view::npos) return;
      ++document_;
      const std::size_t line = line_of(text, pos);
      json::stream_parser parser({}, net::kube_json_options());
      boost::system::error_code ec;
      const std::size_t used = parser.write_some(text.data() + pos, text.size() - pos, ec);
      if (!ec && !parser.done()) parser.finish(ec);
      if (ec) fail(line_of(text, pos + used), "not valid JSON: " + ec.message());
      add(Parsed{parser.release(), line, {}});
      pos += used;
    }
  }

  static std::size_t line_of(std::string_view text, std::size_t offset) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i)
      if (text[i] == '\n') ++line;
    return line;
  }

  void add(Parsed p) {
    if (!p.value.is_object())
      fail(p.line, "a document must be an object with apiVersion, kind and metadata");
    auto& o = p.value.get_object();
    const std::string kind = member(o, "kind");
    const auto* items = o.if_contains("items");
    if (kind.ends_with("List") && items && items->is_array()) {
      std::size_t i = 0;
      for (auto& item : items->get_array()) {
        const std::size_t line = i < p.item_lines.size() ? p.item_lines[i] : p.line;
        if (!item.is_object())
          fail(line, kind + " item " + std::to_string(i + 1) + " is not an object");
        check_and_add(std::move(item.get_object()), line,
                      kind + " item " + std::to_string(i + 1) + ": ");
        ++i;
      }
      return;
    }
    check_and_add(std::move(o), p.line, "");
  }

  void check_and_add(json::object o, std::size_t line, const std::string& where) {
    std::vector<std::string> missing;
    if (member(o, "apiVersion").empty()) missing.push_back("apiVersion not set");
    if (member(o, "kind").empty()) missing.push_back("kind not set");
    if (!missing.empty()) {
      std::string why = where + "error validating data: [";
      for (std::size_t i = 0; i < missing.size(); ++i) why += (i ? ", " : "") + missing[i];
      fail(line, why + "]");
    }
    const auto* md = metadata(o);
    const std::string name = md ? member(*md, "name") : "";
    if (const auto* n = md ? md->if_contains("name") : nullptr; n && !n->is_string())
      fail(line, where + member(o, "kind") + ": metadata.name must be a string, not " +
                     json::serialize(*n) +
                     " (unquoted y, n, yes, no, on, off, true, false and numbers are not strings "
                     "in YAML: quote the name)");
    if (name.empty())
      fail(line, where + member(o, "kind") +
                     (md && !member(*md, "generateName").empty()
                          ? ": cannot use generateName with apply; set metadata.name"
                          : ": metadata.name is required"));
    if (name == "." || name == ".." || name.find_first_of("/%") != std::string::npos)
      fail(line, where + member(o, "kind") + " name \"" + name +
                     "\" may not be '.' or '..' and may not contain '/' or '%'");
    if (md && md->contains("namespace") && !md->at("namespace").is_string())
      fail(line, where + "metadata.namespace must be a string");
    if (const std::string ns = md ? member(*md, "namespace") : ""; !ns.empty() && !dns_label(ns))
      fail(line, where + "metadata.namespace: Invalid value: \"" + ns +
                     "\": a lowercase RFC 1123 label must consist of lower case alphanumeric "
                     "characters or '-', and must start and end with an alphanumeric character");
    out_.push_back(ManifestObject{document_, line, source_, std::move(o)});
  }

  std::string source_;
  std::size_t document_ = 0;
  std::vector<ManifestObject> out_;
};

}  // namespace

std::string ManifestObject::api_version() const {
  return member(object, "apiVersion");
}
std::string ManifestObject::kind() const {
  return member(object, "kind");
}
std::string ManifestObject::name() const {
  const auto* md = metadata(object);
  return md ? member(*md, "name") : "";
}
std::string ManifestObject::namespace_() const {
  const auto* md = metadata(object);
  return md ? member(*md, "namespace") : "";
}

ManifestError::ManifestError(const std::string& source, std::size_t document, std::size_t line,
                             const std::string& why)
    : KubeError(source + (document ? ": document " + std::to_string(document) : "") +
                (line ? " (line " + std::to_string(line) + ")" : "") + ": " + why),
      document_(document),
      line_(line) {}

std::vector<ManifestObject> parse_manifests(std::string_view text, const std::string& source) {
  return Parser(source).parse(text);
}

}  // namespace kubemcp::kube
