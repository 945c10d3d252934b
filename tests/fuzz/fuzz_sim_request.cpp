// Fuzzes the simulated API server's request handling in process (no network): routing, query
// parameters, JSON/YAML bodies, the four patch formats, validation, defaulting and the
// controllers reacting to what was written. Input: "METHOD TARGET\nCONTENT-TYPE\nBODY".
// Errors are fine; crashes, hangs and 500s (a bug, never the client's fault) are not.
#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "net/server_https.hpp"
#include "sim/cluster.hpp"
#include "sim/seed.hpp"

using namespace kubemcp;

namespace {

constexpr const char* kToken = "fuzz-token";

// Streams (watch, logs) are drained a little, then the client "goes away".
class Sink : public net::StreamSink {
 public:
  bool write(std::string) override { return open_ && ++chunks_ < 64; }
  void close() override { open_ = false; }
  bool is_open() const override { return open_ && chunks_ < 64; }

 private:
  bool open_ = true;
  int chunks_ = 0;
};

struct World {
  net::IoPool pool{1};
  std::unique_ptr<sim::Cluster> cluster;
  int runs = 0;

  void reset() {
    if (cluster) cluster->stop();
    cluster = std::make_unique<sim::Cluster>(pool, "fuzz", 0);
    cluster->set_sandbox_dir("/nonexistent/kubemcp-fuzz");
    sim::seed_cluster(*cluster, true, 0);
    cluster->auth().add_token(
        kToken, sim::User{"fuzz", {"system:masters", "system:authenticated"}, "", {}});
    cluster->start_controllers(std::chrono::milliseconds(5));
  }
  sim::Cluster& get() {
    // A fresh world now and then keeps memory bounded as inputs create objects.
    if (!cluster || ++runs % 2000 == 0) reset();
    return *cluster;
  }
};

net::HttpRequest parse(const std::string& input) {
  net::HttpRequest req;
  size_t nl1 = input.find('\n');
  std::string line = input.substr(0, nl1);
  size_t sp = line.find(' ');
  req.method = line.substr(0, sp);
  req.target = sp == std::string::npos ? "/" : line.substr(sp + 1);
  if (req.target.empty() || req.target.front() != '/') req.target = "/" + req.target;
  std::string ctype;
  if (nl1 != std::string::npos) {
    size_t nl2 = input.find('\n', nl1 + 1);
    ctype = input.substr(nl1 + 1, nl2 == std::string::npos ? std::string::npos : nl2 - nl1 - 1);
    if (nl2 != std::string::npos) req.body = input.substr(nl2 + 1);
  }
  req.headers.emplace_back("authorization", std::string("Bearer ") + kToken);
  if (!ctype.empty()) req.headers.emplace_back("content-type", ctype);
  req.headers.emplace_back("user-agent", "fuzz/1.0");
  return req;
}

}  // namespace

// The cluster's TLS setup (certificates, the server's SSL context, per-thread RNG state of the
// pool, scheduler and controller threads) is OpenSSL's until process exit, after libFuzzer's
// final leak check: allocations made inside OpenSSL are not reported, all others are.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libcrypto.so\nleak:libssl.so\n";
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static World world;
  if (size > 64 * 1024) return 0;
  const std::string input(reinterpret_cast<const char*>(data), size);
  auto req = parse(input);
  auto resp = sim::handle_api_request(world.get(), req);
  // kube-apiserver itself answers an invalid pods/binding with a 500 (BindingREST returns the
  // validation errors unconverted); the simulator copies that, so it is no finding.
  bool upstream_500 = req.target.find("/binding") != std::string::npos &&
                      resp.body.find("\"target.") != std::string::npos;
  if (resp.status == 500 && !upstream_500) {
    std::fprintf(stderr, "500 for %s %s: %s\n", req.method.c_str(), req.target.c_str(),
                 resp.body.c_str());
    std::abort();
  }
  if (resp.stream) {
    auto sink = std::make_shared<Sink>();
    resp.stream(sink);
    sink->close();
  }
  return 0;
}
