#include "mcp/http_guard.hpp"

#include <algorithm>

namespace kubemcp::mcp {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_loopback_name(const std::string& host) {
  return host == "localhost" || host == "127.0.0.1" || host == "::1";
}

bool listed(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

std::string host_name_of(std::string_view h) {
  std::string host = lower(h);
  if (!host.empty() && host.front() == '[') {  // IPv6 literal
    const auto close = host.find(']');
    return close == std::string::npos ? host : host.substr(1, close - 1);
  }
  const auto colon = host.find(':');
  return colon == std::string::npos ? host : host.substr(0, colon);
}

RequestGuard::RequestGuard(std::vector<std::string> allowed_origins,
                           std::vector<std::string> allowed_hosts, std::string listen_host)
    : listen_host_(lower(listen_host)) {
  for (auto& o : allowed_origins) {
    std::string v = lower(o);
    while (!v.empty() && v.back() == '/') v.pop_back();
    origins_.push_back(std::move(v));
  }
  for (auto& h : allowed_hosts) hosts_.push_back(lower(h));
  wildcard_listen_ = listen_host_ == "0.0.0.0" || listen_host_ == "::";
}

bool RequestGuard::origin_allowed(std::string_view origin) const {
  if (origin.empty()) return true;
  std::string o = lower(origin);
  while (!o.empty() && o.back() == '/') o.pop_back();
  if (!origins_.empty()) return listed(origins_, "*") || listed(origins_, o);
  // Default: pages served from this machine only.
  for (const std::string_view scheme : {"http://", "https://"}) {
    if (o.rfind(scheme, 0) != 0) continue;
    return is_loopback_name(host_name_of(std::string_view(o).substr(scheme.size())));
  }
  return false;
}

bool RequestGuard::host_allowed(std::string_view host_header) const {
  if (host_header.empty()) return false;
  const std::string full = lower(host_header);
  const std::string name = host_name_of(full);
  if (is_loopback_name(name) || (!wildcard_listen_ && name == listen_host_)) return true;
  if (hosts_.empty()) return wildcard_listen_;
  return listed(hosts_, "*") || listed(hosts_, name) || listed(hosts_, full);
}

}  // namespace kubemcp::mcp
