#include "sim/spdy_portforward.hpp"

#include <algorithm>
#include <cctype>

namespace kubemcp::sim {
namespace {

constexpr std::size_t kMaxData = 32 * 1024;  // per DATA frame, as kubectl's own writes

}  // namespace

SpdyPortForwardSession::SpdyPortForwardSession(Hooks hooks) : hooks_(std::move(hooks)) {}
SpdyPortForwardSession::~SpdyPortForwardSession() = default;

void SpdyPortForwardSession::input(std::string_view bytes) {
  if (closed_) return;
  try {
    reader_.feed(bytes);
    while (!closed_) {
      auto f = reader_.next();
      if (!f) break;
      handle(*f);
    }
  } catch (const spdy::ProtocolError& e) {
    fail(e);
  }
  if (!out_.empty() && hooks_.send) hooks_.send(std::exchange(out_, {}));
  if (closed_ && hooks_.close) hooks_.close();
}

void SpdyPortForwardSession::handle(const spdy::Frame& f) {
  switch (f.type) {
    case spdy::FrameType::SynStream:
      on_syn_stream(f);
      break;
    case spdy::FrameType::Data:
      on_data(f);
      break;
    case spdy::FrameType::RstStream:
      on_reset(f);
      break;
    case spdy::FrameType::Ping:
      // Client pings have odd ids; an even id would answer a ping of ours (we send none).
      if (f.stream_id % 2 == 1) send_frame(f);
      break;
    case spdy::FrameType::GoAway:
      going_away_ = true;  // no new streams; kubectl closes the socket next
      break;
    case spdy::FrameType::Headers:
      inflater_.decompress(f.payload);  // keeps the zlib stream in step; nothing to act on
      break;
    default:  // SETTINGS, WINDOW_UPDATE, SYN_REPLY: nothing to do for a server that never waits
      break;
  }
}

std::string SpdyPortForwardSession::validate(const spdy::Headers& h) const {
  // The kubelet's checks (pkg/kubelet/cri/streaming/portforward/httpstream.go), in its words.
  const std::string port = spdy::header_value(h, "port");
  if (port.empty()) return "\"port\" header is required";
  if (port.size() > 5 ||
      !std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); }) ||
      std::stoi(port) > 65535)
    return "unable to parse \"" + port + "\" as a port";
  if (std::stoi(port) < 1) return "port \"" + port + "\" must be > 0";
  const std::string type = spdy::header_value(h, "streamtype");
  if (type.empty()) return "\"streamType\" header is required";
  if (type != "error" && type != "data") return "invalid stream type \"" + type + "\"";
  return {};
}

void SpdyPortForwardSession::on_syn_stream(const spdy::Frame& f) {
  // The block is inflated first whatever happens next: the zlib stream spans every frame.
  const spdy::Headers h = inflater_.decompress(f.payload);
  if (f.stream_id % 2 == 0 || f.stream_id <= last_stream_) {
    reset(f.stream_id, spdy::kProtocolError);
    return;
  }
  last_stream_ = f.stream_id;
  if (going_away_ || streams_.size() >= kMaxStreams) {
    reset(f.stream_id, spdy::kRefusedStream);
    return;
  }
  if (!validate(h).empty()) {
    reset(f.stream_id, spdy::kCancel);  // what spdystream's Reset sends
    return;
  }
  Stream s;
  s.data = spdy::header_value(h, "streamtype") == "data";
  s.request_id = spdy::header_value(h, "requestid");
  if (s.request_id.empty())  // clients before requestID: pair by consecutive stream ids
    s.request_id = std::to_string(s.data ? f.stream_id - 2 : f.stream_id);
  s.port = std::stoi(spdy::header_value(h, "port"));
  s.remote_closed = (f.flags & spdy::kFlagFin) != 0;
  spdy::Frame reply;
  reply.type = spdy::FrameType::SynReply;
  reply.stream_id = f.stream_id;
  reply.payload = deflater_.compress({});
  send_frame(reply);
  streams_[f.stream_id] = s;
  add_to_pair(f.stream_id, s);
}

void SpdyPortForwardSession::add_to_pair(uint32_t id, const Stream& s) {
  Pair& p = pairs_[s.request_id];
  uint32_t& slot = s.data ? p.data_stream : p.error_stream;
  if (slot != 0 || p.started) {
    const std::string msg = "error processing stream for request " + s.request_id + ": " +
                            (s.data ? "data" : "error") + " stream already assigned";
    auto err = streams_.find(p.error_stream);
    if (err != streams_.end() && !err->second.local_closed) send_data(p.error_stream, msg, false);
    reset(id, spdy::kCancel);
    streams_.erase(id);
    return;
  }
  slot = id;
  if (p.error_stream != 0 && p.data_stream != 0) start(p);
}

