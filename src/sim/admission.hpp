#pragma once
// Admission the simulated API server runs on creates, after decoding and before storing, as
// kube-apiserver's built-in plugins do: NamespaceLifecycle, LimitRanger (container defaults),
// ServiceAccount (a pod names an existing one), ResourceQuota (quota.hpp). The namespace bootstrap
// kube-controller-manager does for new namespaces lives here too.
#include <boost/json/object.hpp>
#include <string>

#include "sim/resources.hpp"

namespace kubemcp::sim {

class Cluster;

// Runs the plugins in kube-apiserver's order: the mutating ones change `body` (LimitRanger
// defaults), the validating ones throw ApiError 403 Forbidden worded as the plugin words it.
void admit_create(Cluster& c, const ResourceType& t, const std::string& ns,
                  boost::json::object& body);

// NamespaceLifecycle: 403 Forbidden (cause NamespaceTerminating) for a create of `obj` into
// the namespace `ns_obj` while it is Terminating. Objects::create runs it for every create.
void check_namespace_active(const ResourceType& t, const boost::json::object* ns_obj,
                            const boost::json::object& obj);

// Every namespace created from now on gets the `default` ServiceAccount (serviceaccount
// controller) and the `kube-root-ca.crt` ConfigMap (root-ca-cert-publisher) at once.
void bootstrap_new_namespaces(Cluster& c);

}  // namespace kubemcp::sim
