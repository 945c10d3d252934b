#pragma once
// What kube-apiserver adds to an object on create beyond field defaults: the pod admission
// plugins (ServiceAccount with its projected token volume, DefaultTolerationSeconds, Priority),
// SetDefaults_Pod (requests from limits, enableServiceLinks), probe and volume defaults, the
// computed QoS class, Service node ports, and a Job's generated selector and labels.
#include <boost/json/object.hpp>
#include <vector>

#include "sim/resources.hpp"
#include "sim/store.hpp"

namespace kubemcp::sim {

// Field defaults that apply wherever a pod spec appears (pods and templates), on every write.
void default_pod_spec_fields(boost::json::object& spec);

// Create-time defaults and admission; `store` answers which node ports are taken. May throw
// ApiError 422 (a taken node port, a Job selector that was not generated).
void default_on_create(const ResourceType& t, boost::json::object& obj, Store& store,
                       const Registry& registry);

// Pod QoS class from its containers' requests and limits (Guaranteed/Burstable/BestEffort).
std::string qos_class(const boost::json::object& pod_spec);

}  // namespace kubemcp::sim
