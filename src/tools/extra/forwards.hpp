#pragma once
// Port-forwards outlive the call that starts them: this registry, one per server process,
// holds them until `stop`, their ttl, or the process's end, and bounds how many there are
// (max_port_forwards). `list` checks each forward's pod, so one whose pod was deleted or
// replaced is shown as broken, with why, and its listener closed; never dropped silently.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/cancel.hpp"

namespace kubemcp::kube {
class Client;
class PortForward;
}  // namespace kubemcp::kube

namespace kubemcp::tools::extra {

// "8080:80" → {8080, "80"}; ":80" and "0:80" → {0 (a free port), "80"}; "80" → {80, "80"};
// the remote side may be a port name ("8080:http"). Throws std::invalid_argument.
struct PortMapping {
  std::uint16_t local = 0;
  std::string remote;
};
PortMapping parse_port_mapping(const std::string& spec);

struct ForwardInfo {
  std::string cluster;
  std::string ns;
  std::string target;   // "pod/db-0", or "service/web -> pod/web-7d9f-x2"
  std::string pod_uid;  // the pod when the forward started: a new pod of the same name breaks it
  std::string remote;   // the port as asked ("80", "http") and the pod port: "http (8080)"
};

struct ForwardRow {
  std::string id;
  ForwardInfo info;
  std::string local;  // 127.0.0.1:PORT
  std::size_t connections_open = 0, connections_total = 0;
  std::uint64_t bytes_to_pod = 0, bytes_from_pod = 0;
  std::chrono::seconds age{0};
  std::optional<std::chrono::seconds> ttl_left;
  std::string state;  // "active", or "broken: <why>"
  std::string last_error;
};

class Forwards {
 public:
  // The process's registry.
  static Forwards& instance();

  // Holds a started forward; returns its id ("pf-1"). Throws std::invalid_argument when `max`
  // forwards are held already (the message lists them and says how to stop one).
  // `client` is the cluster's, to check the pod on list.
  std::string add(std::shared_ptr<kube::PortForward> forward, std::shared_ptr<kube::Client> client,
                  ForwardInfo info, std::optional<std::chrono::seconds> ttl, std::size_t max);
  // Whether a new forward fits under `max`; throws as add() does when it does not.
  void check_room(std::size_t max) const;
  // Stops and forgets one; false when no such id is held.
  bool stop(const std::string& id);
  // The cluster a held forward runs on; empty when no such id is held. `stop` is gated on
  // that cluster's policy, not on the `cluster` argument's default.
  std::string cluster_of(const std::string& id) const;
  // Every forward, oldest first, each pod checked (broken ones stop listening).
  std::vector<ForwardRow> list();
  // Stops every forward (stop-all at exit, Ctrl-C under `kubemcp call`).
  void stop_all();
  // Blocks until no forward is held (each stopped or past its ttl) or `cancel` fires.
  void wait_until_none(const net::CancelPtr& cancel);

  struct State;

 private:
  Forwards();
  std::shared_ptr<State> state_;
};

}  // namespace kubemcp::tools::extra
