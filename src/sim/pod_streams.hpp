#pragma once
// Pod subresources that are not plain objects: log (text, optionally followed), eviction, and
// later exec/attach/portforward over WebSocket.
#include <map>
#include <string>

#include "net/server_https.hpp"

namespace kubemcp::sim {

class Cluster;

net::HttpResponse pod_subresource(Cluster& c, const std::string& ns, const std::string& pod,
                                  const std::string& sub, const std::string& method,
                                  const std::multimap<std::string, std::string>& query,
                                  const net::HttpRequest& req);

}  // namespace kubemcp::sim
