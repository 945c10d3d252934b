#pragma once
// `kubemcp sim`: starts the clusters, writes kubeconfigs and kubemcp.yaml, serves until
// SIGINT/SIGTERM. Also the helper commands the written files point at.
#include <string>
#include <vector>

namespace kubemcp::sim {

struct SimOptions {
  std::vector<std::string> clusters{"ephemeral", "stage", "production"};
  std::string dir;  // "" = a new temporary directory
  std::string seed = "demo";
  int pods = 0;
  int port_base = 0;  // 0 = ephemeral ports
  unsigned threads = 2;
  int step_ms = 1000;  // how long a pod takes to start; paces rollouts
  // kube-apiserver's --etcd-compaction-interval: continue tokens and list resourceVersions
  // expire (410) one to two intervals after they were handed out.
  int compaction_s = 300;
};

// Blocks until a signal arrives; returns the process exit code.
int run_simulator(const SimOptions& opts);

// The exec credential plugin: prints an ExecCredential with the cluster's current exec token.
int print_exec_credential(const std::string& dir, const std::string& cluster);

// `sim login`: gets a new token from the running simulator and writes it into the cluster's
// kubeconfig (config.s, ...).
int login(const std::string& dir, const std::string& cluster);

// `sim ctl ACTION`: revoke|expire|unreachable|reachable|latency|errors|cut-streams|reset|status.
struct CtlOptions {
  std::string dir, action, cluster;
  int ms = 0, percent = 0, code = 503, count = 1;
};
int ctl(const CtlOptions& opts);

// Kubeconfig file name of a cluster: config.e / config.s / config.p, else config.<name>.
std::string kubeconfig_name(const std::string& cluster);
std::vector<std::string> cluster_aliases(const std::string& cluster);

}  // namespace kubemcp::sim
