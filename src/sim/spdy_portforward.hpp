#pragma once
// The server side of one `kubectl port-forward` connection in SPDY/3.1 (portforward.k8s.io),
// as the kubelet serves it and kube-apiserver tunnels it through a WebSocket
// (`SPDY/3.1+portforward.k8s.io`: the SPDY byte stream cut into binary messages anywhere).
//
// For each local TCP connection kubectl opens two streams with the same `requestid` header: an
// error stream (`streamtype: error`, which it half-closes at once and reads to the end) and a
// data stream (`streamtype: data`), both with the remote `port`. Once both are there the
// session dials the port: a refusal is written on the error stream; otherwise the data stream
// carries the bytes both ways. When the process closes the connection (or kubectl half-closes
// the data stream) both streams are finished, which is what ends kubectl's wait on the error
// stream. PINGs are answered. Flow control: the session grants window back as it consumes
// data, but does not wait for window itself, because client-go's spdystream never sends
// WINDOW_UPDATE (the kubelet does not wait either).
//
// Pure: bytes in (input), bytes and close out (hooks); no I/O, no threads.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "sim/port_app.hpp"
#include "sim/spdy_frame.hpp"
#include "sim/spdy_headers.hpp"

namespace kubemcp::sim {

class SpdyPortForwardSession {
 public:
  // A session refuses streams beyond this many open at once (REFUSED_STREAM).
  static constexpr std::size_t kMaxStreams = 256;

  struct Hooks {
    std::function<void(std::string)> send;  // bytes for the client
    std::function<void()> close;            // end the connection (after what was sent)
    // Connects to `port` in the pod: the process's connection, or nullptr with `error` set
    // to the kubelet's message.
    std::function<std::unique_ptr<PortConnection>(int port, std::string& error)> dial;
  };

  explicit SpdyPortForwardSession(Hooks hooks);
  ~SpdyPortForwardSession();
  // Bytes from the client, in any cut.
  void input(std::string_view bytes);
  bool closed() const { return closed_; }

 private:
  struct Stream {
    std::string request_id;
    bool data = false;  // data stream (else error stream)
    int port = 0;
    bool local_closed = false;    // we sent FIN
    bool remote_closed = false;   // the client sent FIN
    uint32_t unacknowledged = 0;  // bytes received since the last WINDOW_UPDATE
  };
  struct Pair {
    uint32_t error_stream = 0, data_stream = 0;
    std::unique_ptr<PortConnection> conn;
    bool started = false, done = false;
  };

  void handle(const spdy::Frame& f);
  void on_syn_stream(const spdy::Frame& f);
  void on_data(const spdy::Frame& f);
  void on_reset(const spdy::Frame& f);
  std::string validate(const spdy::Headers& h) const;
  void add_to_pair(uint32_t id, const Stream& s);
  void start(Pair& p);
  void finish(Pair& p);
  void send_data(uint32_t stream, std::string_view bytes, bool fin);
  void send_frame(const spdy::Frame& f);
  void reset(uint32_t stream, uint32_t status);
  void collect(const std::string& request_id);
  void fail(const spdy::ProtocolError& e);

  Hooks hooks_;
  spdy::FrameReader reader_;
  spdy::HeaderDecompressor inflater_;
  spdy::HeaderCompressor deflater_;
  std::map<uint32_t, Stream> streams_;
  std::map<std::string, Pair> pairs_;
  uint32_t last_stream_ = 0;
  bool going_away_ = false, closed_ = false;
  std::string out_;  // frames of this input, sent together
};

}  // namespace kubemcp::sim
