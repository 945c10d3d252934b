#pragma once
// The simulator's admin endpoint (HTTPS on 127.0.0.1 with its own CA, bearer admin token) and
// its client, used by `kubemcp sim ctl`, `sim login` and `sim credential` to inject faults and
// to issue tokens. Connection details live in DIR/.sim/admin.json (mode 0600).
//
//   GET  /sim/v1/clusters                          -> state of every cluster
//   POST /sim/v1/clusters/NAME/revoke              -> every token of the cluster stops working
//   POST /sim/v1/clusters/NAME/tokens/login        -> {"token"}: a new bearer token
//   POST /sim/v1/clusters/NAME/tokens/exec         -> {"token"}: the exec plugin's token (new if
//   revoked) POST /sim/v1/clusters/NAME/network  {"reachable": bool} POST
//   /sim/v1/clusters/NAME/faults {"latency_ms","error_percent","error_code","cut_streams_after_ms","drop_responses"}
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "net/server_https.hpp"
#include "net/tls_certs.hpp"

namespace kubemcp::sim {

class Cluster;

class AdminServer {
 public:
  AdminServer(net::IoPool& pool, std::vector<Cluster*> clusters, std::string dir);
  ~AdminServer();
  // Remembers the exec plugin token of a cluster (also written to the state dir).
  void set_exec_token(const std::string& cluster, const std::string& token);

 private:
  net::HttpResponse handle(const net::HttpRequest& req);
  std::vector<Cluster*> clusters_;
  std::string dir_, token_;
  net::PemPair ca_;
  std::mutex mu_;
  std::map<std::string, std::string> exec_tokens_;
  std::map<std::string, bool> reachable_;
  std::unique_ptr<net::HttpsServer> server_;
};

struct AdminReply {
  int status = 0;
  std::string body;
};

// Calls the admin endpoint of the simulator that owns `dir`. Throws std::runtime_error when it
// cannot be reached.
AdminReply admin_call(const std::string& dir, const std::string& method, const std::string& path,
                      const std::string& body = "");

}  // namespace kubemcp::sim
