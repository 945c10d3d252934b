// Strategic merge patch. Maps merge recursively; lists with a merge key (patch.hpp's table)
// merge element by element; other lists are replaced whole; directives follow
// k8s.io/apimachinery/pkg/util/strategicpatch.
#include <boost/json.hpp>

#include "sim/patch.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

constexpr std::string_view kSetOrder = "$setElementOrder/";
constexpr std::string_view kDeleteFromPrimitive = "$deleteFromPrimitiveList/";

// Removes directive keys from a value that is inserted as new content.
json::value clean(const json::value& v) {
  if (v.is_object()) {
    json::object o;
    for (const auto& [k, x] : v.as_object())
      if (!k.starts_with("$")) o[k] = clean(x);
    return o;
  }
  if (v.is_array()) {
    json::array a;
    for (const auto& x : v.as_array())
      if (!(x.is_object() && x.as_object().contains("$patch"))) a.push_back(clean(x));
    return a;
  }
  return v;
}

std::string directive(const json::value& v) {
  return v.is_object() ? str_at(v.as_object(), "$patch") : std::string();
}

json::object merge_object(json::object orig, const json::object& patch, const std::string& path);

json::array merge_list(json::array orig, const json::array& patch, const std::string& key,
                       const std::string& path) {
  for (const auto& e : patch)
    if (directive(e) == "replace") {
      json::array out;
      for (const auto& x : patch)
        if (directive(x).empty()) out.push_back(clean(x));
      return out;
    }
  auto find = [&](const json::value& kv) -> json::value* {
    for (auto& o : orig)
      if (o.is_object()) {
        auto* v = o.as_object().if_contains(key);
        if (v && *v == kv) return &o;
      }
    return nullptr;
  };
  for (const auto& e : patch) {
    if (!e.is_object()) {
      orig.push_back(e);
      continue;
    }
    const auto& eo = e.as_object();
    const json::value* kv = eo.if_contains(key);
    std::string d = directive(e);
    if (d == "delete") {
      if (!kv) continue;
      json::array kept;
      for (auto& o : orig) {
        auto* v = o.is_object() ? o.as_object().if_contains(key) : nullptr;
        if (!v || *v != *kv) kept.push_back(o);
      }
      orig = std::move(kept);
      continue;
    }
    if (!kv)
      throw ApiError(422, "Invalid",
                     "map: " + json::serialize(e) + " does not contain declared merge key: " + key);
    if (json::value* cur = find(*kv)) {
      *cur = merge_object(cur->is_object() ? cur->as_object() : json::object{}, eo, path);
    } else {
      orig.push_back(clean(e));
    }
  }
  return orig;
}

// Reorders `list` as `order` says (elements named by merge key, or scalars); elements not
// named keep their relative order after the named ones.
json::array reorder(const json::array& list, const json::array& order, const std::string& key) {
  json::array out;
  std::vector<bool> used(list.size(), false);
  for (const auto& o : order) {
    for (size_t i = 0; i < list.size(); ++i) {
      if (used[i]) continue;
      bool same = key.empty()
                      ? list[i] == o
                      : (list[i].is_object() && o.is_object() &&
                         list[i].as_object().if_contains(key) && o.as_object().if_contains(key) &&
                         *list[i].as_object().if_contains(key) == *o.as_object().if_contains(key));
      if (same) {
        out.push_back(list[i]);
        used[i] = true;
        break;
      }
    }
  }
  for (size_t i = 0; i < list.size(); ++i)
    if (!used[i]) out.push_back(list[i]);
  return out;
}

json::object merge_object(json::object orig, const json::object& patch, const std::string& path) {
  std::string d = str_at(patch, "$patch");
  if (d == "replace") return clean(patch).as_object();
  if (auto* retain = arr_at(patch, "$retainKeys")) {
    json::object kept;
    for (const auto& k : *retain)
      if (k.is_string())
        if (auto* v = orig.if_contains(k.as_string())) kept[k.as_string()] = *v;
    orig = std::move(kept);
  }
  std::vector<std::pair<std::string, const json::array*>> orders;
  for (const auto& [k, v] : patch) {
    std::string_view key = k;
    if (key.starts_with(kSetOrder)) {
      if (v.is_array())
        orders.emplace_back(std::string(key.substr(kSetOrder.size())), &v.as_array());
      continue;
    }
    if (key.starts_with(kDeleteFromPrimitive)) {
      std::string field(key.substr(kDeleteFromPrimitive.size()));
      if (auto* cur = orig.if_contains(field); cur && cur->is_array() && v.is_array()) {
        json::array kept;
        for (const auto& x : cur->as_array()) {
          bool del = false;
          for (const auto& y : v.as_array()) del = del || x == y;
          if (!del) kept.push_back(x);
        }
        *cur = std::move(kept);
      }
      continue;
    }
    if (key.starts_with("$")) continue;
    std::string child = path.empty() ? std::string(key) : path + "." + std::string(key);
    if (v.is_null()) {
      orig.erase(key);
    } else if (v.is_object()) {
      std::string dd = directive(v);
      if (dd == "delete") {
        orig.erase(key);
        continue;
      }
      json::value* cur = orig.if_contains(key);
      orig[key] = merge_object(cur && cur->is_object() ? cur->as_object() : json::object{},
                               v.as_object(), child);
    } else if (v.is_array()) {
      json::value* cur = orig.if_contains(key);
      const json::value* first = !v.as_array().empty() ? &v.as_array()[0]
                                 : (cur && cur->is_array() && !cur->as_array().empty())
                                     ? &cur->as_array()[0]
                                     : nullptr;
      std::string mk = list_merge_key(path, key, first);
      if (!mk.empty()) {
        orig[key] = merge_list(cur && cur->is_array() ? cur->as_array() : json::array{},
                               v.as_array(), mk, child);
      } else if (is_set_list(path, key)) {
        json::array merged = cur && cur->is_array() ? cur->as_array() : json::array{};
        for (const auto& x : v.as_array()) {
          bool have = false;
          for (const auto& y : merged) have = have || x == y;
          if (!have) merged.push_back(x);
        }
        orig[key] = std::move(merged);
      } else {
        orig[key] = clean(v);
      }
    } else {
      orig[key] = v;
    }
  }
  for (const auto& [field, order] : orders) {
    if (auto* cur = orig.if_contains(field); cur && cur->is_array()) {
      const json::value* first = cur->as_array().empty() ? nullptr : &cur->as_array()[0];
      *cur = reorder(cur->as_array(), *order, list_merge_key(path, field, first));
    }
  }
  return orig;
}

}  // namespace

json::value strategic_merge(const json::value& original, const json::value& patch) {
  if (!patch.is_object()) throw bad_request("strategic merge patch: the patch must be an object");
  return merge_object(original.is_object() ? original.as_object() : json::object{},
                      patch.as_object(), "");
}

}  // namespace kubemcp::sim
