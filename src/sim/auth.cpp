#include "sim/auth.hpp"

#include <cstdio>
#include <functional>

namespace kubemcp::sim {

void Auth::add_token(const std::string& token, User user) {
  // A static token's user has a uid (the token file's third column upstream); derived from
  // the name so that every token of one user shows the same.
  if (user.uid.empty()) {
    char buf[40];
    auto h = std::hash<std::string>{}("sim-user/" + user.name);
    std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-8%03x-%012llx", static_cast<unsigned>(h >> 32),
                  static_cast<unsigned>((h >> 16) & 0xffff), static_cast<unsigned>(h & 0xfff),
                  static_cast<unsigned>((h >> 20) & 0xfff),
                  static_cast<unsigned long long>(h & 0xffffffffffffULL));
    user.uid = buf;
  }
  std::lock_guard lock(mu_);
  tokens_[token] = std::move(user);
}

void Auth::revoke(const std::string& token) {
  std::lock_guard lock(mu_);
  tokens_.erase(token);
}

void Auth::revoke_all() {
  std::lock_guard lock(mu_);
  tokens_.clear();
}

size_t Auth::token_count() const {
  std::lock_guard lock(mu_);
  return tokens_.size();
}

std::optional<User> Auth::authenticate(const net::HttpRequest& req) const {
  // Like kube-apiserver's union authenticator: a verified client certificate wins, then a
  // bearer token; a token that does not verify is a 401 even on public paths.
  if (!req.client_cert_cn.empty()) {
    // As kube-apiserver 1.32: every authenticated user is in system:authenticated, and an
    // x509 user carries the certificate's fingerprint as its credential id.
    User u{req.client_cert_cn, req.client_cert_orgs, "", {}};
    u.groups.push_back("system:authenticated");
    if (!req.client_cert_sha256.empty())
      u.extra["authentication.kubernetes.io/credential-id"] = {"X509SHA256=" +
                                                               req.client_cert_sha256};
    return u;
  }
  std::string h = req.header("authorization");
  if (h.empty()) return User{"system:anonymous", {"system:unauthenticated"}, "", {}};
  if (h.size() < 7 || (h.compare(0, 7, "Bearer ") != 0 && h.compare(0, 7, "bearer ") != 0))
    return std::nullopt;
  std::string token = h.substr(7);
  while (!token.empty() && token.front() == ' ') token.erase(0, 1);
  std::lock_guard lock(mu_);
  auto it = tokens_.find(token);
  if (it == tokens_.end()) return std::nullopt;
  return it->second;
}

}  // namespace kubemcp::sim
