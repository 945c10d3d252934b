#pragma once
// Who and what a cluster is: the API server's version (GET /version, timed) and the identity
// the credentials stand for (SelfSubjectReview, where the server offers it and RBAC allows).
#include <chrono>
#include <string>

#include "net/cancel.hpp"

namespace kubemcp::kube {

class Client;

struct ServerProbe {
  std::string version;                  // gitVersion, e.g. "v1.32.1"
  std::string identity;                 // the username; empty when the server would not say
  std::chrono::milliseconds latency{};  // of the /version request
};

// Throws the client's typed errors (AuthError, NetworkError, ...) when /version fails; a
// refused or unserved SelfSubjectReview only leaves `identity` empty.
ServerProbe probe_server(Client& client, std::chrono::milliseconds timeout,
                         const net::CancelPtr& cancel = {});

}  // namespace kubemcp::kube
