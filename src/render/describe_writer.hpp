#pragma once
// Lays out a description like kubectl's prefix writer: "Label:  value" lines whose values
// line up within each block of consecutive lines at the same depth.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <vector>

#include "net/json_access.hpp"

namespace kubemcp::render::detail {

class DescribeWriter {
 public:
  // `label` without the colon; an empty value prints "<none>".
  void field(int level, const std::string& label, const std::string& value);
  // Free text at a depth (table rows, headings without values).
  void text(int level, const std::string& line);
  // "Labels:  a=b" with further pairs on continuation lines.
  void map_field(int level, const std::string& label, const boost::json::value* map);
  std::string str() const;

 private:
  struct Line {
    int level;
    bool is_field;
    std::string label;
    std::string value;
  };
  std::vector<Line> lines_;
};

// Small accessors over JSON that return "" / nullptr for anything missing (the path walk is
// net/json_access.hpp's; these print scalars as text).
using net::at_path;
std::string str_at(const boost::json::value& v, std::initializer_list<const char*> path);
std::string num_at(const boost::json::value& v, std::initializer_list<const char*> path,
                   const std::string& fallback = "0");
std::string join_pairs(const boost::json::value* map, const char* sep = ",");

}  // namespace kubemcp::render::detail
