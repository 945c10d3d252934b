#include "kube/probe.hpp"

#include <boost/json.hpp>

#include "kube/rest_client.hpp"
#include "net/json_access.hpp"

namespace kubemcp::kube {
namespace json = boost::json;

ServerProbe probe_server(Client& client, std::chrono::milliseconds timeout,
                         const net::CancelPtr& cancel) {
  ServerProbe p;
  Request version;
  version.path = "/version";
  version.timeout = timeout;
  const auto start = std::chrono::steady_clock::now();
  const json::value v = client.send(version, cancel).json();
  p.latency = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  if (const auto* g = net::at_path(v, {"gitVersion"}); g && g->is_string())
    p.version = std::string(g->get_string());
  try {
    Request who;
    who.method = "POST";
    who.path = "/apis/authentication.k8s.io/v1/selfsubjectreviews";
    who.content_type = "application/json";
    who.body = R"({"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"})";
    who.timeout = timeout;
    const json::value r = client.send(who, cancel).json();
    if (const auto* n = net::at_path(r, {"status", "userInfo", "username"}); n && n->is_string())
      p.identity = std::string(n->get_string());
  } catch (const ApiError&) {
    // Not served or not allowed: the identity stays unknown.
  }
  return p;
}

}  // namespace kubemcp::kube
