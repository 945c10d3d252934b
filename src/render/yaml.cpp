#include "render/yaml.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cstdio>
#include <vector>

#include "render/number.hpp"

namespace kubemcp::render {
namespace json = boost::json;
namespace {

// YAML 1.1 numbers as go-yaml resolves them: decimal and octal/hex integers, floats
// with an optional exponent, and .inf/.nan.
bool looks_like_number(std::string_view s) {
  if (s.empty()) return false;
  std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  const std::string_view body = s.substr(i);
  if (body.empty()) return false;
  if (body == ".inf" || body == ".Inf" || body == ".INF" || s == ".nan" || s == ".NaN" ||
      s == ".NAN")
    return true;
  const auto digits = [](std::string_view t, auto pred) {
    return !t.empty() &&
           std::all_of(t.begin(), t.end(), [&](char c) { return pred(c) || c == '_'; });
  };
  const auto dec = [](char c) { return c >= '0' && c <= '9'; };
  const auto hex = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  };
  if (body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X'))
    return digits(body.substr(2), hex);
  if (body.size() > 2 && body[0] == '0' && (body[1] == 'o' || body[1] == 'O'))
    return digits(body.substr(2), dec);
  // [digits][.digits][e[+-]digits], with at least one digit before the exponent.
  std::size_t j = 0;
  while (j < body.size() && (dec(body[j]) || body[j] == '_')) ++j;
  std::size_t mantissa = j;
  if (j < body.size() && body[j] == '.') {
    ++j;
    const std::size_t frac = j;
    while (j < body.size() && dec(body[j])) ++j;
    mantissa += j - frac;
  }
  if (mantissa == 0) return false;
  if (j < body.size() && (body[j] == 'e' || body[j] == 'E')) {
    ++j;
    if (j < body.size() && (body[j] == '+' || body[j] == '-')) ++j;
    const std::size_t exp = j;
    while (j < body.size() && dec(body[j])) ++j;
    if (j == exp) return false;
  }
  return j == body.size();
}

// YAML 1.1 timestamps (2026-11-26, 2026-11-26T06:21:00Z) read back as times, not strings.
bool looks_like_timestamp(std::string_view s) {
  return s.size() >= 10 && std::isdigit(static_cast<unsigned char>(s[0])) && s[4] == '-' &&
         s[7] == '-' && std::all_of(s.begin(), s.begin() + 4, [](char c) {
           return std::isdigit(static_cast<unsigned char>(c));
         });
}

bool needs_quotes(std::string_view s) {
  if (s.empty()) return true;
  static const char* const reserved[] = {"true",  "false", "yes", "no",   "on",    "off",  "y",
                                         "n",     "null",  "~",   "True", "False", "Yes",  "No",
                                         "On",    "Off",   "Y",   "N",    "NULL",  "Null", "TRUE",
                                         "FALSE", "YES",   "NO",  "ON",   "OFF"};
  for (const char* r : reserved)
    if (s == r) return true;
  if (looks_like_number(s) || looks_like_timestamp(s)) return true;
  const char first = s.front();
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(first) != std::string_view::npos) {
    // "-foo" is a plain scalar, but "- foo" and "-" alone are not.
    if (!(first == '-' && s.size() > 1 && s[1] != ' ')) return true;
  }
  if (s.front() == ' ' || s.back() == ' ') return true;
  if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos) return true;
  if (s.back() == ':') return true;
  return false;
}

bool has_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) < 0x20 && c != '\n') || c == 0x7f;
  });
}

std::string double_quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string scalar_text(std::string_view s) {
  // go-yaml (and so kubectl) double-quotes what must be quoted.
  if (has_control(s) || needs_quotes(s)) return double_quoted(s);
  return std::string(s);
}

void indent(std::string& out, int n) {
  out.append(static_cast<std::size_t>(n), ' ');
}