void SpdyPortForwardSession::start(Pair& p) {
  p.started = true;
  std::string error;
  p.conn = hooks_.dial ? hooks_.dial(streams_.at(p.data_stream).port, error) : nullptr;
  if (!p.conn) {
    send_data(p.error_stream, error, false);
    finish(p);
  }
}

void SpdyPortForwardSession::finish(Pair& p) {
  if (p.done) return;
  p.done = true;
  p.conn.reset();
  // The kubelet closes the error stream, then the data stream.
  for (uint32_t id : {p.error_stream, p.data_stream}) {
    auto it = streams_.find(id);
    if (it != streams_.end() && !it->second.local_closed) send_data(id, {}, true);
  }
}

void SpdyPortForwardSession::on_data(const spdy::Frame& f) {
  auto it = streams_.find(f.stream_id);
  if (it == streams_.end()) return;  // reset or finished: late data is dropped, as spdystream does
  Stream& s = it->second;
  const std::string request_id = s.request_id;
  s.unacknowledged += static_cast<uint32_t>(f.payload.size());
  if (s.unacknowledged >= spdy::kInitialWindow / 2) {
    spdy::Frame w;
    w.type = spdy::FrameType::WindowUpdate;
    w.stream_id = f.stream_id;
    w.delta = std::exchange(s.unacknowledged, 0);
    send_frame(w);
  }
  const bool fin = (f.flags & spdy::kFlagFin) != 0;
  if (fin) s.remote_closed = true;
  auto p = pairs_.find(request_id);
  if (!s.data || p == pairs_.end()) return;
  if (p->second.conn && !f.payload.empty()) {
    PortConnection::Output out = p->second.conn->input(f.payload);
    if (!out.bytes.empty()) send_data(f.stream_id, out.bytes, false);
    if (out.close) finish(p->second);
  }
  // kubectl half-closes the data stream when its local client is done: the process sees
  // end of input and closes too.
  if (fin && p->second.started) finish(p->second);
  collect(request_id);
}

void SpdyPortForwardSession::on_reset(const spdy::Frame& f) {
  auto it = streams_.find(f.stream_id);
  if (it == streams_.end()) return;
  const std::string request_id = it->second.request_id;
  it->second.local_closed = it->second.remote_closed = true;  // nothing more goes on it
  auto p = pairs_.find(request_id);
  if (p != pairs_.end() && p->second.started) finish(p->second);
  streams_.erase(f.stream_id);
  if (p != pairs_.end() && p->second.error_stream == f.stream_id) p->second.error_stream = 0;
  if (p != pairs_.end() && p->second.data_stream == f.stream_id) p->second.data_stream = 0;
  collect(request_id);
}

// Forgets streams closed both ways, and a finished pair once both its streams are gone.
void SpdyPortForwardSession::collect(const std::string& request_id) {
  auto p = pairs_.find(request_id);
  if (p == pairs_.end()) return;
  for (uint32_t* id : {&p->second.error_stream, &p->second.data_stream}) {
    auto it = streams_.find(*id);
    if (it != streams_.end() && it->second.local_closed && it->second.remote_closed)
      streams_.erase(it);
  }
  const bool any = streams_.count(p->second.error_stream) || streams_.count(p->second.data_stream);
  if (p->second.done && !any) pairs_.erase(p);
}

void SpdyPortForwardSession::send_data(uint32_t stream, std::string_view bytes, bool fin) {
  do {
    spdy::Frame d;
    d.stream_id = stream;
    d.payload.assign(bytes.substr(0, kMaxData));
    bytes.remove_prefix(d.payload.size());
    if (fin && bytes.empty()) d.flags = spdy::kFlagFin;
    send_frame(d);
  } while (!bytes.empty());
  if (fin)
    if (auto it = streams_.find(stream); it != streams_.end()) it->second.local_closed = true;
}

void SpdyPortForwardSession::send_frame(const spdy::Frame& f) {
  out_ += spdy::encode(f);
}

void SpdyPortForwardSession::reset(uint32_t stream, uint32_t status) {
  spdy::Frame r;
  r.type = spdy::FrameType::RstStream;
  r.stream_id = stream;
  r.status = status;
  send_frame(r);
}

void SpdyPortForwardSession::fail(const spdy::ProtocolError& e) {
  (void)e;  // the client learns only the status, as from any SPDY server
  spdy::Frame g;
  g.type = spdy::FrameType::GoAway;
  g.stream_id = last_stream_;
  g.status = spdy::kGoAwayProtocolError;
  send_frame(g);
  for (auto& [id, p] : pairs_) p.conn.reset();
  closed_ = true;
}

}  // namespace kubemcp::sim
