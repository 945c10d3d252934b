#include "sim/simulator.hpp"

#include <limits.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "sim/admin.hpp"
#include "sim/authz.hpp"
#include "sim/cluster.hpp"
#include "sim/kubeconfig_writer.hpp"
#include "sim/seed.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

std::string kubeconfig_name(const std::string& cluster) {
  if (cluster == "ephemeral") return "config.e";
  if (cluster == "stage") return "config.s";
  if (cluster == "production") return "config.p";
  return "config." + cluster;
}

std::vector<std::string> cluster_aliases(const std::string& cluster) {
  if (cluster == "ephemeral") return {"e", "eph"};
  if (cluster == "stage") return {"s"};
  if (cluster == "production") return {"p", "prod"};
  return {};
}

namespace {

std::string self_exe() {
  char buf[PATH_MAX];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) throw std::runtime_error("cannot resolve /proc/self/exe");
  return std::string(buf, n);
}

std::string absolute(const std::string& p) {
  char buf[PATH_MAX];
  if (::realpath(p.c_str(), buf)) return buf;
  return p;
}

std::string state_dir(const std::string& dir) {
  return dir + "/.sim";
}

}  // namespace

int print_exec_credential(const std::string& dir, const std::string& cluster) {
  // Asks the simulator for the current exec token: after a revocation it issues a new one, as
  // an identity provider would on the next login.
  std::string token;
  try {
    auto r = admin_call(dir, "POST", "/sim/v1/clusters/" + cluster + "/tokens/exec");
    if (r.status == 200) token = str_at(json::parse(r.body).as_object(), "token");
    if (token.empty()) {
      std::fprintf(stderr, "kubemcp sim credential: %s\n", r.body.c_str());
      return 1;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kubemcp sim credential: %s\n", e.what());
    return 1;
  }
  json::object cred{{"kind", "ExecCredential"},
                    {"apiVersion", "client.authentication.k8s.io/v1"},
                    {"spec", json::object{{"interactive", false}}},
                    {"status", json::object{{"token", token},
                                            {"expirationTimestamp", rfc3339(now_unix() + 3600)}}}};
  std::cout << json::serialize(cred) << std::endl;
  return 0;
}

int login(const std::string& dir, const std::string& cluster) {
  std::string path = dir + "/" + kubeconfig_name(cluster);
  YAML::Node cfg;
  try {
    cfg = YAML::LoadFile(path);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kubemcp sim login: cannot read %s\n", path.c_str());
    return 1;
  }
  std::string token;
  try {
    auto r = admin_call(dir, "POST", "/sim/v1/clusters/" + cluster + "/tokens/login");
    if (r.status != 200) {
      std::fprintf(stderr, "kubemcp sim login: %s\n", r.body.c_str());
      return 1;
    }
    token = str_at(json::parse(r.body).as_object(), "token");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kubemcp sim login: %s\n", e.what());
    return 1;
  }
  for (auto u : cfg["users"]) u["user"]["token"] = token;
  YAML::Emitter out;
  out << cfg;
  write_file(path, std::string(out.c_str()) + "\n", 0600);
  std::printf("logged in to %s: new token written to %s\n", cluster.c_str(), path.c_str());
  return 0;
}

int ctl(const CtlOptions& o) {
  std::string base = "/sim/v1/clusters/" + o.cluster;
  AdminReply r;
  try {
    const std::string& a = o.action;
    if (a == "status") {
      r = admin_call(o.dir, "GET", "/sim/v1/clusters");
    } else if (a == "revoke" || a == "expire") {
      r = admin_call(o.dir, "POST", base + "/revoke");
    } else if (a == "unreachable" || a == "reachable") {
      r = admin_call(o.dir, "POST", base + "/network",
                     json::serialize(json::object{{"reachable", a == "reachable"}}));
    } else if (a == "latency") {
      r = admin_call(o.dir, "POST", base + "/faults",
                     json::serialize(json::object{{"latency_ms", o.ms}}));
    } else if (a == "errors") {
      r = admin_call(
          o.dir, "POST", base + "/faults",
          json::serialize(json::object{{"error_percent", o.percent}, {"error_code", o.code}}));
    } else if (a == "cut-streams") {
      r = admin_call(o.dir, "POST", base + "/faults",
                     json::serialize(json::object{{"cut_streams_after_ms", o.ms}}));
    } else if (a == "drop") {
      r = admin_call(o.dir, "POST", base + "/faults",
                     json::serialize(json::object{{"drop_responses", o.count}}));
    } else if (a == "reset") {
      r = admin_call(o.dir, "POST", base + "/faults",
                     json::serialize(json::object{{"latency_ms", 0},
                                                  {"error_percent", 0},
                                                  {"error_code", 503},
                                                  {"cut_streams_after_ms", 0},
                                                  {"drop_responses", 0}}));
      if (r.status == 200)
        r = admin_call(o.dir, "POST", base + "/network", R"({"reachable":true})");
    } else {
      std::fprintf(stderr, "kubemcp sim ctl: unknown action %s\n", a.c_str());
      return 2;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kubemcp sim ctl: %s\n", e.what());
    return 1;
  }
  if (r.status != 200) {
    std::fprintf(stderr, "kubemcp sim ctl: %s\n", r.body.c_str());
    return 1;
  }
  std::printf("%s\n", r.body.c_str());
  return 0;
}

int run_simulator(const SimOptions& opts) {
  // Signals are taken by sigwait in this thread only: block them before any thread starts.
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);

  std::string dir = opts.dir;
  if (dir.empty()) {
    char tmpl[] = "/tmp/kubemcp-sim-XXXXXX";
    if (!::mkdtemp(tmpl)) throw std::runtime_error("cannot create a temporary directory");
    dir = tmpl;
  } else {
    ::mkdir(dir.c_str(), 0755);
  }
  dir = absolute(dir);
  ::mkdir(state_dir(dir).c_str(), 0700);

  net::IoPool pool(opts.threads);
  std::vector<std::unique_ptr<Cluster>> clusters;
  std::string exe = self_exe();
  for (size_t i = 0; i < opts.clusters.size(); ++i) {
    const std::string& name = opts.clusters[i];
    uint16_t port = opts.port_base ? static_cast<uint16_t>(opts.port_base + i) : 0;
    auto c = std::make_unique<Cluster>(pool, name, port);
    c->set_sandbox_dir(state_dir(dir) + "/roots/" + name);
    seed_cluster(*c, opts.seed == "demo", opts.pods);
    c->start_controllers(std::chrono::milliseconds(opts.step_ms));
    c->start_compaction(std::chrono::seconds(opts.compaction_s));
    clusters.push_back(std::move(c));
  }

  std::string default_cluster = opts.clusters.front();
  for (const auto& n : opts.clusters)
    if (n == "stage") default_cluster = n;

  std::vector<KubeconfigEntry> cert_entries, exec_entries, viewer_entries;
  std::vector<ConfigCluster> config;
  for (auto& c : clusters) {
    KubeconfigEntry base{c->name(), c->server_url(), c->ca().cert_pem, "", "", "", "", {}};
    KubeconfigEntry token = base;
    token.token = random_hex(24);
    c->auth().add_token(token.token,
                        User{"sim-admin", {"system:masters", "system:authenticated"}, "", {}});
    write_kubeconfig(dir + "/" + kubeconfig_name(c->name()), {token}, c->name());

    KubeconfigEntry cert = base;
    auto pair = c->issue_client_cert("sim-cert-admin", {"system:masters"});
    cert.cert_pem = pair.cert_pem;
    cert.key_pem = pair.key_pem;
    cert_entries.push_back(cert);

    // A read-only identity for testing 403 Forbidden (no Secrets, no writes).
    KubeconfigEntry viewer = base;
    viewer.token = random_hex(24);
    c->auth().add_token(viewer.token,
                        User{"sim-viewer", {kViewerGroup, "system:authenticated"}, "", {}});
    viewer_entries.push_back(viewer);

    KubeconfigEntry exec = base;
    exec.exec_argv = {exe, "sim", "credential", "--dir", dir, "--cluster", c->name()};
    exec_entries.push_back(exec);

    ConfigCluster cc{c->name(),
                     cluster_aliases(c->name()),
                     kubeconfig_name(c->name()),
                     opts.seed == "demo" ? "shop" : "",
                     c->name() == "production" ? "read-only" : "read-write",
                     {exe, "sim", "login", "--dir", dir, "--cluster", c->name()},
                     {exe, "sim", "ctl", "--dir", dir, "reachable", "--cluster", c->name()}};
    config.push_back(cc);
  }
  std::vector<Cluster*> raw;
  for (auto& c : clusters) raw.push_back(c.get());
  AdminServer admin(pool, raw, dir);
  write_kubeconfig(dir + "/config.cert", cert_entries, default_cluster);
  write_kubeconfig(dir + "/config.execplugin", exec_entries, default_cluster);
  write_kubeconfig(dir + "/config.viewer", viewer_entries, default_cluster);
  write_kubemcp_yaml(dir + "/kubemcp.yaml", default_cluster, config);

  for (auto& c : clusters) spdlog::info("sim: cluster {} at {}", c->name(), c->server_url());
  std::cout << "ready " << dir << std::endl;

  int sig = 0;
  sigwait(&sigs, &sig);
  spdlog::info("sim: signal {}, stopping", sig);
  for (auto& c : clusters) c->stop();
  pool.stop();
  clusters.clear();
  return 0;
}

}  // namespace kubemcp::sim