// A multi-line string as a literal block; `|-` when it has no final newline.
bool emit_block(std::string& out, std::string_view s, int ind) {
  if (s.find('\n') == std::string_view::npos || has_control(s)) return false;
  // Lines with trailing spaces or leading whitespace on the first line cannot round-trip.
  if (s.front() == ' ' || s.front() == '\t') return false;  // s holds a newline: never empty
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::size_t end = s.find('\n', pos);
    if (end == std::string_view::npos) end = s.size();
    const auto line = s.substr(pos, end - pos);
    if (!line.empty() && line.back() == ' ') return false;
    pos = end + 1;
  }
  const bool trailing = s.back() == '\n';
  std::string_view body = trailing ? s.substr(0, s.size() - 1) : s;
  if (trailing && !body.empty() && body.back() == '\n') return false;  // keep "|+" cases exact
  out += trailing ? "|\n" : "|-\n";
  pos = 0;
  while (pos <= body.size()) {
    std::size_t end = body.find('\n', pos);
    if (end == std::string_view::npos) end = body.size();
    const auto line = body.substr(pos, end - pos);
    if (!line.empty()) indent(out, ind);
    out.append(line);
    out += '\n';
    pos = end + 1;
  }
  return true;
}

void emit(std::string& out, const json::value& v, int ind);

// Block style nests by recursion and indents every line by its depth; past this indent the
// rest of a value is written in flow style (JSON, which YAML reads as is) by Boost.JSON's
// iterative serializer, so a document nested 10,000 levels deep (net/json_limits.hpp) needs
// neither a deep stack nor quadratic indentation.
constexpr int kMaxBlockIndent = 128;

bool write_flow_if_deep(std::string& out, const json::value& v, int ind) {
  if (ind <= kMaxBlockIndent) return false;
  out += ' ';
  out += json::serialize(v);
  out += '\n';
  return true;
}

// Writes what follows "key:" or "- ": inline scalars and empty containers, or a newline
// and the nested block.
void emit_after_key(std::string& out, const json::value& v, int ind, bool in_sequence) {
  switch (v.kind()) {
    case json::kind::object:
      if (write_flow_if_deep(out, v, ind + 2)) return;
      if (v.get_object().empty()) {
        out += " {}\n";
      } else {
        out += '\n';
        emit(out, v, ind + 2);
      }
      return;
    case json::kind::array:
      if (write_flow_if_deep(out, v, ind + 2)) return;
      if (v.get_array().empty()) {
        out += " []\n";
      } else {
        out += '\n';
        // go-yaml style: a list under a map key sits at the key's indent.
        emit(out, v, in_sequence ? ind + 2 : ind);
      }
      return;
    case json::kind::string: {
      out += ' ';
      if (!emit_block(out, v.get_string(), ind + 2)) {
        out += scalar_text(v.get_string());
        out += '\n';
      }
      return;
    }
    case json::kind::null:
      out += " null\n";
      return;
    case json::kind::bool_:
      out += v.get_bool() ? " true\n" : " false\n";
      return;
    default:
      out += ' ' + number_text(v) + '\n';
      return;
  }
}

void emit(std::string& out, const json::value& v, int ind) {
  if (v.is_object()) {
    std::vector<std::pair<std::string_view, const json::value*>> fields;
    for (const auto& kv : v.get_object()) fields.emplace_back(kv.key(), &kv.value());
    std::sort(fields.begin(), fields.end());
    for (const auto& [k, val] : fields) {
      indent(out, ind);
      out += scalar_text(k);
      out += ':';
      emit_after_key(out, *val, ind, false);
    }
  } else if (v.is_array()) {
    for (const auto& item : v.get_array()) {
      indent(out, ind);
      out += '-';
      if (write_flow_if_deep(out, item, ind + 2)) continue;
      if (item.is_object() && !item.get_object().empty()) {
        // The first field shares the dash's line.
        std::string nested;
        emit(nested, item, ind + 2);
        out += ' ';
        out.append(nested, static_cast<std::size_t>(ind + 2), std::string::npos);
      } else if (item.is_array() && !item.get_array().empty()) {
        std::string nested;
        emit(nested, item, ind + 2);
        out += ' ';
        out.append(nested, static_cast<std::size_t>(ind + 2), std::string::npos);
      } else {
        emit_after_key(out, item, ind, true);
      }
    }
  } else {
    std::string tmp;
    emit_after_key(tmp, v, ind, false);
    out += tmp.substr(1);  // top-level scalar: drop the space after the (absent) key
  }
}

}  // namespace

std::string to_yaml(const json::value& value) {
  std::string out;
  if (value.is_object() && value.get_object().empty()) return "{}\n";
  if (value.is_array() && value.get_array().empty()) return "[]\n";
  emit(out, value, 0);
  return out;
}

}  // namespace kubemcp::render
