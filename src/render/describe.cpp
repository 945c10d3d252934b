// The describer registry, the parts every description shares (metadata, events) and the
// generic form for kinds without a describer of their own.
#include "render/describe.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "render/age.hpp"
#include "render/describe_kinds.hpp"
#include "render/describe_writer.hpp"
#include "render/text_table.hpp"
#include "render/yaml.hpp"

namespace kubemcp::render {
namespace json = boost::json;
using detail::DescribeWriter;
using detail::str_at;

namespace {

const std::map<std::string, Describer>& registry() {
  static const std::map<std::string, Describer> r = {
      {"Pod", detail::describe_pod},
      {"Deployment", detail::describe_deployment},
      {"ReplicaSet", detail::describe_replicaset},
      {"StatefulSet", detail::describe_statefulset},
      {"DaemonSet", detail::describe_daemonset},
      {"Job", detail::describe_job},
      {"CronJob", detail::describe_cronjob},
      {"Service", detail::describe_service},
      {"Ingress", detail::describe_ingress},
      {"Node", detail::describe_node},
      {"Namespace", detail::describe_namespace},
      {"ConfigMap", detail::describe_configmap},
      {"Secret", detail::describe_secret},
      {"PersistentVolumeClaim", detail::describe_pvc},
      {"ServiceAccount", detail::describe_serviceaccount},
      {"Event", detail::describe_event},
  };
  return r;
}

// An event's last time: lastTimestamp, else eventTime, else firstTimestamp, else creation.
std::string event_time(const json::value& e) {
  for (auto path : {std::initializer_list<const char*>{"lastTimestamp"},
                    {"eventTime"},
                    {"series", "lastObservedTime"},
                    {"firstTimestamp"},
                    {"metadata", "creationTimestamp"}}) {
    const std::string t = str_at(e, path);
    if (!t.empty()) return t;
  }
  return {};
}

}  // namespace

namespace detail {

std::string describe_time(const std::string& rfc3339) {
  const auto t = parse_rfc3339(rfc3339);
  if (!t) return rfc3339;
  const std::time_t tt = std::chrono::system_clock::to_time_t(*t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

void write_metadata(DescribeWriter& w, const json::object& o, bool namespaced) {
  const json::value v = o;
  w.field(0, "Name", str_at(v, {"metadata", "name"}));
  if (namespaced) w.field(0, "Namespace", str_at(v, {"metadata", "namespace"}));
  w.map_field(0, "Labels", detail::at_path(v, {"metadata", "labels"}));
  w.map_field(0, "Annotations", detail::at_path(v, {"metadata", "annotations"}));
}

std::string controlled_by(const json::object& o) {
  const json::value v = o;
  const auto* refs = detail::at_path(v, {"metadata", "ownerReferences"});
  if (!refs || !refs->is_array()) return {};
  for (const auto& r : refs->get_array())
    if (str_at(r, {"controller"}) == "true") return str_at(r, {"kind"}) + "/" + str_at(r, {"name"});
  return {};
}

}  // namespace detail

std::string describe_events(const json::array& events, std::chrono::system_clock::time_point now) {
  if (events.empty()) return "Events:  <none>\n";
  std::vector<const json::value*> sorted;
  for (const auto& e : events) sorted.push_back(&e);
  std::stable_sort(sorted.begin(), sorted.end(), [](const json::value* a, const json::value* b) {
    return event_time(*a) < event_time(*b);
  });
  TextTable t({"Type", "Reason", "Age", "From", "Message"}, 2);
  t.add_row({"----", "------", "----", "----", "-------"});
  for (const auto* e : sorted) {
    std::string age = age_of(event_time(*e), now);
    const std::string count = detail::num_at(*e, {"count"}, "1");
    const std::string first = str_at(*e, {"firstTimestamp"});
    if (count != "1" && count != "0" && !first.empty())
      age += " (x" + count + " over " + age_of(first, now) + ")";
    std::string from = str_at(*e, {"source", "component"});
    if (from.empty()) from = str_at(*e, {"reportingComponent"});
    std::string message = str_at(*e, {"message"});
    std::replace(message.begin(), message.end(), '\n', ' ');
    t.add_row({str_at(*e, {"type"}), str_at(*e, {"reason"}), age, from, message});
  }
  std::string out = "Events:\n";
  const std::string body = t.str();
  std::size_t pos = 0;
  while (pos < body.size()) {
    const std::size_t end = body.find('\n', pos);
    out += "  " + body.substr(pos, end - pos) + "\n";
    pos = end + 1;
  }
  return out;
}

bool has_describer(const std::string& kind) {
  return registry().count(kind) > 0;
}

std::string describe(const DescribeInput& in) {
  const std::string kind = str_at(json::value(in.object), {"kind"});
  if (const auto it = registry().find(kind); it != registry().end()) return it->second(in);
  // Generic: metadata, then every other top-level field as indented YAML.
  DescribeWriter w;
  const json::value v = in.object;
  const bool namespaced = !str_at(v, {"metadata", "namespace"}).empty();
  detail::write_metadata(w, in.object, namespaced);
  w.field(0, "API Version", str_at(v, {"apiVersion"}));
  w.field(0, "Kind", kind);
  std::string out = w.str();
  json::object meta_rest;
  if (const auto* md = in.object.if_contains("metadata"); md && md->is_object())
    for (const auto& kv : md->get_object())
      if (kv.key() != "name" && kv.key() != "namespace" && kv.key() != "labels" &&
          kv.key() != "annotations")
        meta_rest.emplace(kv.key(), kv.value());
  const auto section = [&](const std::string& title, const json::value& body) {
    out += title + ":\n";
    const std::string y = to_yaml(body);
    std::size_t pos = 0;
    while (pos < y.size()) {
      const std::size_t end = y.find('\n', pos);
      out += "  " + y.substr(pos, end - pos) + "\n";
      pos = end + 1;
    }
  };
  if (!meta_rest.empty()) section("Metadata", meta_rest);
  for (const auto& kv : in.object) {
    if (kv.key() == "apiVersion" || kv.key() == "kind" || kv.key() == "metadata") continue;
    std::string title(kv.key());
    if (!title.empty())
      title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
    if (kv.value().is_object() || kv.value().is_array())
      section(title, kv.value());
    else
      out += title + ":  " +
             (kv.value().is_string() ? std::string(kv.value().get_string())
                                     : json::serialize(kv.value())) +
             "\n";
  }
  return out + describe_events(in.events, in.now);
}

}  // namespace kubemcp::render
