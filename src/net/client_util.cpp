// The parts of the HTTP client that need no Asio: header lookup, gzip, server URLs.
#include <zlib.h>

#include <boost/url/parse.hpp>
#include <cctype>

#include "net/ascii.hpp"
#include "net/client_http.hpp"

namespace kubemcp::net {

std::string find_header(const Headers& headers, std::string_view name) {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return v;
  return {};
}

std::string gunzip(std::string_view data, std::size_t limit) {
  z_stream zs{};
  if (inflateInit2(&zs, 32 + MAX_WBITS) != Z_OK) throw std::runtime_error("zlib init failed");
  std::string out;
  char buf[16384];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  int rc = Z_OK;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      throw std::runtime_error("corrupt compressed response body");
    }
    out.append(buf, sizeof buf - zs.avail_out);
    if (out.size() > limit) {
      inflateEnd(&zs);
      throw ClientError(ClientError::Stage::TooLarge,
                        "response body exceeds " + std::to_string(limit) + " bytes");
    }
  } while (rc != Z_STREAM_END && (zs.avail_in > 0 || zs.avail_out == 0));
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("truncated compressed response body");
  return out;
}

std::string parse_server_url(const std::string& url, ClientOptions& options) {
  auto r = boost::urls::parse_uri(url);
  if (!r) throw ClientConfigError("server", "server URL is not a valid absolute URL");
  const auto& u = *r;
  std::string scheme(u.scheme());
  for (auto& ch : scheme) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (scheme != "https" && scheme != "http")
    throw ClientConfigError("server", "server URL scheme must be https or http");
  options.scheme = scheme;
  options.host = std::string(u.host_address());
  if (options.host.empty()) throw ClientConfigError("server", "server URL has no host");
  options.port = u.has_port() ? u.port_number() : (scheme == "https" ? 443 : 80);
  std::string base(u.encoded_path());
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

}  // namespace kubemcp::net
