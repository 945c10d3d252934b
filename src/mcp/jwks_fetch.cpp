// The HTTPS fetcher of OIDC discovery documents and JWKS (mcp/auth_jwt.hpp), on the
// project's own client (net/client_http.hpp).
#include <fstream>
#include <sstream>

#include "mcp/auth_jwt.hpp"
#include "net/client_http.hpp"

namespace kubemcp::mcp {

UrlFetcher https_fetcher(const std::string& ca_file, std::chrono::milliseconds timeout) {
  std::string ca_pem;
  if (!ca_file.empty()) {
    std::ifstream in(ca_file);
    if (!in) throw std::runtime_error("http.oidc.ca_file: cannot read " + ca_file);
    std::stringstream text;
    text << in.rdbuf();
    ca_pem = text.str();
  }
  return [ca_pem, timeout](const std::string& url) {
    if (!url.starts_with("https://"))
      throw std::runtime_error("refusing to fetch signing keys over plain HTTP: " + url);
    const auto q = url.find('?');
    net::ClientOptions opts;
    opts.tls.ca_pem = ca_pem;
    opts.max_body = 1u << 20;
    opts.connect_timeout = timeout;
    net::ClientRequest req;
    req.target = net::parse_server_url(url.substr(0, q), opts);
    if (req.target.empty()) req.target = "/";
    if (q != std::string::npos) req.target += url.substr(q);
    req.headers.emplace_back("Accept", "application/json");
    req.timeout = timeout;
    const auto resp = net::HttpClient::create(opts)->request(req);
    if (resp.status != 200)
      throw std::runtime_error("GET " + url + " answered HTTP " + std::to_string(resp.status));
    return resp.body;
  };
}

}  // namespace kubemcp::mcp
