// `kubemcp sim`: simulated Kubernetes clusters for the demo, the tests and the benchmarks.
#include "cli/cmd_sim.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

#include "sim/simulator.hpp"

namespace kubemcp::cli {

int run_sim_command(const std::vector<std::string>& args) {
  CLI::App app{
      "Run simulated Kubernetes API servers (HTTPS on 127.0.0.1) and write kubeconfigs "
      "and a kubemcp.yaml for them.",
      "kubemcp sim"};
  sim::SimOptions opts;
  std::string clusters = "ephemeral,stage,production";
  bool verbose = false;
  app.add_option("--clusters", clusters, "Comma-separated cluster names")->capture_default_str();
  app.add_option("--dir", opts.dir,
                 "Directory for kubeconfigs and kubemcp.yaml (default: new temp dir)");
  app.add_option("--seed", opts.seed, "Initial objects: demo or empty")
      ->check(CLI::IsMember({"demo", "empty"}))
      ->capture_default_str();
  app.add_option("--pods", opts.pods, "Extra running pods in namespace 'load' (scale tests)");
  app.add_option("--port-base", opts.port_base, "First port (default: ephemeral ports)");
  app.add_option("--threads", opts.threads, "I/O threads")->capture_default_str();
  app.add_option("--step-ms", opts.step_ms, "Time a pod takes to start (paces rollouts)")
      ->capture_default_str();
  app.add_option("--compaction-interval", opts.compaction_s,
                 "Seconds between compactions: continue tokens and list resourceVersions expire "
                 "(410 Expired) one to two intervals after they were handed out")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  app.add_flag("-v,--verbose", verbose, "Log every request to stderr");

  std::string cdir, ccluster;
  auto* cred = app.add_subcommand("credential", "Exec credential plugin for config.execplugin");
  cred->add_option("--dir", cdir, "The simulator's directory")->required();
  cred->add_option("--cluster", ccluster, "Cluster name")->required();

  std::string ldir, lcluster;
  auto* login =
      app.add_subcommand("login", "Get a new token and write it into the cluster's kubeconfig");
  login->add_option("--dir", ldir, "The simulator's directory")->required();
  login->add_option("--cluster", lcluster, "Cluster name")->required();

  sim::CtlOptions ctl;
  auto* ctlc = app.add_subcommand("ctl", "Inject faults into a running simulator");
  ctlc->add_option("--dir", ctl.dir, "The simulator's directory")->required();
  ctlc->add_option("action", ctl.action,
                   "revoke|expire (tokens stop working), unreachable|reachable (network), "
                   "latency --ms N, errors --percent P [--code 429|500|503], "
                   "cut-streams --ms N, drop [--count N] (handle the next N requests, then "
                   "close their connections unanswered), reset, status")
      ->required()
      ->check(CLI::IsMember({"revoke", "expire", "unreachable", "reachable", "latency", "errors",
                             "cut-streams", "drop", "reset", "status"}));
  ctlc->add_option("--cluster", ctl.cluster, "Cluster name");
  ctlc->add_option("--ms", ctl.ms, "Milliseconds (latency, cut-streams)");
  ctlc->add_option("--percent", ctl.percent, "Share of requests that fail (errors)");
  ctlc->add_option("--count", ctl.count, "Requests whose answers are dropped (drop)")
      ->check(CLI::Range(1, 1000));
  ctlc->add_option("--code", ctl.code, "HTTP status of injected errors")
      ->check(CLI::IsMember({429, 500, 503}));

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  auto logger = spdlog::stderr_color_mt("kubemcp-sim");
  spdlog::set_default_logger(logger);
  spdlog::set_level(verbose ? spdlog::level::debug : spdlog::level::info);

  try {
    if (*cred) return sim::print_exec_credential(cdir, ccluster);
    if (*login) return sim::login(ldir, lcluster);
    if (*ctlc) {
      if (ctl.action != "status" && ctl.cluster.empty()) {
        spdlog::error("sim ctl {}: --cluster is required", ctl.action);
        return 2;
      }
      return sim::ctl(ctl);
    }
    opts.clusters.clear();
    std::string cur;
    for (char ch : clusters + ",") {
      if (ch == ',') {
        if (!cur.empty()) opts.clusters.push_back(cur);
        cur.clear();
      } else if (ch != ' ') {
        cur += ch;
      }
    }
    if (opts.clusters.empty()) {
      spdlog::error("sim: --clusters names no cluster");
      return 2;
    }
    return sim::run_simulator(opts);
  } catch (const std::exception& e) {
    spdlog::error("sim: {}", e.what());
    return 1;
  }
}

}  // namespace kubemcp::cli
