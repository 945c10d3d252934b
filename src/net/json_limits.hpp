#pragma once
// One JSON parse for everything that reads Kubernetes objects: the client (responses, watch
// events) and the simulator (request bodies). Boost.JSON's default max_depth is 32, but
// custom resources and OpenAPI schemas nest deeper; kube-apiserver (Go's encoding/json)
// accepts up to 10,000 levels, and so do we. The parser keeps its own stack (no recursion).
#include <boost/json/parse_options.hpp>
#include <boost/json/value.hpp>
#include <boost/system/error_code.hpp>
#include <cstddef>
#include <string_view>

namespace kubemcp::net {

// The deepest nesting of arrays and objects accepted in a Kubernetes JSON document.
inline constexpr std::size_t kMaxJsonDepth = 10000;

boost::json::parse_options kube_json_options();

// Parses with kube_json_options(); sets `ec` on failure (never throws for bad input).
boost::json::value parse_kube_json(std::string_view text, boost::system::error_code& ec);
// Same, throwing boost::system::system_error on failure.
boost::json::value parse_kube_json(std::string_view text);

}  // namespace kubemcp::net
