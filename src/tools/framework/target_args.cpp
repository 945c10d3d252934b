#include "tools/framework/target_args.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <iterator>
#include <string_view>

#include "kube/url.hpp"

namespace kubemcp::tools {
namespace json = boost::json;
namespace {

// A resource type as kubectl takes it: pods, deploy, deployments.apps, deployments.v1.apps.
std::string check_type(std::string_view type) {
  bool ok = !type.empty();
  for (char c : type)
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '-');
  return ok ? ""
            : "resource type '" + std::string(type) +
                  "' is not valid: letters, digits, '.' and '-' only (pods, deploy, "
                  "deployments.apps)";
}

// TYPE[,TYPE...] or TYPE/NAME (kubectl's forms): one '/' at most, and a valid name after it.
std::string check_type_and_name(std::string_view value, bool name_required) {
  const auto slash = value.find('/');
  if (slash == std::string_view::npos) {
    if (name_required) return "'" + std::string(value) + "' must be KIND/NAME, e.g. pod/web-1";
    for (std::size_t start = 0; start <= value.size();) {
      const auto comma = std::min(value.find(',', start), value.size());
      if (comma > start)
        if (auto e = check_type(value.substr(start, comma - start)); !e.empty()) return e;
      start = comma + 1;
    }
    return {};
  }
  if (value.find('/', slash + 1) != std::string_view::npos)
    return "'" + std::string(value) +
           "' has more than one '/': give TYPE/NAME with one '/', e.g. pods/web-1 (a read tool "
           "never reaches a subresource such as proxy or exec)";
  if (auto e = check_type(value.substr(0, slash)); !e.empty()) return e;
  return kube::check_name(value.substr(slash + 1));
}

// A pod name, or KIND/NAME of something that leads to pods (the extra tier resolves it).
std::string check_pod(std::string_view value) {
  const auto slash = value.find('/');
  if (slash == std::string_view::npos) return kube::check_name(value);
  if (!is_pod_source_kind(value.substr(0, slash)))
    return "'" + std::string(value) +
           "' is not a pod name nor KIND/NAME of a workload or service (deployment/web, "
           "statefulset/db, service/web)";
  return kube::check_name(value.substr(slash + 1));
}

std::string check_one(std::string_view key, std::string_view value) {
  if (value.empty()) return {};  // absent: the tool's default applies
  if (key == "namespace") return kube::check_namespace(value);
  if (key == "pod") return check_pod(value);
  if (key == "name") return kube::check_name(value);
  if (key == "container") return kube::check_label(value, "container");
  if (key == "resource") return check_type_and_name(value, false);
  if (key == "for") return check_type_and_name(value, true);
  return {};
}

}  // namespace

bool is_pod_source_kind(std::string_view kind) {
  static constexpr std::string_view kinds[] = {"pod",
                                               "pods",
                                               "po",
                                               "deployment",
                                               "deployments",
                                               "deploy",
                                               "statefulset",
                                               "statefulsets",
                                               "sts",
                                               "daemonset",
                                               "daemonsets",
                                               "ds",
                                               "replicaset",
                                               "replicasets",
                                               "rs",
                                               "job",
                                               "jobs",
                                               "service",
                                               "services",
                                               "svc",
                                               "replicationcontroller",
                                               "replicationcontrollers",
                                               "rc"};
  return std::find(std::begin(kinds), std::end(kinds), kind) != std::end(kinds);
}

std::string check_target_arguments(const json::object& args) {
  for (const char* key : {"namespace", "name", "pod", "container", "resource", "for"}) {
    const auto* v = args.if_contains(key);
    if (!v) continue;
    std::string error;
    if (v->is_string()) error = check_one(key, v->get_string());
    if (v->is_array())
      for (const auto& item : v->get_array())
        if (error.empty() && item.is_string()) error = check_one(key, item.get_string());
    if (!error.empty()) return "`" + std::string(key) + "`: " + error;
  }
  return {};
}

}  // namespace kubemcp::tools
