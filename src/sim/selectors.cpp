#include "sim/selectors.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <stdexcept>

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Splits on commas that are not inside parentheses.
std::vector<std::string_view> split_top(std::string_view s) {
  std::vector<std::string_view> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '(') ++depth;
    if (s[i] == ')') --depth;
    if (s[i] == ',' && depth == 0) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(s.substr(start));
  return out;
}

bool valid_key(std::string_view k) {
  if (k.empty() || k.size() > 316) return false;
  return std::all_of(k.begin(), k.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
           c == '/';
  });
}

[[noreturn]] void bad(std::string_view text, const std::string& why) {
  throw std::invalid_argument("unable to parse requirement: " + why + " in \"" + std::string(text) +
                              "\"");
}

}  // namespace

LabelSelector LabelSelector::parse(std::string_view text) {
  LabelSelector sel;
  if (trim(text).empty()) return sel;
  for (auto part : split_top(text)) {
    part = trim(part);
    if (part.empty()) bad(text, "found '', expected: identifier");
    LabelRequirement r;
    if (part.front() == '!') {
      r.key = std::string(trim(part.substr(1)));
      r.op = LabelRequirement::Op::DoesNotExist;
      if (!valid_key(r.key)) bad(text, "invalid label key \"" + r.key + "\"");
      sel.reqs_.push_back(std::move(r));
      continue;
    }
    size_t op_pos = part.find_first_of("=!");
    auto ws = part.find_first_of(" \t");
    if (ws != std::string_view::npos && (op_pos == std::string_view::npos || ws < op_pos)) {
      // "key in (a,b)" / "key notin (a,b)"
      r.key = std::string(part.substr(0, ws));
      auto rest = trim(part.substr(ws));
      if (rest.rfind("in", 0) == 0 && rest.size() > 2 && (rest[2] == '(' || is_space(rest[2]))) {
        r.op = LabelRequirement::Op::In;
        rest = trim(rest.substr(2));
      } else if (rest.rfind("notin", 0) == 0) {
        r.op = LabelRequirement::Op::NotIn;
        rest = trim(rest.substr(5));
      } else if (!rest.empty() && (rest[0] == '=' || rest[0] == '!')) {
        op_pos = ws;  // "key = value": handled below with spaces trimmed
        goto equality;
      } else {
        bad(text, "found '" + std::string(rest) + "', expected: in, notin, =, ==, !=");
      }
      if (rest.size() < 2 || rest.front() != '(' || rest.back() != ')')
        bad(text, "found '" + std::string(rest) + "', expected: '('");
      rest = rest.substr(1, rest.size() - 2);
      size_t start = 0;
      for (size_t i = 0; i <= rest.size(); ++i) {
        if (i == rest.size() || rest[i] == ',') {
          r.values.emplace_back(trim(rest.substr(start, i - start)));
          start = i + 1;
        }
      }
      if (!valid_key(r.key)) bad(text, "invalid label key \"" + r.key + "\"");
      sel.reqs_.push_back(std::move(r));
      continue;
    }
  equality:
    if (op_pos == std::string_view::npos) {
      r.key = std::string(part);
      r.op = LabelRequirement::Op::Exists;
    } else {
      r.key = std::string(trim(part.substr(0, op_pos)));
      auto rest = trim(part.substr(op_pos));
      if (rest.rfind("==", 0) == 0) {
        r.op = LabelRequirement::Op::Equals;
        rest = rest.substr(2);
      } else if (rest.rfind("!=", 0) == 0) {
        r.op = LabelRequirement::Op::NotEquals;
        rest = rest.substr(2);
      } else if (rest.rfind("=", 0) == 0) {
        r.op = LabelRequirement::Op::Equals;
        rest = rest.substr(1);
      } else {
        bad(text, "found '" + std::string(rest) + "', expected: =, ==, !=");
      }
      r.values.emplace_back(trim(rest));
    }
    if (!valid_key(r.key)) bad(text, "invalid label key \"" + r.key + "\"");
    sel.reqs_.push_back(std::move(r));
  }
  return sel;
}

