#pragma once
// Port-forward: a listener on 127.0.0.1 whose every accepted connection is relayed over
// its own WebSocket (v4.channel.k8s.io port-forward protocol: channel 0 data, 1 error, each
// starting with the port as little-endian uint16) to a port of a pod.
#include <cstdint>
#include <memory>
#include <string>

#include "kube/rest_client.hpp"

namespace kubemcp::kube {

class PortForward {
 public:
  // Checks the pod exists (ApiError otherwise), binds 127.0.0.1:local_port (0 picks a free
  // port) and starts relaying. Throws KubeError when the port cannot be bound.
  static std::shared_ptr<PortForward> start(std::shared_ptr<Client> client, std::string ns,
                                            std::string pod, std::uint16_t remote_port,
                                            std::uint16_t local_port = 0,
                                            const net::CancelPtr& cancel = {});
  ~PortForward();
  PortForward(const PortForward&) = delete;
  PortForward& operator=(const PortForward&) = delete;

  std::uint16_t local_port() const;
  std::uint16_t remote_port() const;
  const std::string& ns() const;
  const std::string& pod() const;
  // Stops listening and closes every relayed connection.
  void stop();
  bool active() const;
  std::size_t connections_total() const;
  std::size_t connections_open() const;
  std::string last_error() const;
  // Bytes relayed from local connections to the pod, and from the pod back.
  std::uint64_t bytes_to_pod() const;
  std::uint64_t bytes_from_pod() const;

  struct Impl;

 private:
  explicit PortForward(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<Impl> impl_;
};

}  // namespace kubemcp::kube
