#include "sim/events.hpp"

#include <boost/json.hpp>

#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

void record_event(Objects& objects, const json::object& about, const std::string& type,
                  const std::string& reason, const std::string& message,
                  const std::string& component, const std::string& field_path) {
  auto events = objects.registry().find("", "v1", "events");
  const auto* md = obj_at(about, "metadata");
  if (!md) return;
  std::string uid = str_at(*md, "uid"), name = str_at(*md, "name");
  std::string ns = str_at(*md, "namespace");
  if (ns.empty()) ns = "default";
  std::string now = now_rfc3339();
  auto page = objects.store().list(
      *events, ns,
      [&](const json::object& e) {
        const auto* io = obj_at(e, "involvedObject");
        return io && str_at(*io, "uid") == uid && str_at(e, "reason") == reason &&
               str_at(e, "message") == message;
      },
      1, "");
  if (!page.items.empty()) {
    std::string ev_name = str_at(*obj_at(*page.items[0], "metadata"), "name");
    objects.mutate(*events, ns, ev_name, [&](json::object& e) {
      e["count"] = int_at(e, "count", 1) + 1;
      e["lastTimestamp"] = now;
      return true;
    });
    return;
  }
  std::string host;
  if (const auto* spec = obj_at(about, "spec"); spec && component == "kubelet")
    host = str_at(*spec, "nodeName");
  json::object io{{"kind", str_at(about, "kind")},
                  {"namespace", str_at(*md, "namespace")},
                  {"name", name},
                  {"uid", uid},
                  {"apiVersion", str_at(about, "apiVersion")},
                  {"resourceVersion", str_at(*md, "resourceVersion")}};
  if (!field_path.empty()) io["fieldPath"] = field_path;
  json::object src{{"component", component}};
  if (!host.empty()) src["host"] = host;
  json::object ev{{"metadata", json::object{{"name", name + "." + random_hex(8)}}},
                  {"involvedObject", io},
                  {"reason", reason},
                  {"message", message},
                  {"source", src},
                  {"firstTimestamp", now},
                  {"lastTimestamp", now},
                  {"count", 1},
                  {"type", type},
                  {"eventTime", nullptr},
                  {"reportingComponent", component},
                  {"reportingInstance", host}};
  try {
    objects.create(*events, ns, std::move(ev), WriteOptions{});
  } catch (const ApiError&) {
    // The namespace is being deleted: the event has nowhere to go.
  }
}

}  // namespace kubemcp::sim
