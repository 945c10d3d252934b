#pragma once
// Typed errors of the Kubernetes client. The layers above (tools, auto-heal) branch on the
// type; messages never carry a credential.
#include <boost/json/value.hpp>
#include <optional>
#include <stdexcept>
#include <string>

namespace kubemcp::kube {

// Base of every client error.
class KubeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The API server answered with a failure Status (any HTTP code >= 400 except 401).
class ApiError : public KubeError {
 public:
  ApiError(int code, std::string reason, std::string message, boost::json::value details = {},
           std::optional<int> retry_after = std::nullopt);
  int code() const noexcept { return code_; }
  const std::string& reason() const noexcept { return reason_; }    // NotFound, Conflict, ...
  const std::string& message() const noexcept { return message_; }  // the server's words
  const boost::json::value& details() const noexcept { return details_; }
  std::optional<int> retry_after() const noexcept { return retry_after_; }
  bool not_found() const noexcept { return code_ == 404; }
  bool conflict() const noexcept { return code_ == 409; }

 private:
  int code_;
  std::string reason_;
  std::string message_;
  boost::json::value details_;
  std::optional<int> retry_after_;
};

// Authentication failed: HTTP 401, or the exec credential plugin / token source failed.
// Auto-heal keys on this type (a login may fix it). 403 is an ApiError, not this.
class AuthError : public KubeError {
 public:
  AuthError(std::string cluster, std::string message, int code = 401, bool plugin_failed = false);
  const std::string& cluster() const noexcept { return cluster_; }
  int code() const noexcept { return code_; }
  bool plugin_failed() const noexcept { return plugin_failed_; }

 private:
  std::string cluster_;
  int code_;
  bool plugin_failed_;
};

// No HTTP answer. `never_sent()` is true when the request provably never reached the
// server (DNS, refused, connect timeout, proxy refusal, TLS handshake): safe to retry.
class NetworkError : public KubeError {
 public:
  NetworkError(std::string cluster, const std::string& message, bool never_sent, bool timeout);
  const std::string& cluster() const noexcept { return cluster_; }
  bool never_sent() const noexcept { return never_sent_; }
  bool timeout() const noexcept { return timeout_; }

 private:
  std::string cluster_;
  bool never_sent_;
  bool timeout_;
};

// The caller cancelled the request (MCP notifications/cancelled).
class CancelledError : public KubeError {
 public:
  CancelledError() : KubeError("request cancelled") {}
};

// The configuration cannot work: names the cluster (or file) and the field, never its value.
class ConfigError : public KubeError {
 public:
  ConfigError(std::string cluster, std::string field, const std::string& message);
  explicit ConfigError(const std::string& message) : KubeError(message) {}
  const std::string& cluster() const noexcept { return cluster_; }
  const std::string& field() const noexcept { return field_; }

 private:
  std::string cluster_;
  std::string field_;
};

// Builds the typed error for a failed answer (code >= 400) from its body, a Status when
// the server sent one. 401 gives AuthError. Throws; never returns.
[[noreturn]] void throw_status(const std::string& cluster, int code, const std::string& body,
                               const std::string& retry_after_header = {});

}  // namespace kubemcp::kube
