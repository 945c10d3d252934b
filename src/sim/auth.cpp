#include "sim/auth.hpp"

namespace kubemcp::sim {

void Auth::add_token(const std::string& token, User user) {
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
  if (!req.client_cert_cn.empty()) return User{req.client_cert_cn, req.client_cert_orgs};
  std::string h = req.header("authorization");
  if (h.empty()) return User{"system:anonymous", {"system:unauthenticated"}};
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
