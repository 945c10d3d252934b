#pragma once
// kubectl-style descriptions: a registry of describers keyed by kind, with a readable
// generic form for every other kind. Each takes the object (already sanitized) and
// its events; fetching is the tools layer's job.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <functional>
#include <string>

namespace kubemcp::render {

struct DescribeInput {
  const boost::json::object& object;
  const boost::json::array& events;  // Event objects about it, any order
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
};

using Describer = std::function<std::string(const DescribeInput&)>;

// The describer for `kind`, or the generic one.
std::string describe(const DescribeInput& input);

// True when `kind` has a describer of its own (for tests and docs).
bool has_describer(const std::string& kind);

// The "Events:" section alone (also used by the generic describer).
std::string describe_events(const boost::json::array& events,
                            std::chrono::system_clock::time_point now);

}  // namespace kubemcp::render
