#include "sim/selectors.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <optional>
#include <stdexcept>

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

std::optional<int64_t> to_int(const std::string& s) {
  if (s.empty()) return std::nullopt;
  try {
    size_t used = 0;
    long long v = std::stoll(s, &used, 10);
    if (used != s.size()) return std::nullopt;
    return v;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

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
      case LabelRequirement::Op::GreaterThan:
      case LabelRequirement::Op::LessThan: {
        // Both sides must be integers, as labels.Requirement.Matches reads them.
        auto a = to_int(val), b = to_int(r.values.at(0));
        if (!has || !a || !b) return false;
        if (r.op == LabelRequirement::Op::GreaterThan ? *a <= *b : *a >= *b) return false;
        break;
      }
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
      case LabelRequirement::Op::GreaterThan:
        out += r.key + ">" + r.values.at(0);
        break;
      case LabelRequirement::Op::LessThan:
        out += r.key + "<" + r.values.at(0);
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

// fields.ParseSelector: terms split on unescaped commas, each "lhs op rhs" at the first
// operator ("!=", "==", "="), the value unescaped ("\,", "\=", "\\").
FieldSelector FieldSelector::parse(std::string_view text) {
  FieldSelector sel;
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      parts.back() += text.substr(i, 2);
      ++i;
    } else if (text[i] == ',') {
      parts.emplace_back();
    } else {
      parts.back() += text[i];
    }
  }
  for (const auto& part : parts) {
    if (part.empty()) continue;
    Term t;
    size_t pos = std::string::npos, oplen = 0;
    for (size_t i = 0; i < part.size() && pos == std::string::npos; ++i) {
      if (part.compare(i, 2, "!=") == 0 || part.compare(i, 2, "==") == 0) {
        pos = i;
        oplen = 2;
        t.negate = part[i] == '!';
      } else if (part[i] == '=') {
        pos = i;
        oplen = 1;
      }
    }
    if (pos == std::string::npos)
      throw std::invalid_argument("invalid selector: '" + std::string(text) +
                                  "'; can't understand '" + part + "'");
    t.field = part.substr(0, pos);
    std::string_view rhs = std::string_view(part).substr(pos + oplen);
    for (size_t i = 0; i < rhs.size(); ++i) {
      if (rhs[i] != '\\') {
        t.value += rhs[i];
        continue;
      }
      if (i + 1 >= rhs.size() || (rhs[i + 1] != '\\' && rhs[i + 1] != ',' && rhs[i + 1] != '='))
        throw std::invalid_argument("invalid field selector value: invalid escape sequence: " +
                                    std::string(rhs));
      t.value += rhs[++i];
    }
    sel.terms_.push_back(std::move(t));
  }
  return sel;
}

void FieldSelector::resolve(const std::function<FieldPath(const std::string&)>& where) {
  for (auto& t : terms_) t.where = where(t.field);
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
    std::string v = field_value(object, t.where.path.empty() ? t.field : t.where.path);
    if (v.empty() && !t.where.fallback.empty()) v = field_value(object, t.where.fallback);
    if (v.empty()) v = t.where.absent;
    bool eq = v == t.value;
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
