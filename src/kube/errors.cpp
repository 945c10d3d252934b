#include "kube/errors.hpp"

#include <boost/json/parse.hpp>

#include "net/json_limits.hpp"

namespace kubemcp::kube {
namespace json = boost::json;

namespace {
std::string reason_for(int code) {
  switch (code) {
    case 400:
      return "BadRequest";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    case 405:
      return "MethodNotAllowed";
    case 406:
      return "NotAcceptable";
    case 409:
      return "Conflict";
    case 410:
      return "Expired";
    case 413:
      return "RequestEntityTooLarge";
    case 415:
      return "UnsupportedMediaType";
    case 422:
      return "Invalid";
    case 429:
      return "TooManyRequests";
    case 500:
      return "InternalError";
    case 503:
      return "ServiceUnavailable";
    case 504:
      return "Timeout";
    default:
      return code >= 500 ? "InternalError" : "Unknown";
  }
}

std::string compose(int code, const std::string& reason, const std::string& message) {
  return "the server answered " + std::to_string(code) + " " + reason +
         (message.empty() ? "" : ": " + message);
}
}  // namespace

ApiError::ApiError(int code, std::string reason, std::string message, json::value details,
                   std::optional<int> retry_after)
    : KubeError(compose(code, reason, message)),
      code_(code),
      reason_(std::move(reason)),
      message_(std::move(message)),
      details_(std::move(details)),
      retry_after_(retry_after) {}

AuthError::AuthError(std::string cluster, std::string message, int code, bool plugin_failed)
    : KubeError((cluster.empty() ? "" : "cluster '" + cluster + "': ") + message),
      cluster_(std::move(cluster)),
      code_(code),
      plugin_failed_(plugin_failed) {}

NetworkError::NetworkError(std::string cluster, const std::string& message, bool never_sent,
                           bool timeout)
    : KubeError((cluster.empty() ? "" : "cluster '" + cluster + "': ") + message),
      cluster_(std::move(cluster)),
      never_sent_(never_sent),
      timeout_(timeout) {}

ConfigError::ConfigError(std::string cluster, std::string field, const std::string& message)
    : KubeError("cluster '" + cluster + "': " + field + ": " + message),
      cluster_(std::move(cluster)),
      field_(std::move(field)) {}

void throw_status(const std::string& cluster, int code, const std::string& body,
                  const std::string& retry_after_header) {
  std::string reason = reason_for(code);
  std::string message;
  json::value details;
  json::error_code ec;
  json::value v = net::parse_kube_json(body, ec);
  if (!ec && v.is_object() && v.as_object().contains("kind") && v.at("kind") == "Status") {
    const auto& o = v.as_object();
    if (auto* r = o.if_contains("reason"); r && r->is_string() && !r->as_string().empty())
      reason = std::string(r->as_string());
    if (auto* m = o.if_contains("message"); m && m->is_string()) message = m->as_string();
    if (auto* d = o.if_contains("details")) details = *d;
  } else if (!body.empty() && body.size() < 512 && body.find('\0') == std::string::npos) {
    message = body;
    while (!message.empty() && (message.back() == '\n' || message.back() == '\r'))
      message.pop_back();
  }
  if (code == 401)
    throw AuthError(
        cluster,
        "Unauthorized: the server rejected the credentials" +
            (message.empty() || message == "Unauthorized" ? std::string() : " (" + message + ")"));
  std::optional<int> retry_after;
  if (!retry_after_header.empty()) {
    try {
      retry_after = std::stoi(retry_after_header);
    } catch (...) {
    }
  }
  throw ApiError(code, reason, message, std::move(details), retry_after);
}

}  // namespace kubemcp::kube
