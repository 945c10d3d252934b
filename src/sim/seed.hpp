#pragma once
// The worlds `kubemcp sim` starts with.
#include <string>

namespace kubemcp::sim {

class Cluster;

// Always: the system namespaces and the default service accounts. With demo: a small shop
// (deployments with replicasets and pods, a statefulset, a daemonset, a job, a cronjob,
// services, configmaps, secrets, an ingress, a PVC, a CRD with custom resources, events) that
// includes broken pods to find. extra_pods adds Running pods in namespace "load".
void seed_cluster(Cluster& c, bool demo, int extra_pods);

}  // namespace kubemcp::sim
