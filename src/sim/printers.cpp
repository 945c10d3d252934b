#include "sim/printers.hpp"

#include <boost/json.hpp>
#include <map>

#include "sim/selectors.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

struct Col {
  const char* name;
  const char* type;
  int priority;
  const char* description;
};

json::object col(const Col& c) {
  return json::object{{"name", c.name},
                      {"type", c.type},
                      {"format", std::string(c.name) == "Name" ? "name" : ""},
                      {"description", c.description},
                      {"priority", c.priority}};
}

const json::object kEmpty;

const json::object& o(const json::object& x, std::string_view k) {
  auto* p = obj_at(x, k);
  return p ? *p : kEmpty;
}

std::string none_if_empty(const std::string& s) {
  return s.empty() ? "<none>" : s;
}

int64_t age_of(const json::object& obj, int64_t now) {
  int64_t t = parse_rfc3339(str_at(o(obj, "metadata"), "creationTimestamp"));
  return t < 0 ? -1 : now - t;
}

std::string age(const json::object& obj, int64_t now) {
  int64_t a = age_of(obj, now);
  return a < 0 ? "<unknown>" : human_duration(a);
}

std::string since(const std::string& ts, int64_t now) {
  int64_t t = parse_rfc3339(ts);
  return t < 0 ? "<unknown>" : human_duration(now - t);
}

// Names and images of a pod template's containers, comma-joined.
std::pair<std::string, std::string> containers_images(const json::object& pod_spec) {
  std::string names, images;
  if (const auto* cs = arr_at(pod_spec, "containers"))
    for (const auto& c : *cs) {
      if (!c.is_object()) continue;
      names += (names.empty() ? "" : ",") + str_at(c.as_object(), "name");
      images += (images.empty() ? "" : ",") + str_at(c.as_object(), "image");
    }
  return {names, images};
}

const json::object& template_spec(const json::object& obj) {
  return o(o(o(obj, "spec"), "template"), "spec");
}

std::string selector_text(const json::object& spec) {
  const auto* s = obj_at(spec, "selector");
  if (!s) return "<none>";
  std::string t = LabelSelector::from_json(*s).to_string();
  return t.empty() ? "<none>" : t;
}

std::string map_text(const json::object* m) {
  if (!m || m->empty()) return "<none>";
  std::string out;
  for (const auto& [k, v] : *m)
    out += (out.empty() ? "" : ",") + std::string(k) + "=" +
           (v.is_string() ? std::string(v.as_string()) : json::serialize(v));
  return out;
}

