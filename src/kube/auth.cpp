#include "kube/auth.hpp"

#include <boost/json.hpp>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "kube/errors.hpp"
#include "kube/fsutil.hpp"
#include "kube/url.hpp"
#include "net/base64.hpp"
#include "net/subprocess.hpp"

extern char** environ;

namespace kubemcp::kube {
namespace json = boost::json;
using SysClock = std::chrono::system_clock;

namespace {
// An exec plugin gets this long; then its process group is stopped (SIGTERM, SIGKILL).
constexpr std::chrono::seconds kExecPluginTimeout{60};
// An ExecCredential with a certificate chain is a few KiB; anything past this is not one.
constexpr std::size_t kExecPluginMaxOutput = std::size_t{1} << 20;
}  // namespace

std::optional<SysClock::time_point> jwt_expiry(const std::string& token) {
  const auto a = token.find('.');
  const auto b = token.find('.', a == std::string::npos ? a : a + 1);
  if (a == std::string::npos || b == std::string::npos) return std::nullopt;
  std::string payload = token.substr(a + 1, b - a - 1);
  for (auto& c : payload) c = c == '-' ? '+' : c == '_' ? '/' : c;
  auto decoded = net::base64_decode(payload);
  if (!decoded) return std::nullopt;
  json::error_code ec;
  auto v = json::parse(*decoded, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto* exp = v.as_object().if_contains("exp");
  if (!exp || !exp->is_number()) return std::nullopt;
  return SysClock::from_time_t(static_cast<std::time_t>(exp->to_number<double>()));
}

ExecCredential parse_exec_credential(const std::string& text, const std::string& api_version,
                                     const std::string& cluster) {
  auto bad = [&](const std::string& what) {
    return AuthError(cluster, "exec credential plugin: " + what, 401, true);
  };
  json::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) throw bad("output is not a JSON ExecCredential");
  const auto& o = v.as_object();
  const auto* kind = o.if_contains("kind");
  if (!kind || !kind->is_string() || kind->as_string() != "ExecCredential")
    throw bad("output is not an ExecCredential (kind)");
  const auto* av = o.if_contains("apiVersion");
  if (!av || !av->is_string() || av->as_string() != api_version)
    throw bad("output apiVersion does not match the kubeconfig's " + api_version);
  const auto* status = o.if_contains("status");
  if (!status || !status->is_object()) throw bad("output has no status");
  const auto& s = status->as_object();
  ExecCredential cred;
  auto str = [&](const char* key) -> std::string {
    const auto* f = s.if_contains(key);
    if (!f || f->is_null()) return {};
    if (!f->is_string()) throw bad(std::string("status.") + key + " must be a string");
    return std::string(f->as_string());
  };
  cred.token = str("token");
  cred.client_certificate_data = str("clientCertificateData");
  cred.client_key_data = str("clientKeyData");
  if (cred.client_certificate_data.empty() != cred.client_key_data.empty())
    throw bad("status needs both clientCertificateData and clientKeyData");
  if (cred.token.empty() && cred.client_certificate_data.empty())
    throw bad("status has neither a token nor a client certificate");
  const std::string exp = str("expirationTimestamp");
  if (!exp.empty()) {
    cred.expiration = parse_rfc3339(exp);
    if (!cred.expiration) throw bad("status.expirationTimestamp is not RFC 3339");
  }
  return cred;
}

std::string exec_info(const ExecConfig& exec, const ClusterEntry& cluster) {
  json::object spec;
  spec["interactive"] = false;
  if (exec.provide_cluster_info) {
    json::object c;
    c["server"] = cluster.server;
    if (!cluster.tls_server_name.empty()) c["tls-server-name"] = cluster.tls_server_name;
    if (cluster.insecure_skip_tls_verify) c["insecure-skip-tls-verify"] = true;
    std::string ca = cluster.certificate_authority_data;
    if (ca.empty() && !cluster.certificate_authority.empty())
      ca = read_file(cluster.certificate_authority).value_or("");
    if (!ca.empty()) c["certificate-authority-data"] = net::base64_encode(ca);
    if (!cluster.proxy_url.empty()) c["proxy-url"] = cluster.proxy_url;
    if (cluster.disable_compression) c["disable-compression"] = true;
    spec["cluster"] = std::move(c);
  }
  json::object root;
  root["kind"] = "ExecCredential";
  root["apiVersion"] = exec.api_version;
  root["spec"] = std::move(spec);
  return json::serialize(root);
}

ExecCredential run_exec_plugin(const ExecConfig& exec, const ClusterEntry& cluster,
                               const std::string& cluster_name) {
  auto fail = [&](const std::string& what) {
    return AuthError(cluster_name, "exec credential plugin '" + exec.command + "' " + what, 401,
                     true);
  };
  if (exec.interactive_mode == "Always")
    throw fail("needs an interactive terminal (interactiveMode: Always); run it by hand first");
  // Environment: ours, then the kubeconfig's env, then KUBERNETES_EXEC_INFO.
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    bool overridden = kv.starts_with("KUBERNETES_EXEC_INFO=");
    for (const auto& v : exec.env)
      if (kv.starts_with(v.name + "=")) overridden = true;
    if (!overridden) env.emplace_back(kv);
  }
  for (const auto& v : exec.env) env.push_back(v.name + "=" + v.value);
  env.push_back("KUBERNETES_EXEC_INFO=" + exec_info(exec, cluster));
  net::SpawnOptions options;
  options.argv = {exec.command};
  options.argv.insert(options.argv.end(), exec.args.begin(), exec.args.end());
  options.env = std::move(env);
  const net::RunResult r = net::run(options, kExecPluginTimeout, kExecPluginMaxOutput);
  if (!r.started)
    throw fail("could not be started: " + r.error +
               (exec.install_hint.empty() ? "" : " (" + exec.install_hint + ")"));
  if (r.timed_out)
    throw fail("timed out after " + std::to_string(kExecPluginTimeout.count()) +
               " s and was stopped");
  if (r.exit_code != 0) {
    const int code = r.signal ? 128 + r.signal : r.exit_code;
    throw fail("failed with exit code " + std::to_string(code) +
               (code == 127 && !exec.install_hint.empty() ? " (" + exec.install_hint + ")" : ""));
  }
  if (r.truncated)
    throw fail("printed more than " + std::to_string(kExecPluginMaxOutput / 1024) +
               " KiB; that is not an ExecCredential");
  const std::string& stdout_text = r.out;
  return parse_exec_credential(stdout_text, exec.api_version, cluster_name);
}

