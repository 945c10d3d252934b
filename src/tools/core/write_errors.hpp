#pragma once
// Server answers to a change, phrased for a model: a server-side apply conflict names each
// field with its manager and the three ways out; 422 lists the invalid fields; anything else
// reads as kubectl reads it (present.hpp's phrase_error).
#include <exception>
#include <string>

namespace kubemcp::tools {

std::string phrase_write_error(const std::exception_ptr& error, const std::string& cluster);

}  // namespace kubemcp::tools