json::array pod_cells(const json::object& pod, int64_t now) {
  const auto& spec = o(pod, "spec");
  const auto& status = o(pod, "status");
  int64_t restarts = 0, ready = 0, last_restart = -1;
  int64_t total = arr_at(spec, "containers") ? arr_at(spec, "containers")->size() : 0;
  std::string reason = str_at(status, "phase");
  if (!str_at(status, "reason").empty()) reason = str_at(status, "reason");
  bool initializing = false;
  if (const auto* ics = arr_at(status, "initContainerStatuses")) {
    int64_t n_init = arr_at(spec, "initContainers") ? arr_at(spec, "initContainers")->size() : 0;
    for (size_t i = 0; i < ics->size(); ++i) {
      if (!(*ics)[i].is_object()) continue;
      const auto& cs = (*ics)[i].as_object();
      restarts += int_at(cs, "restartCount");
      const auto& st = o(cs, "state");
      const auto* term = obj_at(st, "terminated");
      const auto* wait = obj_at(st, "waiting");
      if (term && int_at(*term, "exitCode") == 0) continue;
      if (term) {
        reason = str_at(*term, "reason").empty()
                     ? "Init:ExitCode:" + std::to_string(int_at(*term, "exitCode"))
                     : "Init:" + str_at(*term, "reason");
      } else if (wait && !str_at(*wait, "reason").empty() &&
                 str_at(*wait, "reason") != "PodInitializing") {
        reason = "Init:" + str_at(*wait, "reason");
      } else {
        reason = "Init:" + std::to_string(i) + "/" + std::to_string(n_init);
      }
      initializing = true;
      break;
    }
  }
  if (!initializing) {
    restarts = 0;
    bool has_running = false;
    if (const auto* css = arr_at(status, "containerStatuses")) {
      for (auto it = css->rbegin(); it != css->rend(); ++it) {
        if (!it->is_object()) continue;
        const auto& cs = it->as_object();
        restarts += int_at(cs, "restartCount");
        if (const auto* lt = obj_at(o(cs, "lastState"), "terminated")) {
          int64_t f = parse_rfc3339(str_at(*lt, "finishedAt"));
          if (f > last_restart) last_restart = f;
        }
        const auto& st = o(cs, "state");
        const auto* term = obj_at(st, "terminated");
        const auto* wait = obj_at(st, "waiting");
        if (wait && !str_at(*wait, "reason").empty()) {
          reason = str_at(*wait, "reason");
        } else if (term && !str_at(*term, "reason").empty()) {
          reason = str_at(*term, "reason");
        } else if (term) {
          reason = "ExitCode:" + std::to_string(int_at(*term, "exitCode"));
        } else if (obj_at(st, "running")) {
          if (const auto* r = cs.if_contains("ready"); r && r->is_bool() && r->as_bool()) {
            has_running = true;
            ++ready;
          } else {
            has_running = true;
          }
        }
      }
    }
    if (reason == "Completed" && has_running) {
      bool pod_ready = false;
      if (const auto* conds = arr_at(status, "conditions"))
        for (const auto& c : *conds)
          if (c.is_object() && str_at(c.as_object(), "type") == "Ready" &&
              str_at(c.as_object(), "status") == "True")
            pod_ready = true;
      reason = pod_ready ? "Running" : "NotReady";
    }
  }
  if (!str_at(o(pod, "metadata"), "deletionTimestamp").empty())
    reason = str_at(status, "reason") == "NodeLost" ? "Unknown" : "Terminating";
  std::string restarts_text = std::to_string(restarts);
  if (last_restart >= 0) restarts_text += " (" + human_duration(now - last_restart) + " ago)";
  std::string gates = "<none>";
  if (const auto* rg = arr_at(spec, "readinessGates"); rg && !rg->empty()) {
    int64_t ok = 0;
    for (const auto& g : *rg) {
      std::string ct = g.is_object() ? str_at(g.as_object(), "conditionType") : "";
      if (const auto* conds = arr_at(status, "conditions"))
        for (const auto& c : *conds)
          if (c.is_object() && str_at(c.as_object(), "type") == ct &&
              str_at(c.as_object(), "status") == "True")
            ++ok;
    }
    gates = std::to_string(ok) + "/" + std::to_string(rg->size());
  }
  return json::array{str_at(o(pod, "metadata"), "name"),
                     std::to_string(ready) + "/" + std::to_string(total),
                     reason,
                     restarts_text,
                     age(pod, now),
                     none_if_empty(str_at(status, "podIP")),
                     none_if_empty(str_at(spec, "nodeName")),
                     none_if_empty(str_at(status, "nominatedNodeName")),
                     gates};
}

std::string service_ports(const json::object& spec) {
  std::string out;
  if (const auto* ports = arr_at(spec, "ports"))
    for (const auto& p : *ports) {
      if (!p.is_object()) continue;
      const auto& po = p.as_object();
      std::string s = std::to_string(int_at(po, "port"));
      if (int_at(po, "nodePort") > 0) s += ":" + std::to_string(int_at(po, "nodePort"));
      std::string proto = str_at(po, "protocol");
      s += "/" + (proto.empty() ? std::string("TCP") : proto);
      out += (out.empty() ? "" : ",") + s;
    }
  return out.empty() ? "<none>" : out;
}