namespace {
std::string file_or_data(const std::string& cluster, const std::string& field,
                         const std::string& path, const std::string& data) {
  if (!data.empty()) return data;
  if (path.empty()) return {};
  auto text = read_file(path);
  if (!text) throw ConfigError(cluster, field, "cannot read file " + path);
  return *text;
}
}  // namespace

Authenticator::Authenticator(std::string cluster, const ResolvedContext& context)
    : cluster_(std::move(cluster)), context_(context) {
  const UserEntry& u = context_.user;
  const bool basic = !u.username.empty() || !u.password.empty();
  const bool bearer = !u.token.empty() || !u.token_file.empty();
  if (basic && bearer)
    throw ConfigError(cluster_, "user '" + context_.user_name + "'",
                      "username/password and a bearer token cannot both be set");
  if (u.exec && u.auth_provider)
    throw ConfigError(cluster_, "user '" + context_.user_name + "'",
                      "exec and auth-provider cannot both be set");
  if (u.auth_provider && u.auth_provider->name != "oidc")
    throw ConfigError(cluster_, "auth-provider",
                      "auth provider '" + u.auth_provider->name +
                          "' was removed from Kubernetes; use an exec credential plugin");
  static_cert_.cert_pem =
      file_or_data(cluster_, "client-certificate", u.client_certificate, u.client_certificate_data);
  static_cert_.key_pem = file_or_data(cluster_, "client-key", u.client_key, u.client_key_data);
  if (static_cert_.cert_pem.empty() != static_cert_.key_pem.empty())
    throw ConfigError(cluster_, static_cert_.cert_pem.empty() ? "client-certificate" : "client-key",
                      "a client certificate needs both client-certificate and client-key");
  if (basic)
    method_ = "basic";
  else if (!u.token_file.empty())
    method_ = "tokenFile";
  else if (!u.token.empty())
    method_ = "token";
  else if (u.exec)
    method_ = "exec";
  else if (u.auth_provider)
    method_ = "oidc";
  else if (!static_cert_.cert_pem.empty())
    method_ = "client-certificate";
  else
    method_ = "none";
  if (!static_cert_.cert_pem.empty() && method_ != "client-certificate")
    method_ += "+client-certificate";
}

bool Authenticator::has_credentials() const {
  return method_ != "none";
}

std::string Authenticator::read_token_file() {
  const std::string& path = context_.user.token_file;
  const auto stamp = file_stamp(path);
  if (stamp == token_file_stamp_ && stamp != -1) return token_file_text_;
  auto text = read_file(path);
  if (!text) {
    // A missing file with a static token falls back to the token (client-go does too).
    if (!context_.user.token.empty()) return context_.user.token;
    throw AuthError(cluster_, "cannot read tokenFile " + path);
  }
  std::string t = *text;
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r' || t.back() == ' ')) t.pop_back();
  token_file_text_ = t;
  token_file_stamp_ = stamp;
  return t;
}

