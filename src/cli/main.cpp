// kubemcp's front door: serve, call, tools, clusters (and, from the simulator, sim).
#include <pthread.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <csignal>
#include <iostream>
#include <optional>
#include <thread>

#include "cli/cmd_sim.hpp"
#include "cli/logging.hpp"
#include "fleet/fleet.hpp"
#include "mcp/auth_jwt.hpp"
#include "mcp/auth_token_file.hpp"
#include "mcp/http_transport.hpp"
#include "mcp/stdio_transport.hpp"
#include "render/text_table.hpp"
#include "tools/extra/toolset.hpp"
#include "tools/framework/catalog.hpp"
#include "tools/framework/cli_args.hpp"

#ifndef KUBEMCP_VERSION
#define KUBEMCP_VERSION "0.0.0"
#endif

namespace {
namespace json = boost::json;
using namespace kubemcp;

constexpr std::size_t kThreadStack = 64u << 20;

struct Globals {
  std::string config;
  std::string log_level;
  std::string log_file;
  std::string tiers = "basic,core,extra";
  bool read_only = false;
};

std::unique_ptr<fleet::Fleet> load_fleet(const Globals& g) {
  return std::make_unique<fleet::Fleet>(fleet::Registry(
      fleet::load_config(g.config.empty() ? std::nullopt : std::optional<std::string>(g.config))));
}

tools::CatalogOptions catalog_options(const Globals& g) {
  tools::CatalogOptions o;
  o.tiers = tools::parse_tiers(g.tiers);
  o.read_only = g.read_only;
  return o;
}

// The MCP tools/call result object, as `call --json` prints it.
json::object result_json(tools::Result r) {
  json::object o{{"content", json::array{json::object{{"type", "text"}, {"text", r.text}}}},
                 {"isError", r.is_error}};
  if (r.structured) o["structuredContent"] = std::move(*r.structured);
  return o;
}

net::CancelPtr g_call_cancel;
extern "C" void on_interrupt(int) {
  // Only flips an atomic and closes sockets registered by the running request.
  if (g_call_cancel) g_call_cancel->cancel();
}

int run_call(const Globals& g, const std::string& tool_name, const std::vector<std::string>& words,
             bool as_json) {
  const tools::Catalog catalog(catalog_options(g));
  const tools::Tool* tool = catalog.find(tool_name);
  if (!tool) {
    std::string known;
    for (const auto& t : catalog.tools()) {
      if (!known.empty()) known += ", ";
      known += t.name;
    }
    std::cerr << "kubemcp: unknown tool '" << tool_name << "' (tools: " << known << ")\n";
    return 2;
  }
  const auto fleet = load_fleet(g);
  json::object args;
  try {
    args = tools::parse_cli_arguments(*tool, words);
  } catch (const tools::ArgumentError& e) {
    std::cerr << "kubemcp call " << tool_name << ": " << e.what() << "\n";
    return 2;
  }
  g_call_cancel = std::make_shared<net::CancelToken>();
  std::signal(SIGINT, on_interrupt);
  tools::Context ctx{*fleet, g_call_cancel,
                     [](double p, std::optional<double> total, const std::string& msg) {
                       spdlog::info("progress {}{}{}", p, total ? "/" + std::to_string(*total) : "",
                                    msg.empty() ? "" : " " + msg);
                     },
                     [](const std::string& level, const std::string& msg) {
                       spdlog::info("[{}] {}", level, msg);
                     }};
  // On a thread of its own: the main thread's stack is the system's (often 8 MiB).
  tools::Result r;
  std::thread([&] { r = catalog.call(*tool, args, ctx); }).join();
  const bool failed = r.is_error;
  if (as_json) {
    std::cout << json::serialize(result_json(std::move(r))) << "\n";
  } else {
    std::string text = std::move(r.text);
    if (!text.empty() && text.back() != '\n') text += '\n';
    (failed ? std::cerr : std::cout) << text;
  }
  // A port-forward lives as long as this process: keep it until Ctrl-C or its ttl.
  if (!failed && tool_name == "k8s_port_forward" && args.contains("action") &&
      args.at("action") == "start") {
    std::cout.flush();
    std::cerr << "Forwarding until Ctrl-C or the ttl ends.\n";
    tools::hold_port_forwards(g_call_cancel);
  }
  return failed ? 1 : 0;
}

int run_tools(const Globals& g, bool as_json) {
  const tools::Catalog catalog(catalog_options(g));
  if (as_json) {
    json::array list;
    for (const auto& t : catalog.tools()) list.push_back(tools::Catalog::describe(t));
    std::cout << json::serialize(json::object{{"tools", std::move(list)}}) << "\n";
    return 0;
  }
  render::TextTable table({"TOOL", "TIER", "READ-ONLY", "TITLE"});
  for (const auto& t : catalog.tools())
    table.add_row(
        {t.name, tools::to_string(t.tier), t.annotations.read_only ? "yes" : "no", t.title});
  std::cout << table.str();
  return 0;
}

// Kubernetes documents may nest kMaxJsonDepth (10,000) levels and Boost.JSON copies, compares
// and destroys values recursively: about 150 bytes of stack a level in a release build and
// over 1 KiB under AddressSanitizer. Every thread gets a stack with room for that (address
// space; only the pages a thread touches become memory).
void use_deep_thread_stacks() {
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) return;
  if (pthread_attr_setstacksize(&attr, kThreadStack) == 0) pthread_setattr_default_np(&attr);
  pthread_attr_destroy(&attr);
}

