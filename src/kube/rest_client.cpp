#include "kube/rest_client.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/parse.hpp>
#include <condition_variable>
#include <thread>

#include "kube/auth.hpp"
#include "kube/discovery.hpp"
#include "kube/fsutil.hpp"
#include "net/json_limits.hpp"

namespace kubemcp::kube {
namespace json = boost::json;

struct Client::State {
  ResolvedContext context;
  std::string base_path;
  net::ClientOptions options;
  std::shared_ptr<Authenticator> auth;
  std::vector<std::pair<std::string, std::int64_t>> stamps;
  std::mutex mu;
  std::shared_ptr<net::HttpClient> http;
  ClientCertificate cert;
};

json::value Response::json() const {
  json::error_code ec;
  json::value v = net::parse_kube_json(body, ec);
  if (ec) throw KubeError("the server answered with a body that is not JSON");
  return v;
}

Client::Client(ClientConfig config) : config_(std::move(config)) {}
Client::~Client() = default;

std::shared_ptr<Client::State> Client::build(
    const ResolvedContext& context, std::vector<std::pair<std::string, std::int64_t>> stamps) {
  auto st = std::make_shared<State>();
  st->context = context;
  st->stamps = std::move(stamps);
  const ClusterEntry& c = context.cluster;
  auto& o = st->options;
  try {
    st->base_path = net::parse_server_url(c.server, o);
  } catch (const net::ClientConfigError& e) {
    throw ConfigError(config_.name, "server", e.what());
  }
  o.tls.insecure = c.insecure_skip_tls_verify;
  o.tls.server_name = c.tls_server_name;
  if (!c.certificate_authority_data.empty()) {
    o.tls.ca_pem = c.certificate_authority_data;
  } else if (!c.certificate_authority.empty()) {
    auto ca = read_file(c.certificate_authority);
    if (!ca)
      throw ConfigError(config_.name, "certificate-authority",
                        "cannot read file " + c.certificate_authority);
    o.tls.ca_pem = *ca;
  }
  o.proxy_url = c.proxy_url;
  o.compression = !c.disable_compression;
  o.connect_timeout = config_.connect_timeout;
  o.max_body = config_.max_body;
  st->auth = std::make_shared<Authenticator>(config_.name, context);
  if (o.scheme != "https" && st->auth->has_credentials())
    throw ConfigError(config_.name, "server",
                      "credentials are only sent over https; the server URL is http");
  // Validate TLS material and proxy now, so a broken file is reported at once.
  ClientCertificate cert;
  if (!context.user.exec) cert = st->auth->client_certificate();
  auto opts = o;
  opts.tls.cert_pem = cert.cert_pem;
  opts.tls.key_pem = cert.key_pem;
  try {
    st->http = net::HttpClient::create(opts);
  } catch (const net::ClientConfigError& e) {
    throw ConfigError(config_.name, e.field(), e.what());
  }
  st->cert = cert;
  return st;
}

std::shared_ptr<Client> Client::create(ClientConfig config) {
  auto client = std::shared_ptr<Client>(new Client(std::move(config)));
  client->watch_files_ = true;
  client->reload();
  return client;
}

std::shared_ptr<Client> Client::from_context(const ResolvedContext& context, ClientConfig config) {
  auto client = std::shared_ptr<Client>(new Client(std::move(config)));
  if (client->config_.name.empty()) client->config_.name = context.cluster_name;
  client->state_ = client->build(context, {});
  return client;
}

std::shared_ptr<Client> Client::in_cluster(ClientConfig config) {
  if (config.name.empty()) config.name = "in-cluster";
  return from_context(in_cluster_context(), std::move(config));
}

void Client::reload() {
  // In a pod the service account directory stands in for a kubeconfig. The CA stamp makes a
  // rotated ca.crt rebuild the connections; the token file is re-read by the Authenticator.
  if (!config_.service_account_dir.empty()) {
    const std::string ca = config_.service_account_dir + "/ca.crt";
    install(build(in_cluster_context(config_.service_account_dir), {{ca, file_stamp(ca)}}));
    return;
  }
  const std::string& paths = config_.kubeconfig;
  if (paths.empty()) throw ConfigError(config_.name, "kubeconfig", "no kubeconfig file given");
  std::vector<std::pair<std::string, std::int64_t>> stamps;
  // Stamp first: a rewrite during the read is then seen next time.
  std::string::size_type start = 0;
  while (start <= paths.size()) {
    auto end = paths.find(':', start);
    if (end == std::string::npos) end = paths.size();
    if (end > start) {
      std::string p = paths.substr(start, end - start);
      stamps.emplace_back(p, file_stamp(p));
    }
    start = end + 1;
  }
  const Kubeconfig kc = paths.find(':') == std::string::npos ? load_kubeconfig_file(paths)
                                                             : load_kubeconfig_list(paths);
  install(build(resolve_context(kc, config_.context), std::move(stamps)));
}

void Client::install(std::shared_ptr<State> st) {
  std::shared_ptr<State> old;
  {
    std::lock_guard lock(mu_);
    old = std::move(state_);
    state_ = st;
  }
  if (old) {
    std::lock_guard lock(old->mu);
    if (old->http) old->http->reset();
    spdlog::info("cluster '{}': kubeconfig re-read, connections dropped", config_.name);
  }
}

bool Client::reload_if_changed() {
  if (!watch_files_) return false;
  std::shared_ptr<State> st;
  {
    std::lock_guard lock(mu_);
    st = state_;
  }
  bool changed = !st;
  if (st)
    for (const auto& [path, stamp] : st->stamps)
      if (file_stamp(path) != stamp) changed = true;
  if (!changed) return false;
  reload();
  return true;
}

std::shared_ptr<Client::State> Client::state() {
  reload_if_changed();
  std::lock_guard lock(mu_);
  return state_;
}

std::string Client::default_namespace() const {
  std::lock_guard lock(mu_);
  return state_->context.namespace_.empty() ? "default" : state_->context.namespace_;
}

std::string Client::server() const {
  std::lock_guard lock(mu_);
  return without_userinfo(state_->context.cluster.server);
}

std::string Client::context_name() const {
  std::lock_guard lock(mu_);
  return state_->context.context_name;
}

std::string Client::auth_method() const {
  std::lock_guard lock(mu_);
  return state_->auth->method();
}

std::size_t Client::idle_connections() const {
  std::shared_ptr<State> st;
  {
    std::lock_guard lock(mu_);
    st = state_;
  }
  std::lock_guard lock(st->mu);
  return st->http ? st->http->idle_connections() : 0;
}

std::shared_ptr<net::HttpClient> Client::transport(State& st) {
  ClientCertificate cert = st.auth->client_certificate();
  std::lock_guard lock(st.mu);
  if (st.http && cert == st.cert) return st.http;
  auto opts = st.options;
  opts.tls.cert_pem = cert.cert_pem;
  opts.tls.key_pem = cert.key_pem;
  try {
    auto fresh = net::HttpClient::create(opts);
    if (st.http) st.http->reset();
    st.http = fresh;
    st.cert = cert;
  } catch (const net::ClientConfigError& e) {
    throw AuthError(config_.name, "the exec plugin returned an unusable client certificate", 401,
                    true);
  }
  return st.http;
}

net::ClientRequest Client::prepare(const State& st, const Request& r) {
  net::ClientRequest h;
  h.method = r.method;
  h.target = st.base_path + r.path;
  if (!r.query.empty()) h.target += "?" + r.query.encode();
  h.headers = r.headers;
  if (!r.accept.empty()) h.headers.emplace_back("Accept", r.accept);
  if (!r.content_type.empty()) h.headers.emplace_back("Content-Type", r.content_type);
  h.body = r.body;
  h.timeout = r.timeout.count() > 0 ? r.timeout : config_.request_timeout;
  st.auth->apply(h.headers);
  return h;
}

namespace {

thread_local std::uint64_t t_changes_sent = 0;

bool safe_method(const std::string& method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

// Counts a change the server may have acted on: it answered (other than "not authenticated"
// or "too many requests", which it did not act on), or the request left before it failed.
void note_change(const Request& request, int status, bool maybe_sent) {
  if (safe_method(request.method)) return;
  if (status == 401 || status == 429) return;
  if (status == 0 && !maybe_sent) return;
  ++t_changes_sent;
}

[[noreturn]] void rethrow_transport(const std::string& cluster, const net::ClientError& e) {
  using S = net::ClientError::Stage;
  if (e.stage() == S::Cancelled) throw CancelledError();
  if (e.stage() == S::TooLarge) throw KubeError("cluster '" + cluster + "': " + e.what());
  throw NetworkError(cluster, e.what(), e.not_sent(), e.stage() == S::Timeout);
}

// Sleeps unless cancelled first; returns false when cancelled.
bool cancellable_sleep(std::chrono::milliseconds d, const net::CancelPtr& cancel) {
  if (!cancel) {
    std::this_thread::sleep_for(d);
    return true;
  }
  auto mu = std::make_shared<std::mutex>();
  auto cv = std::make_shared<std::condition_variable>();
  net::CancelRegistration reg(cancel, [mu, cv] {
    std::lock_guard lock(*mu);
    cv->notify_all();
  });
  std::unique_lock lock(*mu);
  cv->wait_for(lock, d, [&] { return cancel->cancelled(); });
  return !cancel->cancelled();
}

int retry_after_seconds(const net::ClientResponse& r) {
  try {
    return std::max(0, std::stoi(r.header("Retry-After")));
  } catch (...) {
    return 1;
  }
}

}  // namespace

namespace {
thread_local RetryNotices* t_retry_notices = nullptr;
}  // namespace

RetryNotices::RetryNotices(Fn fn) : fn_(std::move(fn)), previous_(t_retry_notices) {
  t_retry_notices = this;
}

RetryNotices::~RetryNotices() {
  t_retry_notices = previous_;
}

RetryNotices::Fn RetryNotices::current() {
  return t_retry_notices ? t_retry_notices->fn_ : Fn();
}

void RetryNotices::notify(const std::string& what) {
  if (t_retry_notices && t_retry_notices->fn_) t_retry_notices->fn_(what);
}

namespace {

// A request answered by ClientConfig::round_tripper: no credentials, no connection, the same
// errors for the same statuses.
Response round_trip(const ClientConfig& config, const Request& request) {
  Response r = config.round_tripper(request);
  note_change(request, r.status, true);
  if (r.status >= 400) throw_status(config.name, r.status, r.body, r.header("Retry-After"));
  return r;
}

}  // namespace

Response Client::send(const Request& request, const net::CancelPtr& cancel) {
  if (config_.round_tripper) return round_trip(config_, request);
  bool auth_retried = false;
  int throttled = 0;
  for (;;) {
    if (cancel && cancel->cancelled()) throw CancelledError();
    auto st = state();
    auto http = transport(*st);
    net::ClientRequest h = prepare(*st, request);
    net::ClientResponse r;
    try {
      r = http->request(h, cancel);
    } catch (const net::ClientError& e) {
      note_change(request, 0, !e.not_sent());
      rethrow_transport(config_.name, e);
    }
    note_change(request, r.status, true);
    if (r.status == 401 && !auth_retried && st->auth->invalidate()) {
      auth_retried = true;
      RetryNotices::notify(config_.name + ": 401 Unauthorized; refreshed the credentials and " +
                           "retried the request");
      continue;
    }
    if (r.status == 429 && throttled < config_.max_429_retries) {
      const int wait = retry_after_seconds(r);
      if (wait <= config_.max_retry_after.count()) {
        ++throttled;
        RetryNotices::notify(config_.name + ": the API server throttled a request (429); " +
                             "retrying in " + std::to_string(std::max(wait, 1)) + " s (attempt " +
                             std::to_string(throttled) + " of " +
                             std::to_string(config_.max_429_retries) + ")");
        if (!cancellable_sleep(std::chrono::seconds(std::max(wait, 1)), cancel))
          throw CancelledError();
        continue;
      }
    }
    if (r.status >= 400) throw_status(config_.name, r.status, r.body, r.header("Retry-After"));
    return Response{r.status, std::move(r.headers), std::move(r.body)};
  }
}

void Client::send_async(Request request, net::CancelPtr cancel,
                        std::function<void(std::exception_ptr, Response)> done) {
  if (config_.round_tripper) {
    Response r;
    try {
      r = round_trip(config_, request);
    } catch (...) {
      done(std::current_exception(), {});
      return;
    }
    done(nullptr, std::move(r));
    return;
  }
  std::shared_ptr<State> st;
  std::shared_ptr<net::HttpClient> http;
  net::ClientRequest h;
  try {
    st = state();
    http = transport(*st);
    h = prepare(*st, request);
  } catch (...) {
    done(std::current_exception(), {});
    return;
  }
  // The answer arrives on an io thread: a change is counted on the calling thread when it
  // leaves, whatever becomes of it.
  if (!safe_method(request.method)) ++t_changes_sent;
  auto self = shared_from_this();
  http->request_async(
      std::move(h), cancel,
      [self, st, request = std::move(request), cancel, done = std::move(done),
       notices = RetryNotices::current()](std::exception_ptr e, net::ClientResponse r) mutable {
        if (e) {
          try {
            std::rethrow_exception(e);
          } catch (const net::ClientError& ce) {
            try {
              rethrow_transport(self->config_.name, ce);
            } catch (...) {
              done(std::current_exception(), {});
            }
          } catch (...) {
            done(std::current_exception(), {});
          }
          return;
        }
        if (r.status == 401 || r.status == 429) {
          // Rare paths that may block (plugin run, back-off): finish off the io pool.
          std::thread([self, request = std::move(request), cancel, done = std::move(done),
                       notices = std::move(notices)] {
            RetryNotices told(notices);  // the caller's listener hears of the retries
            try {
              done(nullptr, self->send(request, cancel));
            } catch (...) {
              done(std::current_exception(), {});
            }
          }).detach();
          return;
        }
        if (r.status >= 400) {
          try {
            throw_status(self->config_.name, r.status, r.body, r.header("Retry-After"));
          } catch (...) {
            done(std::current_exception(), {});
          }
          return;
        }
        done(nullptr, Response{r.status, std::move(r.headers), std::move(r.body)});
      });
}

std::future<Response> Client::send_async(Request request, net::CancelPtr cancel) {
  auto promise = std::make_shared<std::promise<Response>>();
  auto future = promise->get_future();
  send_async(std::move(request), std::move(cancel), [promise](std::exception_ptr e, Response r) {
    if (e)
      promise->set_exception(e);
    else
      promise->set_value(std::move(r));
  });
  return future;
}

Response Client::stream(const Request& request, const net::CancelPtr& cancel,
                        const std::function<bool(std::string_view)>& on_data) {
  if (config_.round_tripper) {
    Response r = round_trip(config_, request);
    on_data(r.body);
    return r;
  }
  bool auth_retried = false;
  for (;;) {
    auto st = state();
    auto http = transport(*st);
    net::ClientRequest h = prepare(*st, request);
    h.timeout = request.timeout;  // streams run until they end or are cancelled
    net::ClientResponse r;
    try {
      r = http->stream(h, cancel, on_data);
    } catch (const net::ClientError& e) {
      rethrow_transport(config_.name, e);
    }
    if (r.status == 401 && !auth_retried && st->auth->invalidate()) {
      auth_retried = true;
      RetryNotices::notify(config_.name + ": 401 Unauthorized; refreshed the credentials and " +
                           "retried the request");
      continue;
    }
    if (r.status >= 400) throw_status(config_.name, r.status, r.body, r.header("Retry-After"));
    return Response{r.status, std::move(r.headers), std::move(r.body)};
  }
}

std::shared_ptr<net::WebSocket> Client::websocket(const Request& request,
                                                  const std::vector<std::string>& protocols,
                                                  const net::CancelPtr& cancel) {
  if (config_.round_tripper) {
    // The seam sees the upgrade request (a fake cluster records which pod, container and
    // command a handler chose) and can only refuse it: no socket ever opens in-process.
    const Response r = round_trip(config_, request);
    throw ApiError(
        r.status, "UpgradeFailed",
        "the server did not switch to WebSocket (HTTP " + std::to_string(r.status) + ")");
  }
  bool auth_retried = false;
  for (;;) {
    auto st = state();
    auto http = transport(*st);
    net::ClientRequest h = prepare(*st, request);
    net::UpgradeResult u;
    try {
      u = http->websocket(h, protocols, cancel);
    } catch (const net::ClientError& e) {
      rethrow_transport(config_.name, e);
    }
    if (u.socket) {
      ++t_changes_sent;  // a command runs, a port opens: never repeated behind the caller's back
      return u.socket;
    }
    if (u.refused.status == 401 && !auth_retried && st->auth->invalidate()) {
      auth_retried = true;
      RetryNotices::notify(config_.name + ": 401 Unauthorized; refreshed the credentials and " +
                           "retried the request");
      continue;
    }
    if (u.refused.status >= 400)
      throw_status(config_.name, u.refused.status, u.refused.body, u.refused.header("Retry-After"));
    throw ApiError(
        u.refused.status, "UpgradeFailed",
        "the server did not switch to WebSocket (HTTP " + std::to_string(u.refused.status) + ")");
  }
}

Discovery& Client::discovery() {
  std::lock_guard lock(mu_);
  if (!discovery_) discovery_ = std::make_unique<Discovery>(*this);
  return *discovery_;
}

std::uint64_t changes_sent_on_this_thread() {
  return t_changes_sent;
}

}  // namespace kubemcp::kube
