#include "sim/containers.hpp"

#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

std::string names_of(const json::object* spec, const char* list) {
  std::string out;
  if (const auto* cs = spec ? arr_at(*spec, list) : nullptr)
    for (const auto& c : *cs)
      if (c.is_object()) out += (out.empty() ? "" : " ") + str_at(c.as_object(), "name");
  return out;
}

bool has(const json::object* spec, const char* list, const std::string& name) {
  if (const auto* cs = spec ? arr_at(*spec, list) : nullptr)
    for (const auto& c : *cs)
      if (c.is_object() && str_at(c.as_object(), "name") == name) return true;
  return false;
}

}  // namespace

std::string choose_container(const json::object& pod, const std::string& requested) {
  const auto* md = obj_at(pod, "metadata");
  std::string pod_name = md ? str_at(*md, "name") : "";
  const auto* spec = obj_at(pod, "spec");
  if (!requested.empty()) {
    for (const char* list : {"containers", "initContainers", "ephemeralContainers"})
      if (has(spec, list, requested)) return requested;
    throw bad_request("container " + requested + " is not valid for pod " + pod_name);
  }
  const auto* cs = spec ? arr_at(*spec, "containers") : nullptr;
  if (cs && cs->size() == 1 && (*cs)[0].is_object()) return str_at((*cs)[0].as_object(), "name");
  std::string msg = "a container name must be specified for pod " + pod_name;
  if (!cs || cs->empty()) throw bad_request(msg);
  msg += ", choose one of: [" + names_of(spec, "containers") + "]";
  if (auto init = names_of(spec, "initContainers"); !init.empty())
    msg += " or one of the init containers: [" + init + "]";
  if (auto eph = names_of(spec, "ephemeralContainers"); !eph.empty())
    msg += " or one of the ephemeral containers: [" + eph + "]";
  throw bad_request(msg);
}

}  // namespace kubemcp::sim
