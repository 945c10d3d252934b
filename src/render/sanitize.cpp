#include "render/sanitize.hpp"

#include <boost/json.hpp>

#include "net/base64.hpp"

namespace kubemcp::render {
namespace json = boost::json;
namespace {

template <typename Fn>
void for_each_object(json::value& v, Fn&& fn) {
  if (!v.is_object()) return;
  auto& o = v.get_object();
  if (auto* items = o.if_contains("items"); items && items->is_array()) {
    for (auto& item : items->get_array()) for_each_object(item, fn);
    return;
  }
  if (auto* rows = o.if_contains("rows");
      rows && rows->is_array() && o.contains("columnDefinitions")) {
    for (auto& row : rows->get_array())
      if (row.is_object())
        if (auto* obj = row.get_object().if_contains("object")) for_each_object(*obj, fn);
    return;
  }
  fn(o);
}

std::size_t decoded_size(const json::value& v) {
  if (!v.is_string()) return 0;
  if (auto d = net::base64_decode(v.get_string())) return d->size();
  return v.get_string().size();
}

}  // namespace

std::string masked(std::size_t bytes) {
  return "<masked: " + std::to_string(bytes) + (bytes == 1 ? " byte>" : " bytes>");
}

void strip_noise(json::value& v) {
  for_each_object(v, [](json::object& o) {
    auto* md = o.if_contains("metadata");
    if (!md || !md->is_object()) return;
    auto& meta = md->get_object();
    meta.erase("managedFields");
    if (auto* ann = meta.if_contains("annotations"); ann && ann->is_object()) {
      ann->get_object().erase(kLastApplied);
      if (ann->get_object().empty()) meta.erase("annotations");
    }
  });
}

namespace {

bool is_kind(const json::object& o, std::string_view kind) {
  const auto* k = o.if_contains("kind");
  return k && k->is_string() && k->get_string() == kind;
}

std::size_t mask_one(json::object& o) {
  std::size_t count = 0;
  if (auto* data = o.if_contains("data"); data && data->is_object())
    for (auto& kv : data->get_object()) {
      kv.value() = masked(decoded_size(kv.value()));
      ++count;
    }
  if (auto* sd = o.if_contains("stringData"); sd && sd->is_object())
    for (auto& kv : sd->get_object()) {
      kv.value() = masked(kv.value().is_string() ? kv.value().get_string().size() : 0);
      ++count;
    }
  // The last-applied annotation repeats the values in clear text.
  if (auto* md = o.if_contains("metadata"); md && md->is_object())
    if (auto* ann = md->get_object().if_contains("annotations"); ann && ann->is_object())
      if (auto* la = ann->get_object().if_contains(kLastApplied)) *la = "<masked>";
  return count;
}

}  // namespace

std::size_t mask_secret_values(json::value& v, bool holds_secrets) {
  // Items of a built-in list carry no kind on a real API server: the list's kind (or what
  // the caller asked for) decides, never only what an item says about itself.
  const bool all = holds_secrets || (v.is_object() && is_kind(v.get_object(), "SecretList"));
  std::size_t count = 0;
  for_each_object(v, [&](json::object& o) {
    if (all || is_kind(o, "Secret")) count += mask_one(o);
  });
  return count;
}

}  // namespace kubemcp::render
