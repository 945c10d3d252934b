#pragma once
// The kind-specific describers (internal to render/).
#include <boost/json/object.hpp>
#include <string>

#include "render/describe.hpp"
#include "render/describe_writer.hpp"

namespace kubemcp::render::detail {

// Shared pieces.
std::string describe_time(const std::string& rfc3339);  // "Thu, 26 Nov 2026 06:21:00 +0000"
void write_metadata(DescribeWriter& w, const boost::json::object& o, bool namespaced);
std::string controlled_by(const boost::json::object& o);  // "ReplicaSet/web-7d4b9c"
// Containers of a pod template or pod spec (with statuses when given).
void write_containers(DescribeWriter& w, int level, const char* title,
                      const boost::json::value* containers, const boost::json::value* statuses);
void write_pod_template(DescribeWriter& w, const boost::json::value* tmpl);

std::string describe_pod(const DescribeInput&);
std::string describe_deployment(const DescribeInput&);
std::string describe_replicaset(const DescribeInput&);
std::string describe_statefulset(const DescribeInput&);
std::string describe_daemonset(const DescribeInput&);
std::string describe_job(const DescribeInput&);
std::string describe_cronjob(const DescribeInput&);
std::string describe_service(const DescribeInput&);
std::string describe_ingress(const DescribeInput&);
std::string describe_node(const DescribeInput&);
std::string describe_namespace(const DescribeInput&);
std::string describe_configmap(const DescribeInput&);
std::string describe_secret(const DescribeInput&);
std::string describe_pvc(const DescribeInput&);
std::string describe_serviceaccount(const DescribeInput&);
std::string describe_event(const DescribeInput&);

}  // namespace kubemcp::render::detail
