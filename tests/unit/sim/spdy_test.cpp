// The SPDY/3.1 frame codec, the header-block compression and the port-forward session that
// `kubectl port-forward` talks to (through the WebSocket tunnel).
#include <gtest/gtest.h>
#include <zlib.h>

#include <string>
#include <vector>

#include "sim/spdy_frame.hpp"
#include "sim/spdy_headers.hpp"
#include "sim/spdy_portforward.hpp"

using namespace kubemcp::sim;
using namespace kubemcp::sim::spdy;

namespace {

std::string unhex(std::string_view h) {
  std::string out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2)
    out += static_cast<char>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16));
  return out;
}

std::string hex(std::string_view b) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (unsigned char c : b) {
    out += d[c >> 4];
    out += d[c & 15];
  }
  return out;
}

std::vector<Frame> read_all(std::string_view bytes) {
  FrameReader r;
  r.feed(bytes);
  std::vector<Frame> out;
  while (auto f = r.next()) out.push_back(*f);
  return out;
}

}  // namespace

TEST(SpdyHeaders, DictionaryIsTheProtocolsOwn) {
  const auto d = header_dictionary();
  EXPECT_EQ(d.size(), 1423u);
  // The dictionary id every SPDY/3 zlib stream header carries (Adler-32 of the dictionary).
  EXPECT_EQ(adler32(1, reinterpret_cast<const Bytef*>(d.data()), static_cast<uInt>(d.size())),
            0xe3c6a7c2u);
  EXPECT_EQ(d.substr(0, 11), std::string_view("\0\0\0\7options", 11));
  EXPECT_EQ(d.substr(d.size() - 6), "enq=0.");
}

TEST(SpdyFrame, EncodesTheWireLayout) {
  Frame ping;
  ping.type = FrameType::Ping;
  ping.stream_id = 1;
  EXPECT_EQ(hex(encode(ping)),
            "8003000600000004"
            "00000001");
  Frame rst;
  rst.type = FrameType::RstStream;
  rst.stream_id = 3;
  rst.status = kCancel;
  EXPECT_EQ(hex(encode(rst)),
            "8003000300000008"
            "00000003"
            "00000005");
  Frame data;
  data.stream_id = 5;
  data.flags = kFlagFin;
  data.payload = "hi";
  EXPECT_EQ(hex(encode(data)),
            "00000005"
            "01000002"
            "6869");
  Frame syn;
  syn.type = FrameType::SynStream;
  syn.stream_id = 1;
  syn.priority = 7;
  syn.payload = "xy";
  EXPECT_EQ(hex(encode(syn)),
            "800300010000000c"
            "00000001"
            "00000000"
            "e000"
            "7879");
  Frame go;
  go.type = FrameType::GoAway;
  go.stream_id = 7;
  go.status = kGoAwayProtocolError;
  EXPECT_EQ(hex(encode(go)),
            "8003000700000008"
            "00000007"
            "00000001");
}

