#pragma once
// Authentication of one simulated cluster: bearer tokens (static, exec-plugin and login
// issued; revocable at run time) and client certificates verified by TLS against the
// cluster's CA. Token values are never logged.
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "net/server_https.hpp"

namespace kubemcp::sim {

struct User {
  std::string name;
  std::vector<std::string> groups;
  std::string uid;                                        // empty for certificates
  std::map<std::string, std::vector<std::string>> extra;  // e.g. the credential id
};

class Auth {
 public:
  void add_token(const std::string& token, User user);
  void revoke(const std::string& token);
  void revoke_all();
  size_t token_count() const;

  // The authenticated user; "system:anonymous" when the request carries no credentials; nullopt
  // when credentials were sent and are wrong (then the answer is 401).
  std::optional<User> authenticate(const net::HttpRequest& req) const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, User> tokens_;
};

}  // namespace kubemcp::sim
