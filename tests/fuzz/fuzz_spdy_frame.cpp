// Fuzzes the SPDY/3.1 side of `kubectl port-forward` in process: the frame reader, the zlib
// header blocks and the port-forward session, with the input cut into WebSocket messages of
// sizes the first byte chooses (a frame may span messages, a message hold several frames).
// Protocol errors are fine (the session answers GOAWAY); crashes, hangs and leaks are not.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "sim/port_app.hpp"
#include "sim/spdy_frame.hpp"
#include "sim/spdy_headers.hpp"
#include "sim/spdy_portforward.hpp"

using namespace kubemcp::sim;

namespace {

// Every frame alone, header blocks inflated with one context as a peer would.
void frames(std::string_view input) {
  spdy::FrameReader reader(64 * 1024);
  spdy::HeaderDecompressor inflater(64 * 1024);
  reader.feed(input);
  try {
    while (auto f = reader.next()) {
      if (f->type == spdy::FrameType::SynStream || f->type == spdy::FrameType::SynReply ||
          f->type == spdy::FrameType::Headers)
        inflater.decompress(f->payload);
      spdy::encode(*f);
    }
  } catch (const spdy::ProtocolError&) {
  }
}

void session(std::string_view input) {
  if (input.empty()) return;
  const std::size_t cut = static_cast<unsigned char>(input[0]) % 64 + 1;
  input.remove_prefix(1);
  std::size_t sent = 0;
  SpdyPortForwardSession::Hooks hooks;
  hooks.send = [&sent](std::string b) { sent += b.size(); };
  hooks.close = [] {};
  hooks.dial = [](int port, std::string& error) -> std::unique_ptr<PortConnection> {
    if (port != 80) {
      error = "refused";
      return nullptr;
    }
    return std::make_unique<PortConnection>("pod", "nginx", 80, [](const ServedRequest&) {});
  };
  SpdyPortForwardSession s(std::move(hooks));
  while (!input.empty() && !s.closed()) {
    s.input(input.substr(0, cut));
    input.remove_prefix(std::min(cut, input.size()));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 256 * 1024) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  frames(input);
  session(input);
  return 0;
}
