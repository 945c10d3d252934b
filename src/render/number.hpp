#pragma once
// Numbers as people write them (0.5, 3, 1e+21), not as Boost.JSON serializes them (5E-1).
#include <boost/json/value.hpp>
#include <string>

namespace kubemcp::render {

std::string number_text(const boost::json::value& number);

}  // namespace kubemcp::render