TEST(SpdyFrame, RoundTripsEveryTypeFedOneByteAtATime) {
  std::vector<Frame> frames(7);
  frames[0].type = FrameType::SynStream, frames[0].stream_id = 3, frames[0].associated_id = 1,
  frames[0].priority = 2, frames[0].flags = kFlagFin, frames[0].payload = "block";
  frames[1].type = FrameType::SynReply, frames[1].stream_id = 3, frames[1].payload = "b";
  frames[2].stream_id = 3, frames[2].payload = std::string(70000, 'x');
  frames[3].type = FrameType::Settings, frames[3].settings = {{7, 65536}, {0x01000004, 100}};
  frames[4].type = FrameType::WindowUpdate, frames[4].stream_id = 3, frames[4].delta = 4096;
  frames[5].type = FrameType::Headers, frames[5].stream_id = 3, frames[5].payload = "h";
  frames[6].type = FrameType::GoAway, frames[6].stream_id = 9, frames[6].status = kGoAwayOk;
  std::string wire;
  for (const auto& f : frames) wire += encode(f);
  FrameReader r;
  std::vector<Frame> got;
  for (char c : wire) {
    r.feed(std::string_view(&c, 1));
    while (auto f = r.next()) got.push_back(*f);
  }
  ASSERT_EQ(got.size(), frames.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].type, frames[i].type) << i;
    EXPECT_EQ(got[i].stream_id, frames[i].stream_id) << i;
    EXPECT_EQ(got[i].payload, frames[i].payload) << i;
    EXPECT_EQ(got[i].flags, frames[i].flags) << i;
  }
  EXPECT_EQ(got[0].associated_id, 1u);
  EXPECT_EQ(got[0].priority, 2);
  EXPECT_EQ(got[3].settings, frames[3].settings);
  EXPECT_EQ(got[4].delta, 4096u);
  EXPECT_EQ(got[6].status, kGoAwayOk);
  EXPECT_EQ(r.buffered(), 0u);
}

TEST(SpdyFrame, SkipsUnknownControlFramesAndRefusesBrokenOnes) {
  // Type 5 (NOOP in SPDY/2) is unknown in SPDY/3: skipped, the next frame still read.
  Frame ping;
  ping.type = FrameType::Ping;
  ping.stream_id = 1;
  auto got = read_all(unhex("8003000500000002abcd") + encode(ping));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].type, FrameType::Ping);

  const char* broken[] = {
      "8002000600000004"
      "00000001",  // SPDY/2
      "8003000600000003"
      "000000",  // PING of 3 bytes
      "8003000300000008"
      "00000000"
      "00000005",  // RST_STREAM for stream 0
      "8003000300000008"
      "00000001"
      "00000000",  // RST_STREAM with status 0
      "8003000100000004"
      "00000001",  // SYN_STREAM shorter than its fixed part
      "00000000"
      "00000001"
      "78",  // DATA for stream 0
      "8003000400000008"
      "00000002"
      "00000000",  // SETTINGS claiming 2 entries in 4 bytes
      "8003000900000008"
      "00000001"
      "00000000",  // WINDOW_UPDATE of 0
  };
  for (const char* b : broken) EXPECT_THROW(read_all(unhex(b)), ProtocolError) << b;
  FrameReader small(16);
  small.feed(
      unhex("00000001"
            "00000011"));  // 17 bytes announced, 16 allowed
  EXPECT_THROW(small.next(), ProtocolError);
}

TEST(SpdyHeaders, DecodesBlocksFromAnotherZlibAndKeepsItsContextAcrossFrames) {
  // Made with Python's zlib (level 9, the SPDY dictionary, sync flush per block), the way Go's
  // framer writes them: the second block refers back into the first.
  HeaderDecompressor in;
  auto first =
      in.decompress(unhex("78f9e3c6a7c202253a48f95b044aab4c16064092b308125b99a054cc6800"
                          "4e872545a989b9d0a2863515141100000000ffff"));
  EXPECT_EQ(first, (Headers{{"port", "80"}, {"requestid", "0"}, {"streamtype", "error"}}));
  auto second = in.decompress(unhex("224b2ba8944a04000000ffff"));
  EXPECT_EQ(second, (Headers{{"port", "80"}, {"requestid", "0"}, {"streamtype", "data"}}));
}

TEST(SpdyHeaders, CompressorAndDecompressorAgreeOverManyBlocks) {
  HeaderCompressor out;
  HeaderDecompressor in;
  for (int i = 0; i < 50; ++i) {
    Headers h{{"port", std::to_string(8000 + i)}, {"requestid", std::to_string(i)}};
    if (i % 3 == 0) h.clear();
    std::string block = out.compress(h);
    EXPECT_EQ(block.substr(block.size() - 4), std::string("\0\0\xff\xff", 4)) << "sync flush";
    EXPECT_EQ(in.decompress(block), h) << i;
  }
}

