#pragma once
// Who may reach the HTTP endpoint at all: the Origin and Host rules that keep a web page the
// user visits from driving a kubemcp on their machine (DNS rebinding, cross-site requests).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kubemcp::mcp {

class RequestGuard {
 public:
  // allowed_origins: exact origins ("https://app.example.com") or "*"; empty: localhost only.
  // allowed_hosts: Host names (optionally with :port) or "*"; the listen address counts too.
  RequestGuard(std::vector<std::string> allowed_origins, std::vector<std::string> allowed_hosts,
               std::string listen_host);

  // An absent Origin is allowed (a non-browser client); "null" and unlisted origins are not.
  bool origin_allowed(std::string_view origin) const;
  // The Host header: localhost names and the listen address always; others when listed. A
  // server bound to every address (0.0.0.0, ::) with no allowed_hosts accepts any Host: it is
  // reached through names the operator chose, and rebinding is a threat to local servers.
  bool host_allowed(std::string_view host) const;

 private:
  std::vector<std::string> origins_;
  std::vector<std::string> hosts_;
  std::string listen_host_;
  bool wildcard_listen_ = false;
};

// "example.com:80" -> "example.com"; "[::1]:8808" -> "::1"; lower-cased.
std::string host_name_of(std::string_view host_header);

}  // namespace kubemcp::mcp
