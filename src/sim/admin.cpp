#include "sim/admin.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "sim/cluster.hpp"
#include "sim/kubeconfig_writer.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

net::HttpResponse reply(int status, const json::object& body) {
  net::HttpResponse r;
  r.status = status;
  r.body = json::serialize(body);
  return r;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

AdminServer::AdminServer(net::IoPool& pool, std::vector<Cluster*> clusters, std::string dir)
    : clusters_(std::move(clusters)),
      dir_(std::move(dir)),
      token_(random_hex(24)),
      ca_(net::make_ca("kubemcp-sim-admin-ca")) {
  auto leaf = net::make_server_cert(ca_, "kubemcp-sim-admin", {"localhost"}, {"127.0.0.1"});
  server_ = std::make_unique<net::HttpsServer>(
      pool, net::TlsServerConfig{leaf.cert_pem, leaf.key_pem, ""},
      [this](const net::HttpRequest& r) { return handle(r); });
  for (auto* c : clusters_) reachable_[c->name()] = true;
  json::object info{{"url", "https://127.0.0.1:" + std::to_string(server_->port())},
                    {"token", token_},
                    {"ca", ca_.cert_pem}};
  write_file(dir_ + "/.sim/admin.json", json::serialize(info) + "\n", 0600);
}

AdminServer::~AdminServer() {
  if (server_) server_->stop();
}

void AdminServer::set_exec_token(const std::string& cluster, const std::string& token) {
  std::lock_guard lock(mu_);
  exec_tokens_[cluster] = token;
  write_file(dir_ + "/.sim/" + cluster + ".exec-token", token + "\n", 0600);
}

net::HttpResponse AdminServer::handle(const net::HttpRequest& req) {
  if (req.header("authorization") != "Bearer " + token_)
    return reply(401, status_object(401, "Unauthorized", "Unauthorized"));
  std::string path = req.target.substr(0, req.target.find('?'));
  const std::string prefix = "/sim/v1/clusters";
  if (path.rfind(prefix, 0) != 0)
    return reply(404, status_object(404, "NotFound", "no such admin path"));
  if (path == prefix && req.method == "GET") {
    json::array out;
    std::lock_guard lock(mu_);
    for (auto* c : clusters_) {
      auto& f = c->faults();
      out.push_back(json::object{{"name", c->name()},
                                 {"server", c->server_url()},
                                 {"reachable", reachable_[c->name()]},
                                 {"tokens", c->auth().token_count()},
                                 {"latency_ms", f.latency_ms.load()},
                                 {"error_percent", f.error_percent.load()},
                                 {"error_code", f.error_code.load()},
                                 {"cut_streams_after_ms", f.cut_streams_after_ms.load()},
                                 {"drop_responses", f.drop_responses.load()}});
    }
    return reply(200, json::object{{"clusters", out}});
  }
  std::string rest = path.substr(prefix.size());
  if (rest.empty() || rest[0] != '/')
    return reply(404, status_object(404, "NotFound", "no such admin path"));
  rest.erase(0, 1);
  std::string name = rest.substr(0, rest.find('/'));
  std::string action = rest.find('/') == std::string::npos ? "" : rest.substr(rest.find('/') + 1);
  Cluster* c = nullptr;
  for (auto* x : clusters_)
    if (x->name() == name) c = x;
  if (!c) return reply(404, status_object(404, "NotFound", "cluster \"" + name + "\" not found"));
  if (req.method != "POST") return reply(405, status_object(405, "MethodNotAllowed", "use POST"));
  json::object body;
  if (!req.body.empty()) {
    boost::system::error_code ec;
    auto v = json::parse(req.body, ec);
    if (ec || !v.is_object())
      return reply(400, status_object(400, "BadRequest", "body must be a JSON object"));
    body = v.as_object();
  }
  if (action == "revoke") {
    c->auth().revoke_all();
    std::lock_guard lock(mu_);
    exec_tokens_.erase(name);
    spdlog::info("sim: cluster {}: all tokens revoked", name);
    return reply(200, json::object{{"revoked", true}});
  }
  if (action == "tokens/login") {
    std::string t = random_hex(24);
    c->auth().add_token(t, User{"sim-admin", {"system:masters", "system:authenticated"}, "", {}});
    spdlog::info("sim: cluster {}: login token issued", name);
    return reply(200, json::object{{"token", t}});
  }
  if (action == "tokens/exec") {
    std::lock_guard lock(mu_);
    auto it = exec_tokens_.find(name);
    if (it == exec_tokens_.end()) {
      std::string t = random_hex(24);
      c->auth().add_token(
          t, User{"sim-exec-user", {"system:masters", "system:authenticated"}, "", {}});
      exec_tokens_[name] = t;
      write_file(dir_ + "/.sim/" + name + ".exec-token", t + "\n", 0600);
      spdlog::info("sim: cluster {}: exec plugin token issued", name);
      return reply(200, json::object{{"token", t}});
    }
    return reply(200, json::object{{"token", it->second}});
  }
  if (action == "network") {
    const auto* r = body.if_contains("reachable");
    if (!r || !r->is_bool())
      return reply(400, status_object(400, "BadRequest", "reachable: boolean required"));
    c->set_reachable(r->as_bool());
    std::lock_guard lock(mu_);
    reachable_[name] = r->as_bool();
    spdlog::info("sim: cluster {}: {}", name, r->as_bool() ? "reachable" : "unreachable");
    return reply(200, json::object{{"reachable", r->as_bool()}});
  }
  if (action == "faults") {
    auto& f = c->faults();
    auto num = [&](const char* k, std::atomic<int>& dst) {
      if (const auto* v = body.if_contains(k); v && v->is_number())
        dst = static_cast<int>(v->to_number<double>());
    };
    num("latency_ms", f.latency_ms);
    num("error_percent", f.error_percent);
    num("error_code", f.error_code);
    num("cut_streams_after_ms", f.cut_streams_after_ms);
    num("drop_responses", f.drop_responses);
    spdlog::info("sim: cluster {}: faults latency={}ms errors={}%/{} cut_streams={}ms drop={}",
                 name, f.latency_ms.load(), f.error_percent.load(), f.error_code.load(),
                 f.cut_streams_after_ms.load(), f.drop_responses.load());
    return reply(200, json::object{{"latency_ms", f.latency_ms.load()},
                                   {"error_percent", f.error_percent.load()},
                                   {"error_code", f.error_code.load()},
                                   {"cut_streams_after_ms", f.cut_streams_after_ms.load()},
                                   {"drop_responses", f.drop_responses.load()}});
  }
  return reply(404, status_object(404, "NotFound", "no such admin action \"" + action + "\""));
}

AdminReply admin_call(const std::string& dir, const std::string& method, const std::string& path,
                      const std::string& body) {
  std::string raw = read_file(dir + "/.sim/admin.json");
  if (raw.empty())
    throw std::runtime_error("no simulator found in " + dir + " (missing .sim/admin.json)");
  json::object info = json::parse(raw).as_object();
  std::string url = str_at(info, "url");  // https://127.0.0.1:PORT
  std::string hostport = url.substr(url.find("//") + 2);
  std::string ca = str_at(info, "ca");

  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()),
                                                        SSL_CTX_free);
  BIO* cabio = BIO_new_mem_buf(ca.data(), static_cast<int>(ca.size()));
  X509* cacert = PEM_read_bio_X509(cabio, nullptr, nullptr, nullptr);
  BIO_free(cabio);
  if (!cacert) throw std::runtime_error("admin.json: bad CA");
  X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx.get()), cacert);
  X509_free(cacert);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  std::unique_ptr<BIO, decltype(&BIO_free_all)> bio(BIO_new_ssl_connect(ctx.get()), BIO_free_all);
  BIO_set_conn_hostname(bio.get(), hostport.c_str());
  SSL* ssl = nullptr;
  BIO_get_ssl(bio.get(), &ssl);
  SSL_set1_host(ssl, "127.0.0.1");
  if (BIO_do_connect(bio.get()) <= 0 || BIO_do_handshake(bio.get()) <= 0)
    throw std::runtime_error("cannot reach the simulator's admin endpoint at " + url);
  std::string req =
      method + " " + path + " HTTP/1.1\r\nHost: " + hostport + "\r\nAuthorization: Bearer " +
      str_at(info, "token") +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\nConnection: close\r\n\r\n" + body;
  if (BIO_write(bio.get(), req.data(), static_cast<int>(req.size())) !=
      static_cast<int>(req.size()))
    throw std::runtime_error("admin request failed");
  std::string resp;
  char buf[4096];
  int n;
  while ((n = BIO_read(bio.get(), buf, sizeof buf)) > 0) resp.append(buf, n);
  AdminReply r;
  if (resp.size() < 12) throw std::runtime_error("admin endpoint sent no answer");
  r.status = std::atoi(resp.c_str() + 9);
  auto sep = resp.find("\r\n\r\n");
  r.body = sep == std::string::npos ? "" : resp.substr(sep + 4);
  return r;
}

}  // namespace kubemcp::sim