// `serve --transport http` and its options.
struct ServeHttp {
  std::string transport = "stdio";
  std::string listen = "127.0.0.1:8808";
  bool stateless = false;
  std::vector<std::string> token_files;
  std::string tls_cert, tls_key;
};

void add_http_options(CLI::App* serve, ServeHttp& h) {
  serve->add_option("--transport", h.transport, "stdio (default) or http (Streamable HTTP)")
      ->check(CLI::IsMember({"stdio", "http"}));
  serve->add_option("--listen", h.listen,
                    "HTTP: HOST:PORT to listen on (default 127.0.0.1:8808; [::1]:PORT for IPv6)");
  serve->add_flag("--stateless", h.stateless,
                  "HTTP: no sessions; every request stands alone (any replica can answer)");
  serve->add_option("--auth-token-file", h.token_files,
                    "HTTP: bearer tokens, one per line: TOKEN NAME [read-only] [clusters=a,b] "
                    "(repeatable; re-read when changed)");
  serve->add_option("--tls-cert", h.tls_cert,
                    "HTTP: serve HTTPS with this certificate chain (PEM)");
  serve->add_option("--tls-key", h.tls_key, "HTTP: the private key of --tls-cert (PEM)");
}

int run_http(const tools::Catalog& catalog, fleet::Fleet& fleet, mcp::ServerOptions server,
             const ServeHttp& h) {
  mcp::HttpOptions o;
  mcp::parse_listen(h.listen, o);
  o.stateless = h.stateless;
  o.tls_cert = h.tls_cert;
  o.tls_key = h.tls_key;
  o.server = std::move(server);
  std::vector<std::shared_ptr<mcp::Authenticator>> auth;
  for (const auto& f : h.token_files) {
    try {
      auth.push_back(std::make_shared<mcp::TokenFileAuthenticator>(f));
    } catch (const std::runtime_error& e) {
      throw std::invalid_argument(e.what());
    }
  }
  // OIDC/JWT callers (http.oidc) are asked after the token files.
  if (auto jwt = mcp::oidc_authenticator(fleet.registry().settings().oidc))
    auth.push_back(std::move(jwt));
  return mcp::run_http(catalog, fleet, std::move(o), std::move(auth));
}

}  // namespace

