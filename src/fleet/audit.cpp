#include "fleet/audit.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "fleet/cluster.hpp"
#include "fleet/fleet.hpp"
#include "kube/kubeconfig.hpp"

namespace kubemcp::fleet {
namespace json = boost::json;
namespace {

// Keys whose values can carry data or credentials, matched anywhere in the (lower-cased)
// key at any depth: bodies (manifests, patches, file contents, stdin), what runs in a
// container (command, args, env, scripts) and credentials.
bool sensitive_key(std::string_view key) {
  std::string k(key);
  for (auto& ch : k) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (k == "metadata") return false;  // names and labels: what the audit is for
  for (const char* s :
       {"manifest", "patch", "stdin", "content", "data", "body", "env", "command", "args", "script",
        "token", "password", "secret", "key", "cert", "credential", "auth"})
    if (k.find(s) != std::string::npos) return true;
  return false;
}

json::value redacted(const json::value& v) {
  const std::size_t size = v.is_string() ? v.get_string().size() : json::serialize(v).size();
  return json::value("<redacted: " + std::to_string(size) + " bytes>");
}

// Nested objects and arrays are walked: a sensitive key is redacted wherever it appears.
json::value redact_value(const json::value& v) {
  if (v.is_object()) {
    json::object out;
    for (const auto& kv : v.get_object())
      out[kv.key()] = sensitive_key(kv.key()) ? redacted(kv.value()) : redact_value(kv.value());
    return out;
  }
  if (v.is_array()) {
    json::array out;
    for (const auto& item : v.get_array()) out.push_back(redact_value(item));
    return out;
  }
  return v;
}

std::string now_rfc3339() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

std::string kubeconfig_identity(const ClusterConfig& cluster) {
  try {
    const auto resolved = resolved_context(cluster);
    std::string who = resolved.user_name;
    if (!resolved.user.username.empty()) who += " (" + resolved.user.username + ")";
    if (!resolved.user.impersonate.empty()) who += " as " + resolved.user.impersonate;
    return who;
  } catch (const std::exception&) {
    return {};  // unreadable: the identity is unknown, the change is still audited
  }
}

json::object Audit::redact(const json::object& args) {
  return redact_value(args).get_object();
}

json::object Audit::redact(const json::object& args, const std::vector<std::string>& verbatim) {
  json::object out = redact(args);
  for (const auto& key : verbatim)
    if (const auto* v = args.if_contains(key)) out[key] = *v;
  return out;
}

void Audit::record(const std::string& cluster, const std::string& tool, const json::object& args,
                   const std::string& outcome) {
  AuditEntry e;
  e.cluster = cluster;
  e.tool = tool;
  e.args = args;
  e.outcome = outcome;
  record(e);
}

void Audit::record(const std::string& cluster, const std::string& tool, const json::object& args,
                   const std::string& outcome, const std::vector<std::string>& verbatim) {
  AuditEntry e;
  e.cluster = cluster;
  e.tool = tool;
  e.args = args;
  e.outcome = outcome;
  e.verbatim = verbatim;
  record(e);
}

void Audit::record(const AuditEntry& e) {
  if (path_.empty()) return;
  json::object line_object{{"time", now_rfc3339()},
                           {"cluster", e.cluster},
                           {"identity", e.identity},
                           {"tool", e.tool},
                           {"arguments", redact(e.args, e.verbatim)},
                           {"dry_run", e.dry_run},
                           {"outcome", e.outcome}};
  line_object["identity_source"] = e.identity_source;  // "server", "kubeconfig" or ""
  if (!e.principal.empty()) line_object["principal"] = e.principal;
  // null: no API answer (refused before any request, or the network failed).
  line_object["status"] = e.api_status ? json::value(*e.api_status) : json::value(nullptr);
  const std::string line = json::serialize(line_object) + "\n";
  std::lock_guard lock(mutex_);
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path_).parent_path(), ec);
  const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) {
    spdlog::error("audit log {}: cannot open ({})", path_, std::strerror(errno));
    return;
  }
  if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
    spdlog::error("audit log {}: short write", path_);
  ::close(fd);
}

}  // namespace kubemcp::fleet
