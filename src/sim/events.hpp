#pragma once
// core/v1 Events as the components of a cluster record them: a repeat of the same reason and
// message about the same object bumps count and lastTimestamp instead of adding an event.
#include <boost/json/object.hpp>
#include <string>

#include "sim/objects.hpp"

namespace kubemcp::sim {

void record_event(Objects& objects, const boost::json::object& about, const std::string& type,
                  const std::string& reason, const std::string& message,
                  const std::string& component, const std::string& field_path = "");

}  // namespace kubemcp::sim
