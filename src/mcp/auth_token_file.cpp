#include "mcp/auth_token_file.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace kubemcp::mcp {
namespace {

constexpr std::size_t kMinTokenLength = 16;

std::string sha256(std::string_view data) {
  unsigned char out[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

std::vector<std::string> split_list(const std::string& v) {
  std::vector<std::string> out;
  std::stringstream ss(v);
  for (std::string item; std::getline(ss, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

// One line's options after the name: read-only, clusters=a,b.
void apply_option(const std::string& word, Principal& p, const std::string& where) {
  if (word == "read-only") {
    p.read_only = true;
  } else if (word.rfind("clusters=", 0) == 0) {
    p.clusters = split_list(word.substr(9));
    if (p.clusters.empty()) throw std::runtime_error(where + ": clusters= needs at least one name");
  } else {
    throw std::runtime_error(where + ": unknown option '" + word +
                             "' (options: read-only, clusters=a,b)");
  }
}

}  // namespace

std::vector<TokenEntry> parse_token_file(const std::string& text, const std::string& path) {
  std::vector<TokenEntry> out;
  std::set<std::string> digests, names;
  std::stringstream in(text);
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    const std::string where = path + ":" + std::to_string(n);
    std::stringstream words(line);
    std::string token, word;
    if (!(words >> token) || token[0] == '#') continue;
    TokenEntry e;
    if (!(words >> e.principal.name))
      throw std::runtime_error(where + ": a token needs a name after it (token name [options])");
    while (words >> word) apply_option(word, e.principal, where);
    if (token.size() < kMinTokenLength)
      throw std::runtime_error(where + ": the token is shorter than " +
                               std::to_string(kMinTokenLength) + " characters");
    e.digest = sha256(token);
    if (!digests.insert(e.digest).second)
      throw std::runtime_error(where + ": the same token appears twice");
    if (!names.insert(e.principal.name).second)
      throw std::runtime_error(where + ": the name '" + e.principal.name + "' appears twice");
    out.push_back(std::move(e));
  }
  return out;
}

TokenFileAuthenticator::TokenFileAuthenticator(std::string path) : path_(std::move(path)) {
  std::ifstream f(path_);
  if (!f) throw std::runtime_error("cannot read the token file " + path_);
  reload_if_changed();
  if (stamp_.size < 0) throw std::runtime_error("cannot read the token file " + path_);
}

void TokenFileAuthenticator::reload_if_changed() {
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0) return;  // gone for a moment (an atomic replace): keep
  const Stamp now{static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec,
                  static_cast<long long>(st.st_size), static_cast<long long>(st.st_ino)};
  if (now == stamp_) return;
  std::ifstream f(path_);
  std::stringstream text;
  text << f.rdbuf();
  try {
    entries_ = parse_token_file(text.str(), path_);
    if (stamp_.size >= 0) spdlog::info("token file {} reloaded: {} tokens", path_, entries_.size());
    stamp_ = now;
  } catch (const std::runtime_error& e) {
    if (stamp_.size < 0) throw;  // the first load must succeed
    spdlog::error("token file not reloaded, keeping the previous tokens: {}", e.what());
    stamp_ = now;  // say it once per change
  }
}

AuthVerdict TokenFileAuthenticator::authenticate(std::string_view bearer_token) {
  const std::string digest = sha256(bearer_token);
  std::lock_guard lock(mutex_);
  reload_if_changed();
  // Every entry is compared, in constant time, whatever matches: the time taken says nothing
  // about which token (or how much of one) was right.
  const TokenEntry* found = nullptr;
  for (const auto& e : entries_)
    if (CRYPTO_memcmp(e.digest.data(), digest.data(), digest.size()) == 0) found = &e;
  if (!found) return {};
  return AuthVerdict{AuthVerdict::Kind::Accepted, found->principal, {}};
}

}  // namespace kubemcp::mcp
