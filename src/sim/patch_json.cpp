// RFC 6902 JSON patch with RFC 6901 pointers ("~1" is "/", "~0" is "~"; "-" appends).
#include <boost/json.hpp>

#include "sim/patch.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

std::vector<std::string> parse_pointer(const std::string& ptr) {
  std::vector<std::string> out;
  if (ptr.empty()) return out;
  if (ptr[0] != '/') throw bad_request("json patch: path \"" + ptr + "\" must start with '/'");
  size_t i = 1;
  for (;;) {
    size_t j = ptr.find('/', i);
    std::string tok = ptr.substr(i, j == std::string::npos ? std::string::npos : j - i);
    std::string un;
    for (size_t k = 0; k < tok.size(); ++k) {
      if (tok[k] == '~' && k + 1 < tok.size()) {
        un += tok[k + 1] == '1' ? '/' : '~';
        ++k;
      } else {
        un += tok[k];
      }
    }
    out.push_back(un);
    if (j == std::string::npos) break;
    i = j + 1;
  }
  return out;
}

[[noreturn]] void fail(const std::string& op, const std::string& path, const std::string& why) {
  throw ApiError(422, "Invalid",
                 "the server rejected our request due to an error in our request: " + op +
                     " operation does not apply: doc is missing path: \"" + path + "\"" +
                     (why.empty() ? "" : ": " + why));
}

size_t index_of(const std::string& tok, size_t size, bool allow_end, const std::string& op,
                const std::string& path) {
  if (tok == "-" && allow_end) return size;
  if (tok.empty() || tok.find_first_not_of("0123456789") != std::string::npos)
    fail(op, path, "invalid array index");
  size_t i = std::stoul(tok);
  if (i > size || (!allow_end && i == size)) fail(op, path, "index out of range");
  return i;
}

// Returns the parent container of the pointer's last token.
json::value* parent_of(json::value& doc, const std::vector<std::string>& toks,
                       const std::string& op, const std::string& path) {
  json::value* cur = &doc;
  for (size_t i = 0; i + 1 < toks.size(); ++i) {
    if (cur->is_object()) {
      auto* next = cur->as_object().if_contains(toks[i]);
      if (!next) fail(op, path, "");
      cur = next;
    } else if (cur->is_array()) {
      auto& a = cur->as_array();
      cur = &a[index_of(toks[i], a.size(), false, op, path)];
    } else {
      fail(op, path, "");
    }
  }
  return cur;
}

json::value get_at(json::value& doc, const std::string& path, const std::string& op) {
  auto toks = parse_pointer(path);
  if (toks.empty()) return doc;
  json::value* parent = parent_of(doc, toks, op, path);
  if (parent->is_object()) {
    auto* v = parent->as_object().if_contains(toks.back());
    if (!v) fail(op, path, "");
    return *v;
  }
  if (parent->is_array()) {
    auto& a = parent->as_array();
    return a[index_of(toks.back(), a.size(), false, op, path)];
  }
  fail(op, path, "");
}

void remove_at(json::value& doc, const std::string& path, const std::string& op) {
  auto toks = parse_pointer(path);
  if (toks.empty()) fail(op, path, "cannot remove the root");
  json::value* parent = parent_of(doc, toks, op, path);
  if (parent->is_object()) {
    if (!parent->as_object().erase(toks.back())) fail(op, path, "");
  } else if (parent->is_array()) {
    auto& a = parent->as_array();
    a.erase(a.begin() + index_of(toks.back(), a.size(), false, op, path));
  } else {
    fail(op, path, "");
  }
}

void add_at(json::value& doc, const std::string& path, json::value v, bool replace,
            const std::string& op) {
  auto toks = parse_pointer(path);
  if (toks.empty()) {
    doc = std::move(v);
    return;
  }
  json::value* parent = parent_of(doc, toks, op, path);
  if (parent->is_object()) {
    auto& o = parent->as_object();
    if (replace && !o.contains(toks.back())) fail(op, path, "");
    o[toks.back()] = std::move(v);
  } else if (parent->is_array()) {
    auto& a = parent->as_array();
    size_t i = index_of(toks.back(), a.size(), !replace, op, path);
    if (replace) {
      a[i] = std::move(v);
    } else {
      a.insert(a.begin() + i, std::move(v));
    }
  } else {
    fail(op, path, "");
  }
}

}  // namespace

json::value json_patch(const json::value& input, const json::array& ops) {
  json::value doc = input;
  for (const auto& o : ops) {
    if (!o.is_object()) throw bad_request("json patch: every operation must be an object");
    const auto& op = o.as_object();
    std::string name = str_at(op, "op"), path = str_at(op, "path");
    const json::value* value = op.if_contains("value");
    if (name == "add" || name == "replace") {
      if (!value) throw bad_request("json patch: " + name + " operation needs a value");
      add_at(doc, path, *value, name == "replace", name);
    } else if (name == "remove") {
      remove_at(doc, path, name);
    } else if (name == "move" || name == "copy") {
      std::string from = str_at(op, "from");
      json::value v = get_at(doc, from, name);
      if (name == "move") remove_at(doc, from, name);
      add_at(doc, path, std::move(v), false, name);
    } else if (name == "test") {
      if (!value || get_at(doc, path, name) != *value)
        throw ApiError(422, "Invalid",
                       "the server rejected our request due to an error in our request: "
                       "testing value " +
                           path + " failed");
    } else {
      throw bad_request("json patch: unknown operation \"" + name + "\"");
    }
  }
  return doc;
}

}  // namespace kubemcp::sim
