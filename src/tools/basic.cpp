// Basic tier: the read tools. Each tool is one declarative record; its handler lives in
// read_<tool>.cpp. All are read-only and take `cluster` (a name, an alias, "all" or a list).
#include <boost/json.hpp>

#include "tools/read_tools.hpp"
#include "tools/tiers.hpp"

namespace kubemcp::tools {
namespace {

constexpr Annotations kRead{
    .read_only = true, .destructive = false, .idempotent = true, .open_world = true};

// The `cluster` property shared by fan-out reads.
constexpr const char* kClusterMany =
    R"("cluster": {"type": ["string", "array"], "items": {"type": "string"},
  "description": "Cluster name or alias, \"all\", or a list of names. Default: the default cluster."})";
constexpr const char* kClusterOne = R"("cluster": {"type": "string",
  "description": "Cluster name or alias. Default: the default cluster."})";
constexpr const char* kNamespace = R"("namespace": {"type": "string",
  "description": "Namespace. Default: the cluster's default namespace."})";

std::string props(std::initializer_list<const char*> parts) {
  std::string s = R"({"type": "object", "additionalProperties": false, "properties": {)";
  bool first = true;
  for (const char* p : parts) {
    if (!first) s += ",";
    s += p;
    first = false;
  }
  return s + "}";
}

Tool record(std::string name, std::string title, std::string description,
            const std::string& schema_text, Handler handler, const char* required = nullptr) {
  boost::json::object s = schema(schema_text + "}");
  if (required) s["required"] = boost::json::parse(required);
  return Tool{.name = std::move(name),
              .title = std::move(title),
              .description = std::move(description),
              .input_schema = std::move(s),
              .output_schema = std::nullopt,
              .annotations = kRead,
              .tier = Tier::basic,
              .handler = std::move(handler)};
}

}  // namespace