int main(int argc, char** argv) {
  use_deep_thread_stacks();
  CLI::App app{"kubemcp — a Model Context Protocol server for several Kubernetes clusters"};
  app.set_version_flag("--version", std::string("kubemcp ") + KUBEMCP_VERSION);
  app.require_subcommand(1);
  Globals g;
  // Global options: accepted before or after the subcommand (subcommands fall through).
  app.add_option("--config", g.config,
                 "Config file (default: $KUBEMCP_CONFIG, "
                 "~/.config/kubemcp/config.yaml, else ~/.kube/config.*)");
  app.add_option("--log-level", g.log_level, "trace, debug, info, warn, error, off");
  app.add_option("--log-file", g.log_file, "Write logs to this file instead of stderr");

  auto* serve = app.add_subcommand("serve", "Serve MCP on stdio or Streamable HTTP")->fallthrough();
  serve->add_option("--tiers", g.tiers, "Tool tiers to serve: basic,core,extra");
  serve->add_flag("--read-only", g.read_only, "Serve only read tools");
  std::size_t workers = 8;
  serve->add_option("--workers", workers, "Tool calls run at once (the rest queue)")
      ->check(CLI::Range(1, 256));
  ServeHttp http;
  add_http_options(serve, http);

  auto* tools_cmd =
      app.add_subcommand("tools", "List the tools that `serve` would offer")->fallthrough();
  bool tools_json = false;
  tools_cmd->add_flag("--json", tools_json, "Print the MCP tool definitions as JSON");
  tools_cmd->add_option("--tiers", g.tiers, "Tool tiers: basic,core,extra");
  tools_cmd->add_flag("--read-only", g.read_only, "Only read tools");

  auto* call = app.add_subcommand("call", "Run one tool as the server would and print its result")
                   ->fallthrough();
  std::string tool_name;
  std::vector<std::string> words;
  bool call_json = false;
  call->add_flag("--json", call_json, "Print the MCP result (content, structuredContent, isError)");
  call->add_option("--tiers", g.tiers, "Tool tiers: basic,core,extra");
  call->add_flag("--read-only", g.read_only, "Only read tools");
  call->add_option("tool", tool_name, "Tool name, e.g. k8s_clusters")->required();
  call->add_option("args", words,
                   "Arguments as key=value; integers, booleans, arrays and "
                   "objects as JSON (replicas=3, command='[\"ls\",\"-l\"]')");

  auto* clusters = app.add_subcommand("clusters", "List the configured clusters")->fallthrough();

  // The simulated clusters parse their own options (kubemcp sim --help).
  auto* sim =
      app.add_subcommand("sim", "Run simulated Kubernetes clusters (see kubemcp sim --help)")
          ->prefix_command();
  sim->set_help_flag();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  try {
    const bool serving = serve->parsed();
    kubemcp::cli::setup_logging(g.log_level.empty() ? (serving ? "info" : "warn") : g.log_level,
                                g.log_file);
    if (serving) {
      const tools::Catalog catalog(catalog_options(g));
      const auto fleet = load_fleet(g);
      mcp::ServerOptions options;
      options.version = KUBEMCP_VERSION;
      options.workers = workers;
      const int rc = http.transport == "http" ? run_http(catalog, *fleet, options, http)
                                              : mcp::run_stdio(catalog, *fleet, options);
      tools::stop_port_forwards();  // forwards end with the server
      return rc;
    }
    if (tools_cmd->parsed()) return run_tools(g, tools_json);
    if (call->parsed()) return run_call(g, tool_name, words, call_json);
    if (clusters->parsed()) return run_call(g, "k8s_clusters", {}, false);
    if (sim->parsed()) return kubemcp::cli::run_sim_command(sim->remaining());
  } catch (const kubemcp::fleet::ConfigError& e) {
    std::cerr << "kubemcp: config error: " << e.what() << "\n";
    return 2;
  } catch (const std::invalid_argument& e) {
    std::cerr << "kubemcp: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
