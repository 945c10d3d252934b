#pragma once
// Base64 (RFC 4648, standard alphabet) used by kubeconfig *-data fields, Secrets and
// the base64 WebSocket subprotocols.
#include <optional>
#include <string>
#include <string_view>

namespace kubemcp::net {

std::string base64_encode(std::string_view bytes);

// Returns nullopt on characters outside the alphabet; ignores ASCII whitespace and
// accepts missing padding.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace kubemcp::net
