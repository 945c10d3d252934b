#pragma once
// Small helpers shared by the simulator: API errors as Status objects, JSON access, time.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "net/duration.hpp"
#include "net/json_access.hpp"

namespace kubemcp::sim {

struct ResourceType;

// An API error; rendered as a metav1.Status with this code and reason.
struct ApiError : std::runtime_error {
  int code;
  std::string reason;
  boost::json::object details;
  ApiError(int c, std::string r, const std::string& message, boost::json::object d = {})
      : std::runtime_error(message), code(c), reason(std::move(r)), details(std::move(d)) {}
};

boost::json::object status_object(int code, const std::string& reason, const std::string& message,
                                  const boost::json::object& details = {});
boost::json::object status_success(const boost::json::object& details = {});

// "pods" or "deployments.apps", as the API server qualifies resources in messages.
std::string qualified(const ResourceType& t);
ApiError not_found(const ResourceType& t, const std::string& name);
ApiError already_exists(const ResourceType& t, const std::string& name);
ApiError conflict(const ResourceType& t, const std::string& name, const std::string& why);
ApiError invalid(const ResourceType& t, const std::string& name, const std::string& field,
                 const std::string& why);
ApiError bad_request(const std::string& message);

// JSON access that never throws (net/json_access.hpp, shared with render/ and tools/).
using net::arr_at;
using net::int_at;
using net::obj_at;
using net::path_at;
using net::str_at;
// Creates intermediate objects as needed.
boost::json::object& ensure_obj(boost::json::object& o, std::string_view key);

// Times are RFC 3339 in UTC, second precision ("2026-01-02T03:04:05Z") like metav1.Time.
int64_t now_unix();
std::string rfc3339(int64_t unix_seconds);
std::string now_rfc3339();
int64_t parse_rfc3339(std::string_view text);  // -1 if unparsable
// apimachinery's duration.HumanDuration (net/duration.hpp).
using net::human_duration;

std::string random_hex(size_t bytes);
std::string new_uid();  // RFC 4122 version 4

}  // namespace kubemcp::sim