TEST(SpdyHeaders, RefusesWhatGosFramerRefuses) {
  EXPECT_THROW(decode_block(encode_block({{"Port", "80"}})), ProtocolError);
  EXPECT_THROW(decode_block(encode_block({{"port", "80"}, {"port", "81"}})), ProtocolError);
  EXPECT_THROW(decode_block(unhex("00000001"
                                  "00000004"
                                  "706f")),
               ProtocolError);
  EXPECT_THROW(decode_block(unhex("7fffffff")), ProtocolError);  // a count no block can hold
  EXPECT_THROW(decode_block(encode_block({{"a", "b"}}) + "x"), ProtocolError);
  HeaderDecompressor in;
  EXPECT_THROW(in.decompress("not zlib at all"), ProtocolError);
  // A block that inflates past the limit (a compression bomb) is refused.
  HeaderCompressor out;
  HeaderDecompressor small(1024);
  EXPECT_THROW(small.decompress(out.compress({{"x", std::string(4096, 'a')}})), ProtocolError);
  EXPECT_EQ(header_value({{"port", "80"}}, "port"), "80");
  EXPECT_EQ(header_value({{"port", "80"}}, "streamtype"), "");
}

// ---- the session, driven as kubectl drives it -------------------------------------------

namespace {

struct Client {
  std::vector<Frame> received;
  bool closed = false;
  std::vector<std::string> served;  // request paths the process logged
  std::vector<int> dialed;
  HeaderCompressor out;
  HeaderDecompressor in;
  FrameReader reader;
  SpdyPortForwardSession session{hooks()};

  SpdyPortForwardSession::Hooks hooks() {
    SpdyPortForwardSession::Hooks h;
    h.send = [this](std::string b) {
      reader.feed(b);
      while (auto f = reader.next()) received.push_back(*f);
    };
    h.close = [this] { closed = true; };
    h.dial = [this](int port, std::string& error) -> std::unique_ptr<PortConnection> {
      dialed.push_back(port);
      if (port != 80) {
        error = "error forwarding port " + std::to_string(port) + ": connection refused";
        return nullptr;
      }
      return std::make_unique<PortConnection>(
          "web", "nginx:1.27", 80, [this](const ServedRequest& r) { served.push_back(r.path); });
    };
    return h;
  }
  void syn(uint32_t id, Headers h, bool fin = false) {
    Frame f;
    f.type = FrameType::SynStream;
    f.stream_id = id;
    f.flags = fin ? kFlagFin : 0;
    f.payload = out.compress(h);
    session.input(encode(f));
  }
  void data(uint32_t id, std::string bytes, bool fin = false) {
    Frame f;
    f.stream_id = id;
    f.payload = std::move(bytes);
    f.flags = fin ? kFlagFin : 0;
    session.input(encode(f));
  }
  void control(FrameType t, uint32_t id, uint32_t status = 0) {
    Frame f;
    f.type = t;
    f.stream_id = id;
    f.status = status;
    session.input(encode(f));
  }
  // Frames of `type` on `stream`; the SYN_REPLY header blocks are inflated in order.
  std::vector<Frame> on(uint32_t stream, FrameType type) {
    std::vector<Frame> out;
    for (const auto& f : received)
      if (f.stream_id == stream && f.type == type) out.push_back(f);
    return out;
  }
  std::string text(uint32_t stream) {
    std::string s;
    for (const auto& f : on(stream, FrameType::Data)) s += f.payload;
    return s;
  }
  bool finished(uint32_t stream) {
    for (const auto& f : on(stream, FrameType::Data))
      if (f.flags & kFlagFin) return true;
    return false;
  }
  // kubectl's pair of streams for one local connection.
  void open(uint32_t error_id, const std::string& port, const std::string& request_id) {
    syn(error_id, {{"port", port}, {"requestid", request_id}, {"streamtype", "error"}});
    data(error_id, "", true);  // errorStream.Close(): kubectl never writes on it
    syn(error_id + 2, {{"port", port}, {"requestid", request_id}, {"streamtype", "data"}});
  }
};

}  // namespace

