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

std::string str_at(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}
int64_t int_at(const json::object& o, std::string_view key, int64_t def) {
  auto* v = o.if_contains(key);
  if (!v) return def;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<int64_t>(v->as_uint64());
  if (v->is_double()) {
    // Out-of-range doubles (1e300, NaN) would be undefined behaviour to convert.
    double d = v->as_double();
    if (!(d > -9.2e18 && d < 9.2e18)) return def;
    return static_cast<int64_t>(d);
  }
  return def;
}
const json::object* obj_at(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_object() ? &v->as_object() : nullptr;
}
const json::array* arr_at(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_array() ? &v->as_array() : nullptr;
}
json::object& ensure_obj(json::object& o, std::string_view key) {
  auto& v = o[key];
  if (!v.is_object()) v = json::object{};
  return v.as_object();
}
const json::value* path_at(const json::object& o, std::string_view dotted) {
  const json::object* cur = &o;
  for (;;) {
    auto dot = dotted.find('.');
    auto* v = cur->if_contains(dotted.substr(0, dot));
    if (!v || dot == std::string_view::npos) return v;
    if (!v->is_object()) return nullptr;
    cur = &v->as_object();
    dotted.remove_prefix(dot + 1);
  }
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

std::string human_duration(int64_t seconds) {
  auto f = [](const char* fmt, auto... a) {
    char buf[32];
    std::snprintf(buf, sizeof buf, fmt, a...);
    return std::string(buf);
  };
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return f("%llds", (long long)seconds);
  long long minutes = seconds / 60;
  if (minutes < 10) {
    long long s = seconds % 60;
    return s == 0 ? f("%lldm", minutes) : f("%lldm%llds", minutes, s);
  }
  if (minutes < 180) return f("%lldm", minutes);
  long long hours = seconds / 3600;
  if (hours < 8) {
    long long m = minutes % 60;
    return m == 0 ? f("%lldh", hours) : f("%lldh%lldm", hours, m);
  }
  if (hours < 48) return f("%lldh", hours);
  if (hours < 24 * 8) {
    long long h = hours % 24;
    return h == 0 ? f("%lldd", hours / 24) : f("%lldd%lldh", hours / 24, h);
  }
  if (hours < 24 * 365 * 2) return f("%lldd", hours / 24);
  if (hours < 24 * 365 * 8) {
    long long dy = (hours / 24) % 365;
    return dy == 0 ? f("%lldy", hours / 24 / 365) : f("%lldy%lldd", hours / 24 / 365, dy);
  }
  return f("%lldy", hours / 24 / 365);
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