std::string service_external_ip(const json::object& svc) {
  const auto& spec = o(svc, "spec");
  std::string type = str_at(spec, "type");
  std::string ext;
  if (const auto* ips = arr_at(spec, "externalIPs"))
    for (const auto& ip : *ips)
      if (ip.is_string()) ext += (ext.empty() ? "" : ",") + std::string(ip.as_string());
  if (type == "LoadBalancer") {
    if (const auto* ing = arr_at(o(o(svc, "status"), "loadBalancer"), "ingress"))
      for (const auto& i : *ing)
        if (i.is_object()) {
          std::string a = str_at(i.as_object(), "ip");
          if (a.empty()) a = str_at(i.as_object(), "hostname");
          ext += (ext.empty() ? "" : ",") + a;
        }
    return ext.empty() ? "<pending>" : ext;
  }
  if (type == "ExternalName") return str_at(spec, "externalName");
  return ext.empty() ? "<none>" : ext;
}

std::string node_status(const json::object& node) {
  std::string s = "Unknown";
  if (const auto* conds = arr_at(o(node, "status"), "conditions"))
    for (const auto& c : *conds)
      if (c.is_object() && str_at(c.as_object(), "type") == "Ready")
        s = str_at(c.as_object(), "status") == "True" ? "Ready" : "NotReady";
  if (const auto* u = o(node, "spec").if_contains("unschedulable");
      u && u->is_bool() && u->as_bool())
    s += ",SchedulingDisabled";
  return s;
}

std::string node_roles(const json::object& node) {
  std::string roles;
  if (const auto* labels = obj_at(o(node, "metadata"), "labels"))
    for (const auto& [k, v] : *labels) {
      std::string_view key = k;
      if (key.starts_with("node-role.kubernetes.io/"))
        roles += (roles.empty() ? "" : ",") + std::string(key.substr(24));
      else if (key == "kubernetes.io/role" && v.is_string())
        roles += (roles.empty() ? "" : ",") + std::string(v.as_string());
    }
  return roles.empty() ? "<none>" : roles;
}

std::string node_address(const json::object& node, const char* type) {
  if (const auto* addrs = arr_at(o(node, "status"), "addresses"))
    for (const auto& a : *addrs)
      if (a.is_object() && str_at(a.as_object(), "type") == type)
        return str_at(a.as_object(), "address");
  return "<none>";
}

std::string access_modes(const json::object& pvc) {
  std::string out;
  const auto* modes = arr_at(o(pvc, "status"), "accessModes");
  if (!modes) modes = arr_at(o(pvc, "spec"), "accessModes");
  if (modes)
    for (const auto& m : *modes) {
      if (!m.is_string()) continue;
      std::string s(m.as_string());
      std::string a = s == "ReadWriteOnce"      ? "RWO"
                      : s == "ReadOnlyMany"     ? "ROX"
                      : s == "ReadWriteMany"    ? "RWX"
                      : s == "ReadWriteOncePod" ? "RWOP"
                                                : s;
      out += (out.empty() ? "" : ",") + a;
    }
  return out;
}

// The precedence of printJob in pkg/printers/internalversion.
std::string job_status(const json::object& job) {
  auto has = [&](const char* type) {
    if (const auto* conds = arr_at(o(job, "status"), "conditions"))
      for (const auto& c : *conds)
        if (c.is_object() && str_at(c.as_object(), "type") == type &&
            str_at(c.as_object(), "status") == "True")
          return true;
    return false;
  };
  if (has("Complete")) return "Complete";
  if (has("Failed")) return "Failed";
  if (!str_at(o(job, "metadata"), "deletionTimestamp").empty()) return "Terminating";
  if (has("Suspended")) return "Suspended";
  if (has("FailureTarget")) return "FailureTarget";
  if (has("SuccessCriteriaMet")) return "SuccessCriteriaMet";
  return "Running";
}