TEST(SpdyPortForward, AnHttpRequestIsAnsweredThenBothStreamsFinish) {
  Client c;
  c.open(1, "80", "0");
  ASSERT_EQ(c.on(1, FrameType::SynReply).size(), 1u);
  ASSERT_EQ(c.on(3, FrameType::SynReply).size(), 1u);
  // The replies carry an empty header block that a Go peer inflates with the dictionary.
  EXPECT_TRUE(c.in.decompress(c.on(1, FrameType::SynReply)[0].payload).empty());
  EXPECT_TRUE(c.in.decompress(c.on(3, FrameType::SynReply)[0].payload).empty());
  EXPECT_EQ(c.dialed, std::vector<int>{80});
  c.data(3, "GET /index.html HTTP/1.1\r\nHost: localhost\r\nUser-Agent: curl/8\r\n");
  EXPECT_EQ(c.text(3), "") << "no answer before the request head is whole";
  c.data(3, "\r\n");
  EXPECT_NE(c.text(3).find("HTTP/1.1 200 OK"), std::string::npos);
  EXPECT_NE(c.text(3).find("pod web port 80 (nginx:1.27): /index.html"), std::string::npos);
  EXPECT_TRUE(c.finished(1)) << "the error stream ends, empty: kubectl's ReadAll returns";
  EXPECT_EQ(c.text(1), "");
  EXPECT_TRUE(c.finished(3));
  EXPECT_EQ(c.served, std::vector<std::string>{"/index.html"});
  // kubectl then resets the data stream; nothing more is sent, the session stays open.
  const auto before = c.received.size();
  c.control(FrameType::RstStream, 3, kCancel);
  EXPECT_EQ(c.received.size(), before);
  EXPECT_FALSE(c.closed);
}

TEST(SpdyPortForward, AClosedPortIsReportedOnTheErrorStream) {
  Client c;
  c.open(1, "81", "0");
  EXPECT_EQ(c.text(1), "error forwarding port 81: connection refused");
  EXPECT_TRUE(c.finished(1));
  EXPECT_TRUE(c.finished(3));
}

TEST(SpdyPortForward, NonHttpBytesEchoUntilTheClientHalfCloses) {
  Client c;
  c.open(1, "80", "7");
  c.data(3, "\x01\x02ping");
  c.data(3, "pong");
  EXPECT_EQ(c.text(3), "\x01\x02pingpong");
  EXPECT_FALSE(c.finished(3));
  c.data(3, "", true);
  EXPECT_TRUE(c.finished(1));
  EXPECT_TRUE(c.finished(3));
}

TEST(SpdyPortForward, ConnectionsInterleaveByRequestId) {
  Client c;
  c.syn(1, {{"port", "80"}, {"requestid", "0"}, {"streamtype", "error"}});
  c.syn(3, {{"port", "80"}, {"requestid", "1"}, {"streamtype", "error"}});
  c.syn(5, {{"port", "80"}, {"requestid", "1"}, {"streamtype", "data"}});
  c.syn(7, {{"port", "80"}, {"requestid", "0"}, {"streamtype", "data"}});
  c.data(7, "GET /zero HTTP/1.1\r\n\r\n");
  c.data(5, "GET /one HTTP/1.1\r\n\r\n");
  EXPECT_NE(c.text(7).find(": /zero"), std::string::npos);
  EXPECT_NE(c.text(5).find(": /one"), std::string::npos);
  EXPECT_TRUE(c.finished(1));
  EXPECT_TRUE(c.finished(3));
}

