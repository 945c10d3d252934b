#pragma once
// `pods/portforward`, in the two protocols clients speak over a WebSocket upgrade:
// - `SPDY/3.1+portforward.k8s.io` (kubectl 1.31+, client-go's tunnelling dialer): SPDY/3.1
//   frames carried in binary messages, the ports named per stream (sim/spdy_portforward.hpp);
// - `v4.channel.k8s.io` (non-Go clients, kubemcp): `?ports=8080,9090`; channel 2i carries data
//   and 2i+1 errors for ports[i]; each channel first gets its port as a little-endian uint16.
// A plain SPDY upgrade (kubectl's fallback) is refused with a Status. The process behind a
// port (sim/port_app.hpp) listens on every declared container port and on the ports its image
// listens on (sim/images.hpp); HTTP requests it answers appear in the container's log.
#include <map>
#include <string>

#include "net/server_https.hpp"

namespace kubemcp::sim {

class Cluster;

net::HttpResponse portforward_request(Cluster& c, const std::string& ns, const std::string& pod,
                                      const std::multimap<std::string, std::string>& query,
                                      const net::HttpRequest& req);

}  // namespace kubemcp::sim
