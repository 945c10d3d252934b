#pragma once
// UTF-8 for text sent to MCP clients: logs and exec output are arbitrary bytes, and a cut
// must not split a character.
#include <cstddef>
#include <string>
#include <string_view>

namespace kubemcp::net {

// The largest length <= n at which `s` can be cut without splitting a UTF-8 character.
std::size_t utf8_cut(std::string_view s, std::size_t n);
// The first index >= i that does not fall inside a UTF-8 character (for cutting a head off).
std::size_t utf8_next_start(std::string_view s, std::size_t i);
bool is_valid_utf8(std::string_view s);
// `s` with each byte that is not part of a valid UTF-8 sequence replaced by U+FFFD.
std::string to_valid_utf8(std::string_view s);

}  // namespace kubemcp::net
