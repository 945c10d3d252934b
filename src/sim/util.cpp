#include "sim/util.hpp"

#include <openssl/rand.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "net/rfc3339.hpp"
#include "sim/resources.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

json::object status_object(int code, const std::string& reason, const std::string& message,
                           const json::object& details) {
  json::object s{{"kind", "Status"},    {"apiVersion", "v1"}, {"metadata", json::object{}},
                 {"status", "Failure"}, {"message", message}, {"reason", reason}};
  if (!details.empty()) s["details"] = details;
  s["code"] = code;
  return s;
}

json::object status_success(const json::object& details) {
  json::object s{{"kind", "Status"},
                 {"apiVersion", "v1"},
                 {"metadata", json::object{}},
                 {"status", "Success"}};
  if (!details.empty()) s["details"] = details;
  return s;
}

std::string qualified(const ResourceType& t) {
  return t.group.empty() ? t.plural : t.plural + "." + t.group;
}

static json::object details_for(const ResourceType& t, const std::string& name) {
  json::object d{{"name", name}};
  if (!t.group.empty()) d["group"] = t.group;
  d["kind"] = t.plural;
  return d;
}

ApiError not_found(const ResourceType& t, const std::string& name) {
  return ApiError(404, "NotFound", qualified(t) + " \"" + name + "\" not found",
                  details_for(t, name));
}
ApiError already_exists(const ResourceType& t, const std::string& name) {
  return ApiError(409, "AlreadyExists", qualified(t) + " \"" + name + "\" already exists",
                  details_for(t, name));
}
ApiError conflict(const ResourceType& t, const std::string& name, const std::string& why) {
  return ApiError(409, "Conflict",
                  "Operation cannot be fulfilled on " + qualified(t) + " \"" + name + "\": " + why,
                  details_for(t, name));
}
ApiError invalid(const ResourceType& t, const std::string& name, const std::string& field,
                 const std::string& why) {
  json::object d = details_for(t, name);
  d["kind"] = t.kind;
  d["causes"] = json::array{
      json::object{{"reason", "FieldValueInvalid"}, {"message", why}, {"field", field}}};
  return ApiError(422, "Invalid", t.kind + " \"" + name + "\" is invalid: " + field + ": " + why,
                  d);
}
ApiError bad_request(const std::string& message) {
  return ApiError(400, "BadRequest", message);
}

json::object& ensure_obj(json::object& o, std::string_view key) {
  auto& v = o[key];
  if (!v.is_object()) v = json::object{};
  return v.as_object();
}
int64_t now_unix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string rfc3339(int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string now_rfc3339() {
  return rfc3339(now_unix());
}

int64_t parse_rfc3339(std::string_view text) {
  const auto t = net::parse_rfc3339(text);
  if (!t) return -1;
  return std::chrono::duration_cast<std::chrono::seconds>(t->time_since_epoch()).count();
}

std::string random_hex(size_t bytes) {
  std::string raw(bytes, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes));
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

std::string new_uid() {
  std::string h = random_hex(16);
  h[12] = '4';
  h[16] = "89ab"[h[16] % 4];
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20);
}

}  // namespace kubemcp::sim
