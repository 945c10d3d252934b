#pragma once
// The endpoints and endpointslice controllers: every Service with a selector has an Endpoints
// object and an EndpointSlice (discovery.k8s.io/v1) listing the pods it selects, ready or not,
// kept up to date as pods and Services change.
namespace kubemcp::sim {

class Cluster;

void maintain_endpoints(Cluster& c);

}  // namespace kubemcp::sim
