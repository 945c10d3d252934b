#include "kube/probe.hpp"

#include <boost/json.hpp>
#include <future>

#include "kube/errors.hpp"
#include "kube/rest_client.hpp"
#include "net/json_access.hpp"

namespace kubemcp::kube {
namespace json = boost::json;

namespace {

Request self_subject_review(std::chrono::milliseconds timeout) {
  Request who;
  who.method = "POST";
  who.path = "/apis/authentication.k8s.io/v1/selfsubjectreviews";
  who.content_type = "application/json";
  who.body = R"({"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"})";
  who.timeout = timeout;
  return who;
}

void parse_identity(const json::value& r, ServerProbe& p) {
  if (const auto* n = net::at_path(r, {"status", "userInfo", "username"}); n && n->is_string())
    p.identity = std::string(n->get_string());
  if (const auto* g = net::at_path(r, {"status", "userInfo", "groups"}); g && g->is_array())
    for (const auto& x : g->get_array())
      if (x.is_string()) p.groups.emplace_back(x.get_string());
  if (p.identity.empty()) p.identity_problem = "SelfSubjectReview: no username in the answer";
}

void read_identity(std::future<Response>& answer, ServerProbe& p) {
  try {
    parse_identity(answer.get().json(), p);
  } catch (const ApiError& e) {
    // 404: not served (before 1.28, or disabled); 403: RBAC does not allow it.
    p.identity_problem = "SelfSubjectReview: " + std::to_string(e.code()) + " " + e.reason();
  } catch (const std::exception& e) {
    p.identity_problem = std::string("SelfSubjectReview: ") + e.what();
  }
}

}  // namespace

ServerProbe probe_server(Client& client, std::chrono::milliseconds timeout,
                         const net::CancelPtr& cancel) {
  ServerProbe p;
  auto who = client.send_async(self_subject_review(timeout), cancel);
  Request version;
  version.path = "/version";
  version.timeout = timeout;
  const auto start = std::chrono::steady_clock::now();
  json::value v;
  try {
    v = client.send(version, cancel).json();
  } catch (...) {
    if (who.valid()) who.wait();  // nothing outlives the call
    throw;
  }
  p.latency = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  if (const auto* g = net::at_path(v, {"gitVersion"}); g && g->is_string())
    p.version = std::string(g->get_string());
  read_identity(who, p);
  return p;
}

ServerProbe ask_identity(Client& client, std::chrono::milliseconds timeout,
                         const net::CancelPtr& cancel) {
  ServerProbe p;
  try {
    parse_identity(client.send(self_subject_review(timeout), cancel).json(), p);
  } catch (const ApiError& e) {
    p.identity_problem = "SelfSubjectReview: " + std::to_string(e.code()) + " " + e.reason();
  }
  return p;
}

}  // namespace kubemcp::kube