std::vector<Tool> basic_tools() {
  std::vector<Tool> tools;

  Tool clusters = record(
      "k8s_clusters", "List clusters",
      "List the configured Kubernetes clusters with aliases, access (read-only or read-write), the "
      "default, "
      "and a live probe of each: reachability and latency, server version, the identity the "
      "credentials "
      "stand for, context, API server and default namespace, plus the last auto-heal. Call it "
      "first. "
      "Example: {} or {\"cluster\": \"prod\", \"probe\": false}.",
      props(
          {kClusterMany,
           R"("probe": {"type": "boolean", "description": "Contact each cluster (default true)."})"}),
      run_clusters);
  clusters.annotations.open_world = false;
  clusters.output_schema = schema(R"({"type": "object", "required": ["clusters"],
      "properties": {"clusters": {"type": "array", "items": {"type": "object"}}}})");
  tools.push_back(std::move(clusters));

  tools.push_back(record(
      "k8s_get", "Get resources",
      "Get Kubernetes resources like `kubectl get`: any type kubectl accepts (po, pods, deploy, "
      "deployments.apps, "
      "svc, a CRD's plural or kind, `all`, comma lists, `pods/NAME`). Output: table (default, the "
      "server's "
      "columns), wide, yaml, json (also as structured content) or name. Secret values are masked. "
      "Lists are "
      "paged (limit, continue) and cut to the output budget with a note on how to continue. "
      "Example: {\"resource\": \"pods\", \"namespace\": \"shop\", \"selector\": \"app=web\", "
      "\"cluster\": \"all\"}.",
      props(
          {R"("resource": {"type": "string", "minLength": 1, "description": "Resource type, e.g. pods, deploy, svc, pods/web-1."})",
           R"("name": {"type": "string", "description": "One object's name."})", kNamespace,
           R"("all_namespaces": {"type": "boolean", "description": "List across all namespaces (adds a NAMESPACE column)."})",
           R"("selector": {"type": "string", "description": "Label selector, e.g. app=web,tier!=db or env in (prod,stage)."})",
           R"("field_selector": {"type": "string", "description": "Field selector, e.g. status.phase=Running or spec.nodeName=node-1."})",
           R"("output": {"type": "string", "enum": ["table", "wide", "yaml", "json", "name"], "description": "Output format (default table)."})",
           R"("limit": {"type": "integer", "minimum": 1, "maximum": 5000, "description": "Page size (default 500)."})",
           R"("continue": {"type": "string", "description": "The continue token a previous cut result gave."})",
           kClusterMany}),
      run_get, R"(["resource"])"));

  tools.push_back(record(
      "k8s_describe", "Describe resources",
      "Describe objects like `kubectl describe`: state, conditions, containers, related details "
      "and the events "
      "about each object (Secrets show keys and sizes only). Name one object, or use a selector "
      "for several. "
      "Example: {\"resource\": \"pod\", \"name\": \"api-5d9c-x2kq\", \"namespace\": \"shop\"}.",
      props(
          {R"("resource": {"type": "string", "minLength": 1, "description": "Resource type, e.g. pod, deployment, node, or type/name."})",
           R"("name": {"type": "string", "description": "Object name."})",
           R"("selector": {"type": "string", "description": "Label selector instead of a name (at most 20 objects)."})",
           kNamespace, kClusterMany}),
      run_describe, R"(["resource"])"));

  tools.push_back(record(
      "k8s_logs", "Read logs",
      "Read container logs like `kubectl logs`: of a pod, of every pod of a workload "
      "(resource=deployment/web, "
      "job/x, statefulset/db) or of a label selector, lines prefixed [pod/container] when several. "
      "Last 100 "
      "lines by default; `grep` keeps only lines containing the text; `previous` reads the crashed "
      "instance. "
      "Example: {\"pod\": \"api-5d9c-x2kq\", \"namespace\": \"shop\", \"previous\": true, "
      "\"tail\": 50}.",
      props(
          {R"("pod": {"type": "string", "description": "Pod name."})",
           R"("resource": {"type": "string", "description": "Workload as kind/name, e.g. deployment/web."})",
           R"("selector": {"type": "string", "description": "Label selector of pods, e.g. app=web."})",
           kNamespace,
           R"("container": {"type": "string", "description": "Container (default: the pod's default container)."})",
           R"("all_containers": {"type": "boolean", "description": "Every container of each pod."})",
           R"("tail": {"type": "integer", "minimum": -1, "description": "Last N lines (default 100; -1 for all)."})",
           R"("since": {"type": "string", "description": "Only newer than a duration, e.g. 10m, 2h."})",
           R"("since_time": {"type": "string", "description": "Only after an RFC 3339 time."})",
           R"("previous": {"type": "boolean", "description": "The previous (crashed) container instance."})",
           R"("timestamps": {"type": "boolean", "description": "Prefix each line with its timestamp."})",
           R"("grep": {"type": "string", "description": "Keep only lines containing this text."})",
           R"("limit_bytes": {"type": "integer", "minimum": 1, "description": "Read at most this many bytes per container."})",
           kClusterOne}),
      run_logs));

  tools.push_back(record(
      "k8s_get_events", "Get events",
      "List events like `kubectl get events --sort-by=.lastTimestamp`: newest last, repeats folded "
      "into one row "
      "with a count, filtered by type, age or object. "
      "Example: {\"namespace\": \"shop\", \"types\": [\"Warning\"], \"since\": \"1h\"} or "
      "{\"for\": \"pod/api-5d9c-x2kq\"}.",
      props(
          {kNamespace,
           R"("all_namespaces": {"type": "boolean", "description": "Events of every namespace."})",
           R"("for": {"type": "string", "description": "Only events about this object, as kind/name."})",
           R"("types": {"type": ["string", "array"], "items": {"type": "string", "enum": ["Warning", "Normal"]}, "description": "Warning, Normal, or both."})",
           R"("since": {"type": "string", "description": "Only events last seen within a duration, e.g. 30m."})",
           R"("limit": {"type": "integer", "minimum": 1, "maximum": 1000, "description": "Newest N rows (default 100)."})",
           kClusterMany}),
      run_events));

  Tool health = record(
      "k8s_health", "Triage health",
      "One-call triage, the first thing to run when something is wrong: pods not running or not "
      "ready with the "
      "reason (CrashLoopBackOff with restarts and last exit code, ImagePullBackOff, Pending with "
      "the scheduler's "
      "message, OOMKilled), workloads short of replicas, stuck rollouts, nodes not ready "
      "(all_namespaces), and "
      "recent Warning events; ends with the next calls to make. "
      "Example: {\"namespace\": \"shop\"} or {\"all_namespaces\": true, \"cluster\": \"all\"}.",
      props(
          {R"("namespace": {"type": ["string", "array"], "items": {"type": "string"}, "description": "A namespace or a list (default: the cluster's default namespace)."})",
           R"("all_namespaces": {"type": "boolean", "description": "The whole cluster, nodes included."})",
           R"("since": {"type": "string", "description": "Window for warning events (default 1h)."})",
           kClusterMany}),
      run_health);
  tools.push_back(std::move(health));
  return tools;
}

}  // namespace kubemcp::tools