const ExecCredential& Authenticator::exec_credential(std::unique_lock<std::mutex>& lock) {
  const auto now = SysClock::now();
  if (exec_cache_ && (!exec_cache_->expiration || *exec_cache_->expiration > now))
    return *exec_cache_;
  // The plugin runs under the lock: concurrent callers share one run.
  exec_cache_ = run_exec_plugin(*context_.user.exec, context_.cluster, cluster_);
  (void)lock;
  return *exec_cache_;
}

void Authenticator::apply(net::Headers& headers) {
  const UserEntry& u = context_.user;
  std::unique_lock lock(mu_);
  if (!u.username.empty() || !u.password.empty()) {
    headers.emplace_back("Authorization",
                         "Basic " + net::base64_encode(u.username + ":" + u.password));
  } else if (!u.token_file.empty()) {
    const std::string t = read_token_file();
    if (t.empty()) throw AuthError(cluster_, "tokenFile " + u.token_file + " is empty");
    headers.emplace_back("Authorization", "Bearer " + t);
  } else if (!u.token.empty()) {
    headers.emplace_back("Authorization", "Bearer " + u.token);
  } else if (u.exec) {
    const auto& cred = exec_credential(lock);
    if (!cred.token.empty()) headers.emplace_back("Authorization", "Bearer " + cred.token);
  } else if (u.auth_provider) {
    const auto it = u.auth_provider->config.find("id-token");
    if (it == u.auth_provider->config.end() || it->second.empty())
      throw AuthError(cluster_, "auth-provider oidc has no id-token; log in again");
    if (auto exp = jwt_expiry(it->second); exp && *exp <= SysClock::now())
      throw AuthError(cluster_, "the oidc id-token has expired; log in again");
    headers.emplace_back("Authorization", "Bearer " + it->second);
  }
  if (!u.impersonate.empty()) headers.emplace_back("Impersonate-User", u.impersonate);
  for (const auto& g : u.impersonate_groups) headers.emplace_back("Impersonate-Group", g);
  if (!u.impersonate_uid.empty()) headers.emplace_back("Impersonate-Uid", u.impersonate_uid);
  for (const auto& [key, values] : u.impersonate_extra)
    for (const auto& v : values) headers.emplace_back("Impersonate-Extra-" + url_encode(key), v);
}

ClientCertificate Authenticator::client_certificate() {
  if (!static_cert_.cert_pem.empty()) return static_cert_;
  if (!context_.user.exec || !context_.user.username.empty() || !context_.user.token.empty() ||
      !context_.user.token_file.empty())
    return {};
  std::unique_lock lock(mu_);
  const auto& cred = exec_credential(lock);
  return {cred.client_certificate_data, cred.client_key_data};
}

bool Authenticator::invalidate() {
  std::lock_guard lock(mu_);
  if (context_.user.exec) {
    exec_cache_.reset();
    return true;
  }
  if (!context_.user.token_file.empty()) {
    const bool changed = file_stamp(context_.user.token_file) != token_file_stamp_;
    token_file_stamp_ = -1;
    return changed;
  }
  return false;
}

ResolvedContext in_cluster_context(const std::string& sa_dir) {
  const char* host = std::getenv("KUBERNETES_SERVICE_HOST");
  const char* port = std::getenv("KUBERNETES_SERVICE_PORT");
  if (!host || !*host || !port || !*port)
    throw ConfigError("in-cluster", "KUBERNETES_SERVICE_HOST",
                      "not running inside a pod (KUBERNETES_SERVICE_HOST/PORT unset)");
  if (file_stamp(sa_dir + "/token") == -1)
    throw ConfigError("in-cluster", "token", "cannot read " + sa_dir + "/token");
  ResolvedContext r;
  r.context_name = r.cluster_name = r.user_name = "in-cluster";
  const std::string h = host;
  r.cluster.server =
      "https://" + (h.find(':') != std::string::npos ? "[" + h + "]" : h) + ":" + port;
  r.cluster.certificate_authority = sa_dir + "/ca.crt";
  r.cluster.origin_file = sa_dir;
  r.user.token_file = sa_dir + "/token";
  r.user.origin_file = sa_dir;
  if (auto ns = read_file(sa_dir + "/namespace")) {
    r.namespace_ = *ns;
    while (!r.namespace_.empty() && std::isspace(static_cast<unsigned char>(r.namespace_.back())))
      r.namespace_.pop_back();
  }
  return r;
}

}  // namespace kubemcp::kube