TEST(SpdyPortForward, ResettingTheDataStreamEndsTheErrorStream) {
  // kubectl's local client failed: it resets the data stream and waits on the error stream.
  Client c;
  c.open(1, "80", "0");
  c.control(FrameType::RstStream, 3, kCancel);
  EXPECT_TRUE(c.finished(1));
  EXPECT_FALSE(c.finished(3)) << "nothing is sent on a reset stream";
}

TEST(SpdyPortForward, LargeAnswersAreCutIntoFramesAndWindowIsGrantedBack) {
  Client c;
  c.open(1, "80", "0");
  c.data(3, std::string(40000, 'z'));  // not HTTP: echoed
  EXPECT_EQ(c.text(3).size(), 40000u);
  EXPECT_GE(c.on(3, FrameType::Data).size(), 2u) << "DATA frames stay at 32 KiB";
  auto updates = c.on(3, FrameType::WindowUpdate);
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_EQ(updates[0].delta, 40000u);
}

TEST(SpdyPortForward, PingsAreAnsweredAndBadStreamsRefused) {
  Client c;
  c.control(FrameType::Ping, 1);
  ASSERT_EQ(c.on(1, FrameType::Ping).size(), 1u);
  c.control(FrameType::Ping, 2);  // an even id answers a ping of ours: no echo
  EXPECT_EQ(c.on(2, FrameType::Ping).size(), 0u);

  c.syn(1, {{"requestid", "0"}, {"streamtype", "error"}});  // no port
  c.syn(3, {{"port", "http"}, {"streamtype", "data"}});
  c.syn(5, {{"port", "80"}, {"streamtype", "stdin"}});
  c.syn(4, {{"port", "80"}, {"streamtype", "data"}});  // a server-side id from the client
  c.syn(5, {{"port", "80"}, {"streamtype", "data"}});  // not above the last id
  auto status = [&](uint32_t id) {
    auto r = c.on(id, FrameType::RstStream);
    return r.empty() ? 0u : r.back().status;
  };
  EXPECT_EQ(status(1), kCancel);
  EXPECT_EQ(status(3), kCancel);
  EXPECT_EQ(status(4), kProtocolError);
  EXPECT_EQ(status(5), kProtocolError);
  EXPECT_TRUE(c.dialed.empty());
  EXPECT_FALSE(c.closed);
}

TEST(SpdyPortForward, AStreamSeenTwiceInAPairIsReportedAndReset) {
  Client c;
  c.syn(1, {{"port", "81"}, {"requestid", "0"}, {"streamtype", "error"}});
  c.syn(3, {{"port", "81"}, {"requestid", "0"}, {"streamtype", "error"}});
  EXPECT_EQ(c.text(1), "error processing stream for request 0: error stream already assigned");
  EXPECT_EQ(c.on(3, FrameType::RstStream).size(), 1u);
}

TEST(SpdyPortForward, GarbageEndsTheSessionWithGoAway) {
  Client c;
  c.open(1, "80", "0");
  c.session.input(
      unhex("8002000600000004"
            "00000001"));  // SPDY/2
  EXPECT_TRUE(c.closed);
  auto go = c.on(3, FrameType::GoAway);
  ASSERT_EQ(go.size(), 1u) << "GOAWAY names the last stream accepted";
  EXPECT_EQ(go[0].status, kGoAwayProtocolError);
  const auto before = c.received.size();
  c.data(3, "GET / HTTP/1.1\r\n\r\n");
  EXPECT_EQ(c.received.size(), before) << "nothing after GOAWAY";
}

TEST(SpdyPortForward, RefusesStreamsBeyondItsLimit) {
  Client c;
  uint32_t id = 1;
  for (std::size_t i = 0; i < SpdyPortForwardSession::kMaxStreams; ++i, id += 2)
    c.syn(id, {{"port", "81"}, {"requestid", "e" + std::to_string(i)}, {"streamtype", "error"}});
  c.syn(id, {{"port", "81"}, {"requestid", "x"}, {"streamtype", "error"}});
  auto r = c.on(id, FrameType::RstStream);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, kRefusedStream);
}
