#include "sim/last_applied.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <vector>

#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

std::string annotation_of(const json::object& obj) {
  const auto* md = obj_at(obj, "metadata");
  const auto* ann = md ? obj_at(*md, "annotations") : nullptr;
  return ann ? str_at(*ann, kLastApplied) : "";
}

void go_string(std::string_view s, std::string& out) {
  out += '"';
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    char buf[8];
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xA8) {
      // U+2028 and U+2029, which Go escapes for JavaScript's sake.
      out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

void go_json(const json::value& v, std::string& out) {
  if (v.is_object()) {
    std::vector<const json::key_value_pair*> kvs;
    for (const auto& kv : v.as_object()) kvs.push_back(&kv);
    std::sort(kvs.begin(), kvs.end(), [](auto* a, auto* b) { return a->key() < b->key(); });
    out += '{';
    for (size_t i = 0; i < kvs.size(); ++i) {
      if (i) out += ',';
      go_string(kvs[i]->key(), out);
      out += ':';
      go_json(kvs[i]->value(), out);
    }
    out += '}';
  } else if (v.is_array()) {
    out += '[';
    bool first = true;
    for (const auto& x : v.as_array()) {
      if (!first) out += ',';
      first = false;
      go_json(x, out);
    }
    out += ']';
  } else if (v.is_string()) {
    go_string(v.as_string(), out);
  } else {
    out += json::serialize(v);
  }
}

}  // namespace

bool upgrades_client_side_apply(const std::string& manager) {
  return manager.starts_with("kubectl");
}

bool has_last_applied(const json::object& live) {
  return !annotation_of(live).empty();
}

FieldSet allowed_from_last_applied(const json::object& live) {
  std::string text = annotation_of(live);
  if (text.empty()) return {};
  boost::system::error_code ec;
  json::value last = json::parse(text, ec);
  if (ec || !last.is_object()) return {};
  // lastAppliedObj.ToFieldSet() minus what Compare(live) reports as modified.
  FieldSet allowed;
  json::value live_v = live;
  for (const auto& p : fields_of(last.as_object(), false)) {
    const json::value* now = value_at_path(live_v, p);
    const json::value* then = value_at_path(last, p);
    if (!now || !then || *now == *then) allowed.insert(p);
  }
  return allowed;
}

std::string build_last_applied(const json::object& config) {
  json::object copy = config;
  if (auto* md = copy.if_contains("metadata"); md && md->is_object())
    if (auto* ann = md->as_object().if_contains("annotations"); ann && ann->is_object())
      ann->as_object().erase(kLastApplied);
  std::string out;
  go_json(copy, out);
  out += '\n';
  return out;
}

}  // namespace kubemcp::sim
