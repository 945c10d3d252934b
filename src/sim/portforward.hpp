#pragma once
// `pods/portforward` over WebSocket (v4.channel.k8s.io, the protocol of non-Go clients):
// `?ports=8080,9090`; channel 2i carries data and 2i+1 errors for ports[i]; each channel first
// gets its port as a little-endian uint16. Every declared container port of a running pod
// answers HTTP with a page naming the pod and the port. SPDY (kubectl's tunnelled
// SPDY/3.1+portforward.k8s.io) is refused with a Status.
#include <map>
#include <string>

#include "net/server_https.hpp"

namespace kubemcp::sim {

class Cluster;

net::HttpResponse portforward_request(Cluster& c, const std::string& ns, const std::string& pod,
                                      const std::multimap<std::string, std::string>& query,
                                      const net::HttpRequest& req);

// The simulated application behind a container port: answers one HTTP request.
std::string port_responder(const std::string& pod, const std::string& image, int port,
                           const std::string& request);

}  // namespace kubemcp::sim
