#pragma once
// Bearer tokens from a file (kubemcp serve --auth-token-file FILE), one per line:
//
//   # token                          name      options
//   3f9a0c1e5b7d4e2a8c6f1b3d5e7a9c0b  alice
//   8d2e4f6a1c3b5d7e9f0a2c4e6b8d0f1a  ci-bot    read-only clusters=stage,ephemeral
//
// Tokens are at least 16 characters. Only their SHA-256 digests are kept, compared in constant
// time. The file is re-read when it changes (its mtime, size or inode); a file that no longer
// parses keeps the tokens last loaded and says why in the log.
#include <mutex>
#include <string>
#include <vector>

#include "mcp/auth.hpp"

namespace kubemcp::mcp {

struct TokenEntry {
  std::string digest;  // SHA-256 of the token (32 bytes)
  Principal principal;
};

// Parses a token file's text; throws std::runtime_error("FILE:LINE: why") — never quoting a
// token — on a malformed line or a repeated token or name.
std::vector<TokenEntry> parse_token_file(const std::string& text, const std::string& path);

class TokenFileAuthenticator : public Authenticator {
 public:
  // Loads the file now; throws std::runtime_error when it cannot be read or parsed.
  explicit TokenFileAuthenticator(std::string path);
  AuthVerdict authenticate(std::string_view bearer_token) override;

 private:
  void reload_if_changed();

  std::string path_;
  std::mutex mutex_;
  std::vector<TokenEntry> entries_;
  struct Stamp {
    long long mtime_ns = 0, size = -1, inode = 0;
    bool operator==(const Stamp&) const = default;
  } stamp_;
};

}  // namespace kubemcp::mcp