LabelSelector LabelSelector::from_json(const json::object& s) {
  LabelSelector sel;
  if (auto* ml = s.if_contains("matchLabels"); ml && ml->is_object()) {
    for (const auto& [k, v] : ml->as_object()) {
      LabelRequirement r;
      r.key = std::string(k);
      r.op = LabelRequirement::Op::Equals;
      r.values.push_back(v.is_string() ? std::string(v.as_string()) : json::serialize(v));
      sel.reqs_.push_back(std::move(r));
    }
  }
  if (auto* me = s.if_contains("matchExpressions"); me && me->is_array()) {
    for (const auto& e : me->as_array()) {
      if (!e.is_object()) continue;
      const auto& o = e.as_object();
      LabelRequirement r;
      if (auto* k = o.if_contains("key"); k && k->is_string()) r.key = std::string(k->as_string());
      std::string op;
      if (auto* p = o.if_contains("operator"); p && p->is_string()) op = p->as_string();
      if (op == "In")
        r.op = LabelRequirement::Op::In;
      else if (op == "NotIn")
        r.op = LabelRequirement::Op::NotIn;
      else if (op == "Exists")
        r.op = LabelRequirement::Op::Exists;
      else
        r.op = LabelRequirement::Op::DoesNotExist;
      if (auto* vs = o.if_contains("values"); vs && vs->is_array())
        for (const auto& v : vs->as_array())
          if (v.is_string()) r.values.emplace_back(v.as_string());
      sel.reqs_.push_back(std::move(r));
    }
  }
  return sel;
}

bool LabelSelector::matches(const json::object* labels) const {
  for (const auto& r : reqs_) {
    const json::value* v = labels ? labels->if_contains(r.key) : nullptr;
    std::string val = v && v->is_string() ? std::string(v->as_string()) : std::string();
    bool has = v != nullptr;
    auto in = [&] { return std::find(r.values.begin(), r.values.end(), val) != r.values.end(); };
    switch (r.op) {
      case LabelRequirement::Op::Equals:
        if (!has || val != r.values.at(0)) return false;
        break;
      case LabelRequirement::Op::NotEquals:
        if (has && val == r.values.at(0)) return false;
        break;
      case LabelRequirement::Op::In:
        if (!has || !in()) return false;
        break;
      case LabelRequirement::Op::NotIn:
        if (has && in()) return false;
        break;
      case LabelRequirement::Op::Exists:
        if (!has) return false;
        break;
      case LabelRequirement::Op::DoesNotExist:
        if (has) return false;
        break;
    }
  }
  return true;
}

std::string LabelSelector::to_string() const {
  std::string out;
  for (const auto& r : reqs_) {
    if (!out.empty()) out += ",";
    switch (r.op) {
      case LabelRequirement::Op::Equals:
        out += r.key + "=" + r.values.at(0);
        break;
      case LabelRequirement::Op::NotEquals:
        out += r.key + "!=" + r.values.at(0);
        break;
      case LabelRequirement::Op::Exists:
        out += r.key;
        break;
      case LabelRequirement::Op::DoesNotExist:
        out += "!" + r.key;
        break;
      case LabelRequirement::Op::In:
      case LabelRequirement::Op::NotIn: {
        out += r.key + (r.op == LabelRequirement::Op::In ? " in (" : " notin (");
        for (size_t i = 0; i < r.values.size(); ++i) out += (i ? "," : "") + r.values[i];
        out += ")";
      }
    }
  }
  return out;
}

FieldSelector FieldSelector::parse(std::string_view text) {
  FieldSelector sel;
  if (trim(text).empty()) return sel;
  for (auto part : split_top(text)) {
    part = trim(part);
    Term t;
    size_t pos = part.find("!=");
    size_t oplen = 2;
    if (pos != std::string_view::npos) {
      t.negate = true;
    } else if ((pos = part.find("==")) != std::string_view::npos) {
    } else if ((pos = part.find('=')) != std::string_view::npos) {
      oplen = 1;
    } else {
      throw std::invalid_argument("invalid selector: '" + std::string(text) +
                                  "'; can't understand '" + std::string(part) + "'");
    }
    t.field = std::string(trim(part.substr(0, pos)));
    t.value = std::string(trim(part.substr(pos + oplen)));
    sel.terms_.push_back(std::move(t));
  }
  return sel;
}

std::string field_value(const json::object& object, std::string_view path) {
  const json::object* cur = &object;
  while (true) {
    auto dot = path.find('.');
    auto key = path.substr(0, dot);
    const json::value* v = cur->if_contains(key);
    if (!v) return {};
    if (dot == std::string_view::npos) {
      if (v->is_string()) return std::string(v->as_string());
      if (v->is_null()) return {};
      return json::serialize(*v);
    }
    if (!v->is_object()) return {};
    cur = &v->as_object();
    path.remove_prefix(dot + 1);
  }
}

bool FieldSelector::matches(const json::object& object) const {
  for (const auto& t : terms_) {
    bool eq = field_value(object, t.field) == t.value;
    if (eq == t.negate) return false;
  }
  return true;
}

const std::string* FieldSelector::equality(std::string_view field) const {
  for (const auto& t : terms_)
    if (!t.negate && t.field == field) return &t.value;
  return nullptr;
}

}  // namespace kubemcp::sim
