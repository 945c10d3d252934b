#include "render/events.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <map>
#include <tuple>

#include "render/age.hpp"
#include "render/describe_writer.hpp"

namespace kubemcp::render {
namespace json = boost::json;
using detail::num_at;
using detail::str_at;

namespace {
std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string first_time(const json::value& e) {
  for (auto p : {std::initializer_list<const char*>{"firstTimestamp"},
                 {"eventTime"},
                 {"metadata", "creationTimestamp"}}) {
    auto t = str_at(e, p);
    if (!t.empty()) return t;
  }
  return {};
}

std::string last_time(const json::value& e) {
  for (auto p : {std::initializer_list<const char*>{"lastTimestamp"},
                 {"series", "lastObservedTime"},
                 {"eventTime"},
                 {"firstTimestamp"},
                 {"metadata", "creationTimestamp"}}) {
    auto t = str_at(e, p);
    if (!t.empty()) return t;
  }
  return {};
}
}  // namespace

std::optional<std::chrono::seconds> parse_duration(const std::string& text) {
  if (text.empty()) return std::nullopt;
  long long total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = i;
    while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
    if (j == i || j == text.size()) return std::nullopt;
    const long long n = std::stoll(text.substr(i, j - i));
    switch (text[j]) {
      case 's':
        total += n;
        break;
      case 'm':
        total += n * 60;
        break;
      case 'h':
        total += n * 3600;
        break;
      case 'd':
        total += n * 86400;
        break;
      default:
        return std::nullopt;
    }
    i = j + 1;
  }
  return std::chrono::seconds(total);
}

std::vector<EventRow> fold_events(const json::array& events, const EventFilter& f,
                                  std::chrono::system_clock::time_point now) {
  std::map<std::tuple<std::string, std::string, std::string, std::string, std::string>, EventRow>
      folded;
  for (const auto& e : events) {
    EventRow row;
    row.namespace_ = str_at(e, {"metadata", "namespace"});
    row.type = str_at(e, {"type"});
    row.reason = str_at(e, {"reason"});
    const std::string kind = str_at(e, {"involvedObject", "kind"});
    const std::string name = str_at(e, {"involvedObject", "name"});
    row.object = lower(kind) + "/" + name;
    row.message = str_at(e, {"message"});
    std::replace(row.message.begin(), row.message.end(), '\n', ' ');
    row.source = str_at(e, {"source", "component"});
    if (row.source.empty()) row.source = str_at(e, {"reportingComponent"});
    row.count = std::stoll(num_at(e, {"count"}, "1"));
    if (row.count <= 0) row.count = 1;
    row.first = first_time(e);
    row.last = last_time(e);

    if (!f.types.empty() && std::none_of(f.types.begin(), f.types.end(), [&](const std::string& t) {
          return lower(t) == lower(row.type);
        }))
      continue;
    if (!f.object_name.empty() &&
        (name != f.object_name || (!f.object_kind.empty() && lower(kind) != lower(f.object_kind))))
      continue;
    if (f.since) {
      const auto t = parse_rfc3339(row.last);
      if (!t || now - *t > *f.since) continue;
    }
    auto key = std::make_tuple(row.namespace_, row.object, row.type, row.reason, row.message);
    auto it = folded.find(key);
    if (it == folded.end()) {
      folded.emplace(std::move(key), std::move(row));
    } else {
      it->second.count += row.count;
      it->second.first = std::min(it->second.first, row.first);
      it->second.last = std::max(it->second.last, row.last);
    }
  }
  std::vector<EventRow> out;
  for (auto& [_, r] : folded) out.push_back(std::move(r));
  std::stable_sort(out.begin(), out.end(),
                   [](const EventRow& a, const EventRow& b) { return a.last < b.last; });
  return out;
}

}  // namespace kubemcp::render
