#include "sim/field_errors.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <map>

#include "sim/resources.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

std::string go_quote(const std::string& v) {
  std::string out = "\"";
  for (unsigned char c : v) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string field_value(const json::value& v) {
  if (v.is_null()) return "\"null\"";
  if (v.is_string()) return go_quote(std::string(v.as_string()));
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  return json::serialize(v);
}

std::string go_label_selector(const json::object& sel) {
  std::string out = "v1.LabelSelector{MatchLabels:map[string]string";
  const auto* ml = obj_at(sel, "matchLabels");
  if (!ml) {
    out += "(nil)";
  } else {
    std::map<std::string, std::string> sorted;
    for (const auto& [k, v] : *ml)
      sorted[std::string(k)] = v.is_string() ? std::string(v.as_string()) : "";
    out += "{";
    size_t i = 0;
    for (const auto& [k, v] : sorted) out += (i++ ? ", " : "") + go_quote(k) + ":" + go_quote(v);
    out += "}";
  }
  const auto* me = arr_at(sel, "matchExpressions");
  out += me && !me->empty() ? ", MatchExpressions:[]v1.LabelSelectorRequirement{...}}"
                            : ", MatchExpressions:[]v1.LabelSelectorRequirement(nil)}";
  return out;
}

void FieldErrors::required(const std::string& field, const std::string& detail) {
  errs_.push_back({"FieldValueRequired", field,
                   detail.empty() ? "Required value" : "Required value: " + detail});
}

void FieldErrors::invalid(const std::string& field, const json::value& value,
                          const std::string& detail) {
  std::string body = "Invalid value: " + field_value(value);
  if (!detail.empty()) body += ": " + detail;
  errs_.push_back({"FieldValueInvalid", field, body});
}

void FieldErrors::invalid_shown(const std::string& field, const std::string& shown,
                                const std::string& detail) {
  errs_.push_back({"FieldValueInvalid", field, "Invalid value: " + shown + ": " + detail});
}

void FieldErrors::not_supported(const std::string& field, const json::value& value,
                                const std::vector<std::string>& supported) {
  std::string body = "Unsupported value: " + field_value(value);
  if (!supported.empty()) {
    body += ": supported values: ";
    for (size_t i = 0; i < supported.size(); ++i) body += (i ? ", " : "") + go_quote(supported[i]);
  }
  errs_.push_back({"FieldValueNotSupported", field, body});
}

void FieldErrors::forbidden(const std::string& field, const std::string& detail) {
  errs_.push_back({"FieldValueForbidden", field, "Forbidden: " + detail});
}

void FieldErrors::duplicate(const std::string& field, const json::value& value) {
  errs_.push_back({"FieldValueDuplicate", field, "Duplicate value: " + field_value(value)});
}

void FieldErrors::too_long(const std::string& field, size_t max_bytes) {
  errs_.push_back({"FieldValueTooLong", field,
                   "Too long: may not be more than " + std::to_string(max_bytes) + " bytes"});
}

void FieldErrors::raise(const std::string& kind, const std::string& group,
                        const std::string& name) const {
  if (errs_.empty()) return;
  std::string qualified_kind = group.empty() ? kind : kind + "." + group;
  std::string msg = qualified_kind + " " + go_quote(name) + " is invalid: ";
  if (errs_.size() > 1) msg += "[";
  json::array causes;
  for (size_t i = 0; i < errs_.size(); ++i) {
    msg += (i ? ", " : "") + errs_[i].text();
    causes.push_back(json::object{
        {"reason", errs_[i].reason}, {"message", errs_[i].body}, {"field", errs_[i].field}});
  }
  if (errs_.size() > 1) msg += "]";
  json::object details{{"name", name}};
  if (!group.empty()) details["group"] = group;
  details["kind"] = kind;
  details["causes"] = std::move(causes);
  throw ApiError(422, "Invalid", msg, details);
}

void FieldErrors::raise(const ResourceType& t, const std::string& name) const {
  raise(t.kind, t.group, name);
}

}  // namespace kubemcp::sim