// A CRD printer column's JSONPath, the simple dotted form ".spec.size" used in practice.
json::value jsonpath_value(const json::object& obj, std::string path) {
  if (path.starts_with("{") && path.ends_with("}")) path = path.substr(1, path.size() - 2);
  if (path.starts_with(".")) path = path.substr(1);
  const json::value* v = path_at(obj, path);
  return v ? *v : json::value(nullptr);
}

}  // namespace

json::array column_definitions(const ResourceType& t) {
  std::vector<Col> cols;
  const char* name_d = "Name must be unique within a namespace.";
  const char* age_d =
      "CreationTimestamp is a timestamp representing the server time when this "
      "object was created.";
  const std::string& k = t.kind;
  if (t.custom) {
    json::array out{col({"Name", "string", 0, name_d})};
    if (t.printer_columns.empty()) {
      out.push_back(col({"Age", "date", 0, age_d}));
    } else {
      for (const auto& pc : t.printer_columns)
        out.push_back(json::object{{"name", pc.name},
                                   {"type", pc.type},
                                   {"format", ""},
                                   {"description", pc.description},
                                   {"priority", pc.priority}});
    }
    return out;
  }
  if (k == "Pod") {
    cols = {
        {"Name", "string", 0, name_d},
        {"Ready", "string", 0, "The aggregate readiness state of this pod for accepting traffic."},
        {"Status", "string", 0, "The aggregate status of the containers in this pod."},
        {"Restarts", "string", 0,
         "The number of times the containers in this pod have been restarted and when the last "
         "container in this pod has restarted."},
        {"Age", "string", 0, age_d},
        {"IP", "string", 1,
         "IP address allocated to the pod. Routable at least within the cluster."},
        {"Node", "string", 1, "NodeName is a request to schedule this pod onto a specific node."},
        {"Nominated Node", "string", 1,
         "nominatedNodeName is set only when this pod preempts other pods on the node."},
        {"Readiness Gates", "string", 1,
         "If specified, all readiness gates will be evaluated for pod readiness."}};
  } else if (k == "Deployment") {
    cols = {{"Name", "string", 0, name_d},
            {"Ready", "string", 0, "Number of the pod with ready state"},
            {"Up-to-date", "string", 0,
             "Total number of non-terminated pods targeted by this deployment that have the "
             "desired template spec."},
            {"Available", "string", 0,
             "Total number of available pods (ready for at least minReadySeconds) targeted by this "
             "deployment."},
            {"Age", "string", 0, age_d},
            {"Containers", "string", 1, "Names of each container in the template."},
            {"Images", "string", 1, "Images referenced by each container in the template."},
            {"Selector", "string", 1, "Label selector for pods."}};
  } else if (k == "ReplicaSet") {
    cols = {{"Name", "string", 0, name_d},
            {"Desired", "integer", 0, "Replicas is the number of desired replicas."},
            {"Current", "integer", 0, "Replicas is the most recently observed number of replicas."},
            {"Ready", "integer", 0, "The number of ready replicas for this replica set."},
            {"Age", "string", 0, age_d},
            {"Containers", "string", 1, "Names of each container in the template."},
            {"Images", "string", 1, "Images referenced by each container in the template."},
            {"Selector", "string", 1, "Label selector for pods."}};
  } else if (k == "StatefulSet") {
    cols = {{"Name", "string", 0, name_d},
            {"Ready", "string", 0, "Number of the pod with ready state"},
            {"Age", "string", 0, age_d},
            {"Containers", "string", 1, "Names of each container in the template."},
            {"Images", "string", 1, "Images referenced by each container in the template."}};
  } else if (k == "DaemonSet") {
    cols = {
        {"Name", "string", 0, name_d},
        {"Desired", "integer", 0,
         "The total number of nodes that should be running the daemon pod."},
        {"Current", "integer", 0, "The number of nodes that are running at least 1 daemon pod."},
        {"Ready", "integer", 0,
         "The number of nodes that should be running the daemon pod and have one or more of the "
         "daemon pod running and ready."},
        {"Up-to-date", "integer", 0,
         "The total number of nodes that are running updated daemon pod"},
        {"Available", "integer", 0,
         "The number of nodes that should be running the daemon pod and have one or more of the "
         "daemon pod running and available."},
        {"Node Selector", "string", 0,
         "NodeSelector is a selector which must be true for the pod to fit on a node."},
        {"Age", "string", 0, age_d},
        {"Containers", "string", 1, "Names of each container in the template."},
        {"Images", "string", 1, "Images referenced by each container in the template."},
        {"Selector", "string", 1, "Label selector for pods."}};
  } else if (k == "Job") {
    cols = {{"Name", "string", 0, name_d},
            {"Status", "string", 0, "Status of the job."},
            {"Completions", "string", 0,
             "The desired number of successfully finished pods the job should be run with."},
            {"Duration", "string", 0, "Time required to complete the job."},
            {"Age", "string", 0, age_d},
            {"Containers", "string", 1, "Names of each container in the template."},
            {"Images", "string", 1, "Images referenced by each container in the template."},
            {"Selector", "string", 1, "Label selector for pods."}};
  } else if (k == "CronJob") {
    cols = {{"Name", "string", 0, name_d},
            {"Schedule", "string", 0, "The schedule in Cron format."},
            {"Timezone", "string", 0, "The time zone of the schedule."},
            {"Suspend", "boolean", 0,
             "This flag tells the controller to suspend subsequent executions."},
            {"Active", "integer", 0, "A list of pointers to currently running jobs."},
            {"Last Schedule", "string", 0,
             "Information when was the last time the job was successfully scheduled."},
            {"Age", "string", 0, age_d},
            {"Containers", "string", 1, "Names of each container in the template."},
            {"Images", "string", 1, "Images referenced by each container in the template."},
            {"Selector", "string", 1, "Label selector for pods."}};
  } else if (k == "Service") {
    cols = {{"Name", "string", 0, name_d},
            {"Type", "string", 0, "type determines how the Service is exposed."},
            {"Cluster-IP", "string", 0, "clusterIP is the IP address of the service."},
            {"External-IP", "string", 0,
             "externalIPs is a list of IP addresses for which nodes in the cluster will also "
             "accept traffic for this service."},
            {"Port(s)", "string", 0, "The list of ports that are exposed by this service."},
            {"Age", "string", 0, age_d},
            {"Selector", "string", 1,
             "Route service traffic to pods with label keys and values matching this selector."}};
  } else if (k == "Node") {
    cols = {
        {"Name", "string", 0, name_d},
        {"Status", "string", 0, "The status of the node"},
        {"Roles", "string", 0, "The roles of the node"},
        {"Age", "string", 0, age_d},
        {"Version", "string", 0, "Kubelet Version reported by the node."},
        {"Internal-IP", "string", 1,
         "List of addresses reachable to the node. Queried from cloud provider, if available."},
        {"External-IP", "string", 1,
         "List of addresses reachable to the node. Queried from cloud provider, if available."},
        {"OS-Image", "string", 1,
         "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."},
        {"Kernel-Version", "string", 1,
         "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."},
        {"Container-Runtime", "string", 1,
         "ContainerRuntime Version reported by the node through runtime remote API (e.g. "
         "containerd://1.4.2)."}};
  } else if (k == "Namespace") {
    cols = {{"Name", "string", 0, name_d},
            {"Status", "string", 0, "The status of the namespace"},
            {"Age", "string", 0, age_d}};
  } else if (k == "Event") {
    cols = {
        {"Last Seen", "string", 0, "The last time this event was seen."},
        {"Type", "string", 0,
         "Type of this event (Normal, Warning), new types could be added in the future."},
        {"Reason", "string", 0,
         "This should be a short, machine understandable string that gives the reason for this "
         "event being generated."},
        {"Object", "string", 0, "The object that this event is about."},
        {"Subobject", "string", 1, "The field of the object that this event is about."},
        {"Source", "string", 1, "The component reporting this event."},
        {"Message", "string", 0, "A human-readable description of the status of this operation."},
        {"First Seen", "string", 1, "The first time this event was seen."},
        {"Count", "string", 1, "The number of times this event has occurred."},
        {"Name", "string", 1, name_d}};
  } else if (k == "ConfigMap") {
    cols = {{"Name", "string", 0, name_d},
            {"Data", "string", 0, "Data contains the configuration data."},
            {"Age", "string", 0, age_d}};
  } else if (k == "Secret") {
    cols = {{"Name", "string", 0, name_d},
            {"Type", "string", 0, "The type of the secret"},
            {"Data", "string", 0, "The number of entries in the secret"},
            {"Age", "string", 0, age_d}};
  } else if (k == "Ingress") {
    cols = {{"Name", "string", 0, name_d},
            {"Class", "string", 0,
             "The name of the IngressClass resource that should be used for ingress."},
            {"Hosts", "string", 0,
             "Hosts that incoming requests are matched against before the ingress rule"},
            {"Address", "string", 0,
             "Address is a list containing ingress points for the load-balancer"},
            {"Ports", "string", 0, "Ports of TLS configurations that open"},
            {"Age", "string", 0, age_d}};
  } else if (k == "PersistentVolumeClaim") {
    cols = {{"Name", "string", 0, name_d},
            {"Status", "string", 0, "Phase represents the current phase of PersistentVolumeClaim."},
            {"Volume", "string", 0,
             "VolumeName is the binding reference to the PersistentVolume backing this claim."},
            {"Capacity", "string", 0,
             "capacity represents the actual resources of the underlying volume."},
            {"Access Modes", "string", 0,
             "AccessModes contains the desired access modes the volume should have."},
            {"StorageClass", "string", 0,
             "StorageClassName is the name of the StorageClass required by the claim."},
            {"VolumeAttributesClass", "string", 0,
             "VolumeAttributesClassName may be used to set the VolumeAttributesClass used by this "
             "claim."},
            {"Age", "string", 0, age_d},
            {"VolumeMode", "string", 1,
             "volumeMode defines what type of volume is required by the claim."}};
  } else if (k == "ServiceAccount") {
    cols = {{"Name", "string", 0, name_d},
            {"Secrets", "string", 0,
             "Secrets is a list of the secrets in the same namespace that pods running using this "
             "ServiceAccount are allowed to use."},
            {"Age", "string", 0, age_d}};
  } else if (k == "CustomResourceDefinition") {
    cols = {{"Name", "string", 0, name_d}, {"Created At", "date", 0, age_d}};
  } else {
    cols = {{"Name", "string", 0, name_d}, {"Age", "string", 0, age_d}};
  }
  json::array out;
  for (const auto& c : cols) out.push_back(col(c));
  return out;
}

