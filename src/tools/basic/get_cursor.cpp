#include "tools/basic/get_cursor.hpp"

#include <boost/json.hpp>
#include <stdexcept>

#include "net/base64.hpp"

namespace kubemcp::tools::get {
namespace json = boost::json;
namespace {

constexpr int kVersion = 1;

std::invalid_argument bad(const std::string& why) {
  return std::invalid_argument(
      "`continue` is not a cursor this server gave (" + why +
      "). Pass the continue value of the previous k8s_get answer unchanged, or drop `continue` to "
      "start from the first page.");
}

Position position_of(const json::value& v) {
  const auto* o = v.if_object();
  const auto* t = o ? o->if_contains("t") : nullptr;
  const auto* off = o ? o->if_contains("o") : nullptr;
  if (!t || !t->is_string() || !off || !off->is_int64() || off->get_int64() < 0)
    throw bad("a position needs a token and an offset");
  return {std::string(t->get_string()), off->get_int64()};
}

}  // namespace

std::string encode_cursor(const Cursor& cursor) {
  json::object clusters;
  for (const auto& [cluster, resources] : cursor) {
    json::object rs;
    for (const auto& [resource, p] : resources)
      rs[resource] = json::object{{"t", p.token}, {"o", p.offset}};
    clusters[cluster] = std::move(rs);
  }
  std::string text =
      net::base64_encode(json::serialize(json::object{{"v", kVersion}, {"c", clusters}}));
  // base64url without padding: safe to paste anywhere, no quoting needed.
  for (auto& c : text) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}

Cursor decode_cursor(std::string_view text) {
  std::string b64(text);
  for (auto& c : b64) {
    if (c == '+' || c == '/' || c == '=') throw bad("not base64url");
    c = c == '-' ? '+' : c == '_' ? '/' : c;
  }
  const auto raw = net::base64_decode(b64);
  if (!raw) throw bad("not base64url");
  boost::system::error_code ec;
  const json::value v = json::parse(*raw, ec);
  const auto* o = ec ? nullptr : v.if_object();
  const auto* version = o ? o->if_contains("v") : nullptr;
  const auto* clusters = o ? o->if_contains("c") : nullptr;
  if (!version || !clusters || !clusters->is_object()) throw bad("not a kubemcp cursor");
  if (!version->is_int64() || version->get_int64() != kVersion)
    throw bad("a cursor of another kubemcp version");
  Cursor out;
  for (const auto& [cluster, resources] : clusters->get_object()) {
    if (!resources.is_object()) throw bad("a cluster's entry must map resources to positions");
    auto& entry = out[std::string(cluster)];
    for (const auto& [resource, position] : resources.get_object())
      entry[std::string(resource)] = position_of(position);
  }
  return out;
}

}  // namespace kubemcp::tools::get
