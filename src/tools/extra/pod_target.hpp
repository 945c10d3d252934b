#pragma once
// What the extra tier's tools act on: a pod named directly, or one ready pod of a workload or
// service (deployment/web, sts/db, svc/web) as kubectl picks it, and the container in it.
#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <utility>

#include "net/cancel.hpp"

namespace kubemcp::kube {
class Client;
}

namespace kubemcp::fleet {
struct ClusterConfig;
}

namespace kubemcp::tools::extra {

// "deployment/web" → {"deployment", "web"}; "web-1" → {"", "web-1"}.
std::pair<std::string, std::string> split_kind_name(std::string_view value);

struct PodTarget {
  boost::json::value pod;    // the pod object
  std::string name;          // the pod's name
  std::string via;           // "deployment/web" when resolved from a workload or service, else ""
  boost::json::value owner;  // the workload or service object it was resolved from, if any
};

// Resolves a `pod` argument: a pod name is read as is; KIND/NAME lists the pods its selector
// matches and takes the first ready one by name (an error names the pods and why none is
// ready). Throws std::invalid_argument for what the caller must fix, kube errors otherwise.
PodTarget resolve_pod(kube::Client& client, const std::string& ns, const std::string& pod_arg,
                      const net::CancelPtr& cancel);

// Throws std::invalid_argument when the cluster's `namespaces`/`kinds` lists deny reaching into
// pods of `ns` (exec, cp and port-forward act on a Pod); checked before any stream opens.
void require_pod_allowed(const fleet::ClusterConfig& cluster, std::string_view ns,
                         std::string_view pod);

// The container to use: `wanted` when the pod has it (else an error listing the containers),
// else the kubectl.kubernetes.io/default-container annotation, else the first container.
std::string pick_container(const boost::json::value& pod, const std::string& wanted);

// Ready as kubectl counts it: Running, not being deleted, condition Ready=True.
bool pod_ready(const boost::json::value& pod);

// The pod port a remote port names: a number as is, a name through the containers' ports.
// Throws std::invalid_argument when the name is not declared.
int container_port(const boost::json::value& pod, const std::string& port);

// The pod port behind a Service's port (its number or name): targetPort as a number, or a
// name looked up in the pod, or the port itself when targetPort is absent.
int service_target_port(const boost::json::value& service, const boost::json::value& pod,
                        const std::string& port);

}  // namespace kubemcp::tools::extra
