#pragma once
// The arguments that name what a request reaches — namespace, name, pod, container,
// resource (TYPE or TYPE/NAME, comma lists) and for (KIND/NAME) — checked against the API
// server's naming rules (kube/url.hpp) before any tool runs, so a name can never carry a
// path to another endpoint (proxy, exec, attach, portforward).
#include <boost/json/object.hpp>
#include <string>
#include <string_view>

namespace kubemcp::tools {

// The kinds a `pod` argument may name as KIND/NAME (deployment/web, sts/db, svc/web): things
// that lead to a pod. Anything else after a '/' (web/exec) is refused at the door.
bool is_pod_source_kind(std::string_view kind);

// "" when every such argument is valid, else an error naming the argument and the rule.
std::string check_target_arguments(const boost::json::object& args);

}  // namespace kubemcp::tools
