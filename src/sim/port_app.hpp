#pragma once
// The simulated process behind a container port, for one forwarded TCP connection. It speaks
// just enough to be useful through any port-forward protocol: an HTTP request gets one answer
// naming the pod and port (then the connection closes, as `Connection: close` says); bytes that
// are not HTTP come back as sent (an echo service), so a client can check the relay.
#include <functional>
#include <string>
#include <string_view>

#include "sim/images.hpp"

namespace kubemcp::sim {

// The answer of the simulated application to one HTTP request.
std::string port_responder(const std::string& pod, const std::string& image, int port,
                           const std::string& request);

class PortConnection {
 public:
  // Called once per HTTP request answered (the container logs it, sim/images.hpp).
  using OnRequest = std::function<void(const ServedRequest&)>;
  PortConnection(std::string pod, std::string image, int port, OnRequest on_request = {});

  struct Output {
    std::string bytes;   // to send back to the client
    bool close = false;  // the process closed the connection after `bytes`
  };
  Output input(std::string_view bytes);
  bool closed() const { return closed_; }

 private:
  std::string pod_, image_;
  int port_;
  OnRequest on_request_;
  std::string buffer_;
  bool echo_ = false, closed_ = false;
};

}  // namespace kubemcp::sim
