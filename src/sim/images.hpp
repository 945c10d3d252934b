#pragma once
// What a container started from a well-known image does in the simulator: which ports its
// process listens on (declared or not: `kubectl run web --image=nginx` declares none, yet
// nginx answers on 80), what it prints when it starts, what it prints every little while (a
// probe, a checkpoint), and the access-log line of an HTTP request it serves. One table row
// per image, chosen by the repository's last path component (registry, tag and digest
// ignored); an image not in the table is a generic JSON-logging service.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kubemcp::sim {

// One HTTP request a simulated server answered (through port-forward).
struct ServedRequest {
  std::string client = "127.0.0.1";  // port-forward connects from inside the pod's network
  std::string method, path, user_agent;
  int status = 200;
  std::size_t bytes = 0;
  int64_t time = 0;  // unix seconds
};

// The context of one generated line: which container instance, which line, when.
struct LineContext {
  std::string_view pod, container, image;
  int instance = 0;
  int64_t index = 0;  // counts from the first periodic line
  int64_t time = 0;
  uint64_t hash = 0;  // stable pseudo-random bits for this line
};

struct ImageProfile {
  std::string_view name;  // "generic" for the fallback
  std::vector<std::string_view> repositories;
  std::vector<int> ports;  // listening even when not declared
  // Printed at once when the instance starts; "{time}" becomes `stamp(start)`, "{pod}" the
  // pod's name.
  std::vector<std::string_view> startup;
  int64_t interval_min = 3, interval_spread = 8;  // seconds between periodic lines
  std::string (*stamp)(int64_t time);
  std::string (*periodic)(const LineContext&);
  // The access-log line of a served request; nullptr for a process that logs none.
  std::string (*request)(const ServedRequest&);
};

const ImageProfile& image_profile(std::string_view image);

// The startup lines of `p` for an instance started at `start`.
std::vector<std::string> startup_lines(const ImageProfile& p, std::string_view pod, int64_t start);

}  // namespace kubemcp::sim
