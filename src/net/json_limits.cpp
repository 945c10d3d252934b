#include "net/json_limits.hpp"

#include <boost/json/parse.hpp>

namespace kubemcp::net {

boost::json::parse_options kube_json_options() {
  boost::json::parse_options o;
  o.max_depth = kMaxJsonDepth;
  return o;
}

boost::json::value parse_kube_json(std::string_view text, boost::system::error_code& ec) {
  return boost::json::parse(text, ec, {}, kube_json_options());
}

boost::json::value parse_kube_json(std::string_view text) {
  boost::system::error_code ec;
  auto v = parse_kube_json(text, ec);
  if (ec) throw boost::system::system_error(ec);
  return v;
}

}  // namespace kubemcp::net
