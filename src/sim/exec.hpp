#pragma once
// `pods/exec` over WebSocket (v5.channel.k8s.io and v4.channel.k8s.io): each stream is a
// binary message whose first byte is the channel (0 stdin, 1 stdout, 2 stderr, 3 status,
// 4 resize, 255 close), and the command runs in the container's sandbox.
#include <map>
#include <string>

#include "net/server_https.hpp"

namespace kubemcp::sim {

class Cluster;

net::HttpResponse exec_request(Cluster& c, const std::string& ns, const std::string& pod,
                               const std::multimap<std::string, std::string>& query,
                               const net::HttpRequest& req);

}  // namespace kubemcp::sim
