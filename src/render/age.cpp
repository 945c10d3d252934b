#include "render/age.hpp"

#include "net/duration.hpp"

namespace kubemcp::render {

std::string human_duration(std::chrono::seconds d) {
  return net::human_duration(d.count());
}

std::string age_of(std::string_view rfc3339, std::chrono::system_clock::time_point now) {
  const auto t = parse_rfc3339(rfc3339);
  if (!t) return "<unknown>";
  return human_duration(std::chrono::duration_cast<std::chrono::seconds>(now - *t));
}

}  // namespace kubemcp::render
