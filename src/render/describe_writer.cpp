#include "render/describe_writer.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "render/number.hpp"

namespace kubemcp::render::detail {
namespace json = boost::json;

void DescribeWriter::field(int level, const std::string& label, const std::string& value) {
  lines_.push_back({level, true, label + ":", value.empty() ? "<none>" : value});
}

void DescribeWriter::text(int level, const std::string& line) {
  lines_.push_back({level, false, line, ""});
}

void DescribeWriter::map_field(int level, const std::string& label, const json::value* map) {
  if (!map || !map->is_object() || map->get_object().empty()) {
    field(level, label, "<none>");
    return;
  }
  std::vector<std::string> pairs;
  for (const auto& kv : map->get_object()) {
    const auto& v = kv.value();
    pairs.push_back(std::string(kv.key()) + "=" +
                    (v.is_string() ? std::string(v.get_string()) : json::serialize(v)));
  }
  std::sort(pairs.begin(), pairs.end());
  field(level, label, pairs.front());
  for (std::size_t i = 1; i < pairs.size(); ++i) lines_.push_back({level, true, "", pairs[i]});
}

std::string DescribeWriter::str() const {
  // Like kubectl's tabwriter: consecutive "Label: value" lines form one block whose values
  // share a column, whatever their depth; a line of free text ends the block.
  std::string out;
  std::size_t i = 0;
  while (i < lines_.size()) {
    if (!lines_[i].is_field) {
      out.append(static_cast<std::size_t>(lines_[i].level) * 2, ' ');
      out += lines_[i].label;
      out += '\n';
      ++i;
      continue;
    }
    std::size_t j = i;
    std::size_t width = 0;
    for (; j < lines_.size() && lines_[j].is_field; ++j)
      width =
          std::max(width, static_cast<std::size_t>(lines_[j].level) * 2 + lines_[j].label.size());
    for (; i < j; ++i) {
      std::string line(static_cast<std::size_t>(lines_[i].level) * 2, ' ');
      line += lines_[i].label;
      line.append(width + 2 - line.size(), ' ');
      line += lines_[i].value;
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line;
      out += '\n';
    }
  }
  return out;
}

std::string str_at(const json::value& v, std::initializer_list<const char*> path) {
  const auto* p = at_path(v, path);
  if (!p) return {};
  if (p->is_string()) return std::string(p->get_string());
  if (p->is_bool()) return p->get_bool() ? "true" : "false";
  if (p->is_number()) return number_text(*p);
  return {};
}

std::string num_at(const json::value& v, std::initializer_list<const char*> path,
                   const std::string& fallback) {
  const auto* p = at_path(v, path);
  return p && p->is_number() ? number_text(*p) : fallback;
}

std::string join_pairs(const json::value* map, const char* sep) {
  if (!map || !map->is_object() || map->get_object().empty()) return {};
  std::vector<std::string> pairs;
  for (const auto& kv : map->get_object())
    pairs.push_back(std::string(kv.key()) + "=" +
                    (kv.value().is_string() ? std::string(kv.value().get_string())
                                            : json::serialize(kv.value())));
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& p : pairs) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

}  // namespace kubemcp::render::detail
