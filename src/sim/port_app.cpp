#include "sim/port_app.hpp"

#include <algorithm>

#include "sim/util.hpp"

namespace kubemcp::sim {
namespace {

constexpr std::size_t kMaxHead = 64 * 1024;

bool looks_like_http(const std::string& b) {
  for (std::string_view method :
       {"GET ", "HEAD ", "POST ", "PUT ", "DELETE ", "OPTIONS ", "PATCH "}) {
    const std::size_t n = std::min(b.size(), method.size());
    if (std::string_view(b).substr(0, n) == method.substr(0, n)) return true;
  }
  return false;
}

// Method, path and User-Agent of a request head.
ServedRequest parse_request(const std::string& head) {
  ServedRequest r;
  const auto sp1 = head.find(' ');
  const auto sp2 = head.find(' ', sp1 + 1);
  r.method = head.substr(0, sp1);
  r.path = sp2 == std::string::npos ? "/" : head.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string lower = head;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  r.user_agent = "-";
  if (auto at = lower.find("\r\nuser-agent:"); at != std::string::npos) {
    auto start = head.find_first_not_of(' ', at + 13);
    auto end = head.find("\r\n", start);
    if (start != std::string::npos && end != std::string::npos)
      r.user_agent = head.substr(start, end - start);
  }
  return r;
}

}  // namespace

std::string port_responder(const std::string& pod, const std::string& image, int port,
                           const std::string& request) {
  std::string path = "/";
  auto sp1 = request.find(' ');
  if (sp1 != std::string::npos)
    path = request.substr(sp1 + 1, request.find(' ', sp1 + 1) - sp1 - 1);
  std::string body =
      "pod " + pod + " port " + std::to_string(port) + " (" + image + "): " + path + "\n";
  return "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nX-Pod: " + pod + "\r\nConnection: close\r\n\r\n" + body;
}

PortConnection::PortConnection(std::string pod, std::string image, int port, OnRequest on_request)
    : pod_(std::move(pod)),
      image_(std::move(image)),
      port_(port),
      on_request_(std::move(on_request)) {}

PortConnection::Output PortConnection::input(std::string_view bytes) {
  if (closed_) return {};
  if (echo_) return {std::string(bytes), false};
  buffer_.append(bytes);
  if (!looks_like_http(buffer_)) {
    // Not HTTP: the port behaves as an echo service and the connection stays open.
    echo_ = true;
    return {std::exchange(buffer_, {}), false};
  }
  const auto end = buffer_.find("\r\n\r\n");
  if (end == std::string::npos) {
    if (buffer_.size() <= kMaxHead) return {};
    closed_ = true;  // as a server refuses a head that never ends
    return {
        "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\n"
        "Connection: close\r\n\r\n",
        true};
  }
  closed_ = true;
  Output out{port_responder(pod_, image_, port_, buffer_), true};
  if (on_request_) {
    ServedRequest r = parse_request(buffer_.substr(0, end + 2));
    r.bytes = out.bytes.size() - out.bytes.find("\r\n\r\n") - 4;
    r.time = now_unix();
    on_request_(r);
  }
  return out;
}

}  // namespace kubemcp::sim
