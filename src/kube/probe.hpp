#pragma once
// Who and what a cluster is: the API server's version (GET /version, timed) and the identity
// the credentials stand for (POST SelfSubjectReview, sent at the same time, so one timeout
// bounds the probe).
#include <chrono>
#include <string>
#include <vector>

#include "net/cancel.hpp"

namespace kubemcp::kube {

class Client;

struct ServerProbe {
  std::string version;                  // gitVersion, e.g. "v1.32.1"
  std::string identity;                 // status.userInfo.username; empty when not told
  std::vector<std::string> groups;      // status.userInfo.groups
  std::string identity_problem;         // why not told: "SelfSubjectReview: 403 Forbidden"
  std::chrono::milliseconds latency{};  // of the /version request
};

// Throws the client's typed errors (AuthError, NetworkError, ...) when /version fails; a
// refused, unserved or failed SelfSubjectReview leaves `identity` empty and says why in
// `identity_problem`.
ServerProbe probe_server(Client& client, std::chrono::milliseconds timeout,
                         const net::CancelPtr& cancel = {});

// Only the identity (one SelfSubjectReview, for the audit log): `identity` and `groups`, or
// `identity_problem` when the server answered but would not say (403, 404). Throws the
// client's typed errors when it could not be asked (network, login), which says nothing
// about what the server would answer.
ServerProbe ask_identity(Client& client, std::chrono::milliseconds timeout,
                         const net::CancelPtr& cancel = {});

}  // namespace kubemcp::kube
