#pragma once
// Container logs that a test chooses through pod annotations. A real container prints what it
// likes; these let a test make it print a huge log or exact bytes:
//   sim.kubemcp.io/log-bytes: "209715200"   the log is that many bytes of numbered lines
//                                            ("line 0000000042 xxx...", lazily generated)
//   sim.kubemcp.io/log-line-bytes: "1024"    the length of each of those lines, '\n' included
//   sim.kubemcp.io/log-base64: "..."         the log is exactly these bytes (any bytes)
// tailLines and limitBytes apply as the kubelet applies them. The answer is streamed at a
// steady pace, so the simulator never holds a huge log in memory either.
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>

#include "net/server_https.hpp"

namespace kubemcp::sim {

class Scheduler;

struct FixtureLogQuery {
  std::optional<int64_t> tail_lines;
  std::optional<int64_t> limit_bytes;
};

// The response for a pod whose annotations ask for a fixture log; nullopt otherwise.
std::optional<net::HttpResponse> fixture_log(const boost::json::object& pod,
                                             const FixtureLogQuery& q, Scheduler& sched);

}  // namespace kubemcp::sim