json::array row_cells(const ResourceType& t, const json::object& obj, int64_t now) {
  const auto& md = o(obj, "metadata");
  const auto& spec = o(obj, "spec");
  const auto& status = o(obj, "status");
  std::string name = str_at(md, "name");
  const std::string& k = t.kind;
  if (t.custom) {
    json::array cells{name};
    if (t.printer_columns.empty()) {
      cells.push_back(json::string(age(obj, now)));
    } else {
      for (const auto& pc : t.printer_columns) {
        json::value v = jsonpath_value(obj, pc.json_path);
        if (pc.type == "date" && v.is_string()) v = since(std::string(v.as_string()), now);
        cells.push_back(v);
      }
    }
    return cells;
  }
  if (k == "Pod") return pod_cells(obj, now);
  auto [cnames, images] = containers_images(template_spec(obj));
  if (k == "Deployment") {
    return {name,
            std::to_string(int_at(status, "readyReplicas")) + "/" +
                std::to_string(int_at(spec, "replicas", 1)),
            int_at(status, "updatedReplicas"),
            int_at(status, "availableReplicas"),
            age(obj, now),
            cnames,
            images,
            selector_text(spec)};
  }
  if (k == "ReplicaSet") {
    return {name,
            int_at(spec, "replicas", 1),
            int_at(status, "replicas"),
            int_at(status, "readyReplicas"),
            age(obj, now),
            cnames,
            images,
            selector_text(spec)};
  }
  if (k == "StatefulSet") {
    return {name,
            std::to_string(int_at(status, "readyReplicas")) + "/" +
                std::to_string(int_at(spec, "replicas", 1)),
            age(obj, now), cnames, images};
  }
  if (k == "DaemonSet") {
    return {name,
            int_at(status, "desiredNumberScheduled"),
            int_at(status, "currentNumberScheduled"),
            int_at(status, "numberReady"),
            int_at(status, "updatedNumberScheduled"),
            int_at(status, "numberAvailable"),
            map_text(obj_at(template_spec(obj), "nodeSelector")),
            age(obj, now),
            cnames,
            images,
            selector_text(spec)};
  }
  if (k == "Job") {
    std::string completions;
    if (spec.contains("completions")) {
      completions = std::to_string(int_at(status, "succeeded")) + "/" +
                    std::to_string(int_at(spec, "completions"));
    } else {
      int64_t par = int_at(spec, "parallelism", 1);
      completions =
          par > 1 ? std::to_string(int_at(status, "succeeded")) + "/1 of " + std::to_string(par)
                  : std::to_string(int_at(status, "succeeded")) + "/1";
    }
    std::string duration;
    int64_t start = parse_rfc3339(str_at(status, "startTime"));
    int64_t end = parse_rfc3339(str_at(status, "completionTime"));
    if (start >= 0) duration = human_duration((end >= 0 ? end : now) - start);
    return {name,          job_status(obj), completions, duration,
            age(obj, now), cnames,          images,      selector_text(spec)};
  }
  if (k == "CronJob") {
    const auto& jt = o(o(o(o(spec, "jobTemplate"), "spec"), "template"), "spec");
    auto [jn, ji] = containers_images(jt);
    bool suspend = false;
    if (const auto* s = spec.if_contains("suspend"); s && s->is_bool()) suspend = s->as_bool();
    std::string last = str_at(status, "lastScheduleTime");
    int64_t active = arr_at(status, "active") ? arr_at(status, "active")->size() : 0;
    return {name,
            str_at(spec, "schedule"),
            none_if_empty(str_at(spec, "timeZone")),
            suspend ? "True" : "False",
            active,
            last.empty() ? "<none>" : since(last, now),
            age(obj, now),
            jn,
            ji,
            selector_text(o(o(spec, "jobTemplate"), "spec"))};
  }
  if (k == "Service") {
    std::string type = str_at(spec, "type");
    const auto* sel = obj_at(spec, "selector");
    return {name,
            type.empty() ? "ClusterIP" : type,
            none_if_empty(str_at(spec, "clusterIP")),
            service_external_ip(obj),
            service_ports(spec),
            age(obj, now),
            map_text(sel)};
  }
  if (k == "Node") {
    const auto& info = o(status, "nodeInfo");
    return {name,
            node_status(obj),
            node_roles(obj),
            age(obj, now),
            str_at(info, "kubeletVersion"),
            node_address(obj, "InternalIP"),
            node_address(obj, "ExternalIP"),
            str_at(info, "osImage"),
            str_at(info, "kernelVersion"),
            str_at(info, "containerRuntimeVersion")};
  }
  if (k == "Namespace") return {name, str_at(status, "phase"), age(obj, now)};
  if (k == "Event") {
    const auto& io = o(obj, "involvedObject");
    std::string kind = str_at(io, "kind");
    for (auto& c : kind) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string last = str_at(obj, "lastTimestamp");
    if (last.empty()) last = str_at(obj, "eventTime");
    std::string first = str_at(obj, "firstTimestamp");
    if (first.empty()) first = str_at(obj, "eventTime");
    const auto& src = o(obj, "source");
    std::string source = str_at(src, "component");
    if (!str_at(src, "host").empty()) source += ", " + str_at(src, "host");
    int64_t count = int_at(obj, "count", 1);
    return {last.empty() ? "<unknown>" : since(last, now),
            str_at(obj, "type"),
            str_at(obj, "reason"),
            kind + "/" + str_at(io, "name"),
            str_at(io, "fieldPath"),
            source,
            str_at(obj, "message"),
            first.empty() ? "<unknown>" : since(first, now),
            std::to_string(count),
            name};
  }
  if (k == "ConfigMap") {
    int64_t n = (obj_at(obj, "data") ? obj_at(obj, "data")->size() : 0) +
                (obj_at(obj, "binaryData") ? obj_at(obj, "binaryData")->size() : 0);
    return {name, n, age(obj, now)};
  }
  if (k == "Secret") {
    int64_t n = obj_at(obj, "data") ? obj_at(obj, "data")->size() : 0;
    std::string type = str_at(obj, "type");
    return {name, type.empty() ? "Opaque" : type, n, age(obj, now)};
  }
  if (k == "Ingress") {
    std::string hosts, addrs;
    if (const auto* rules = arr_at(spec, "rules"))
      for (const auto& r : *rules)
        if (r.is_object() && !str_at(r.as_object(), "host").empty())
          hosts += (hosts.empty() ? "" : ",") + str_at(r.as_object(), "host");
    if (const auto* ing = arr_at(o(status, "loadBalancer"), "ingress"))
      for (const auto& i : *ing)
        if (i.is_object()) {
          std::string a = str_at(i.as_object(), "ip");
          if (a.empty()) a = str_at(i.as_object(), "hostname");
          addrs += (addrs.empty() ? "" : ",") + a;
        }
    bool tls = arr_at(spec, "tls") && !arr_at(spec, "tls")->empty();
    return {name,
            none_if_empty(str_at(spec, "ingressClassName")),
            hosts.empty() ? "*" : hosts,
            addrs,
            tls ? "80, 443" : "80",
            age(obj, now)};
  }
  if (k == "PersistentVolumeClaim") {
    std::string cap = str_at(o(status, "capacity"), "storage");
    std::string vac = str_at(spec, "volumeAttributesClassName");
    std::string mode = str_at(spec, "volumeMode");
    return {name,
            str_at(status, "phase"),
            str_at(spec, "volumeName"),
            cap,
            access_modes(obj),
            str_at(spec, "storageClassName"),
            vac.empty() ? "<unset>" : vac,
            age(obj, now),
            mode.empty() ? "Filesystem" : mode};
  }
  if (k == "ServiceAccount") {
    int64_t n = arr_at(obj, "secrets") ? arr_at(obj, "secrets")->size() : 0;
    return {name, n, age(obj, now)};
  }
  if (k == "CustomResourceDefinition") return {name, str_at(md, "creationTimestamp")};
  return {name, age(obj, now)};
}

json::object make_table(const ResourceType& t, const std::vector<ObjPtr>& items,
                        IncludeObject include, int64_t now, bool with_columns) {
  json::array rows;
  rows.reserve(items.size());
  for (const auto& it : items) {
    json::object row{{"cells", row_cells(t, *it, now)}};
    if (include == IncludeObject::Object) {
      row["object"] = *it;
    } else if (include == IncludeObject::Metadata) {
      row["object"] = json::object{{"kind", "PartialObjectMetadata"},
                                   {"apiVersion", "meta.k8s.io/v1"},
                                   {"metadata", o(*it, "metadata")}};
    }
    rows.push_back(std::move(row));
  }
  json::object table{
      {"kind", "Table"}, {"apiVersion", "meta.k8s.io/v1"}, {"metadata", json::object{}}};
  table["columnDefinitions"] = with_columns ? column_definitions(t) : json::array{};
  table["rows"] = std::move(rows);
  return table;
}

}  // namespace kubemcp::sim
