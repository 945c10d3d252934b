#include "sim/seed.hpp"

#include <boost/json.hpp>
#include <functional>

#include "net/base64.hpp"
#include "sim/cluster.hpp"
#include "sim/placement.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

enum class Fate { Running, CrashLoop, ImagePull, Pending, Completed };

std::string alnum_hash(const std::string& s, size_t n) {
  static const char* chars = "bcdfghjklmnpqrstvwxz2456789";
  uint64_t h = std::hash<std::string>{}(s);
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += chars[h % 27];
    h = h / 27 + (i + 1) * 0x9E3779B97F4A7C15ull;
  }
  return out;
}

class Seeder {
 public:
  Seeder(Cluster& c) : c_(c), now_(now_unix()) {}

  std::string ago(int64_t s) const { return rfc3339(now_ - s); }

  ObjPtr make(const std::string& group, const std::string& plural, const std::string& ns,
              json::object obj, int64_t age) {
    auto t = c_.registry().find(group, "", plural);
    auto& md = ensure_obj(obj, "metadata");
    if (!md.contains("creationTimestamp")) md["creationTimestamp"] = ago(age);
    WriteOptions o;
    o.keep_creation_timestamp = true;
    return c_.objects().create(*t, ns, std::move(obj), o);
  }

  static json::object owner(const ObjPtr& o) {
    const auto& md = *obj_at(*o, "metadata");
    return {{"apiVersion", str_at(*o, "apiVersion")},
            {"kind", str_at(*o, "kind")},
            {"name", str_at(md, "name")},
            {"uid", str_at(md, "uid")},
            {"controller", true},
            {"blockOwnerDeletion", true}};
  }

  std::string node_for(size_t i) const { return nodes_[i % nodes_.size()]; }
  std::string next_ip() {
    ++ip_;
    return "10.244." + std::to_string(ip_ / 200 % 250) + "." + std::to_string(ip_ % 200 + 10);
  }

  json::object pod_status(const json::object& spec, Fate fate, const std::string& node, int64_t age,
                          int restarts) {
    std::string start = ago(age);
    auto cond = [&](const char* type, bool ok, const char* reason = nullptr) {
      json::object c{{"type", type},
                     {"status", ok ? "True" : "False"},
                     {"lastProbeTime", nullptr},
                     {"lastTransitionTime", start}};
      if (reason) c["reason"] = reason;
      return c;
    };
    if (fate == Fate::Pending) {
      json::object c = cond("PodScheduled", false, "Unschedulable");
      // What the scheduler says of it (the same words it says when it tries again).
      auto nodes = c_.store().list(*c_.registry().find("", "v1", "nodes"), "", nullptr, 0, "");
      c["message"] = place(json::object{{"spec", spec}}, nodes.items, {}).message;
      return {{"phase", "Pending"}, {"conditions", json::array{c}}, {"qosClass", "Burstable"}};
    }
    std::string ip = next_ip();
    json::array statuses;
    bool ready = fate == Fate::Running;
    for (const auto& cv : *arr_at(spec, "containers")) {
      const auto& co = cv.as_object();
      std::string image = str_at(co, "image");
      json::object cs{
          {"name", str_at(co, "name")},
          {"image", image},
          {"imageID", fate == Fate::ImagePull ? "" : image + "@sha256:" + random_hex(32)},
          {"containerID", fate == Fate::ImagePull ? "" : "containerd://" + random_hex(32)},
          {"ready", ready},
          {"restartCount", restarts},
          {"started", ready}};
      if (fate == Fate::Running) {
        cs["state"] = json::object{{"running", json::object{{"startedAt", start}}}};
        cs["lastState"] = json::object{};
      } else if (fate == Fate::CrashLoop) {
        cs["state"] = json::object{
            {"waiting", json::object{{"reason", "CrashLoopBackOff"},
                                     {"message", "back-off 5m0s restarting failed container=" +
                                                     str_at(co, "name")}}}};
        cs["lastState"] = json::object{
            {"terminated", json::object{{"exitCode", 1},
                                        {"reason", "Error"},
                                        {"startedAt", ago(200)},
                                        {"finishedAt", ago(185)},
                                        {"containerID", "containerd://" + random_hex(32)}}}};
      } else if (fate == Fate::ImagePull) {
        // imageID has no omitempty in k8s.io/api: the kubelet writes "" until the pull works.
        cs.erase("containerID");
        cs["state"] = json::object{
            {"waiting", json::object{{"reason", "ImagePullBackOff"},
                                     {"message", "Back-off pulling image \"" + image + "\""}}}};
        cs["lastState"] = json::object{};
      } else {  // Completed
        cs["state"] = json::object{
            {"terminated", json::object{{"exitCode", 0},
                                        {"reason", "Completed"},
                                        {"startedAt", start},
                                        {"finishedAt", ago(age - 40)},
                                        {"containerID", "containerd://" + random_hex(32)}}}};
        cs["lastState"] = json::object{};
      }
      statuses.push_back(std::move(cs));
    }
    const char* phase = fate == Fate::ImagePull   ? "Pending"
                        : fate == Fate::Completed ? "Succeeded"
                                                  : "Running";
    json::array conds{
        cond("PodReadyToStartContainers", fate != Fate::Completed),
        cond("Initialized", true, fate == Fate::Completed ? "PodCompleted" : nullptr),
        cond("Ready", ready,
             ready ? nullptr : (fate == Fate::Completed ? "PodCompleted" : "ContainersNotReady")),
        cond("ContainersReady", ready,
             ready ? nullptr : (fate == Fate::Completed ? "PodCompleted" : "ContainersNotReady")),
        cond("PodScheduled", true)};
    return {{"phase", phase},
            {"conditions", conds},
            {"hostIP", node_ip(node)},
            {"hostIPs", json::array{json::object{{"ip", node_ip(node)}}}},
            {"podIP", ip},
            {"podIPs", json::array{json::object{{"ip", ip}}}},
            {"startTime", start},
            {"containerStatuses", statuses},
            {"qosClass", "BestEffort"}};
  }

  std::string node_ip(const std::string& node) const {
    for (size_t i = 0; i < nodes_.size(); ++i)
      if (nodes_[i] == node) return "172.18.0." + std::to_string(i + 2);
    return "172.18.0.2";
  }

  ObjPtr pod(const std::string& ns, const std::string& name, json::object labels, json::object spec,
             Fate fate, const ObjPtr& owner_obj, size_t node_index, int64_t age, int restarts = 0,
             bool with_events = true) {
    std::string node = node_for(node_index);
    if (fate != Fate::Pending) spec["nodeName"] = node;
    if (!spec.contains("serviceAccountName")) spec["serviceAccountName"] = "default";
    json::object md{{"name", name}, {"labels", labels}};
    if (owner_obj) md["ownerReferences"] = json::array{owner(owner_obj)};
    json::object p{{"apiVersion", "v1"},
                   {"kind", "Pod"},
                   {"metadata", md},
                   {"spec", spec},
                   {"status", pod_status(spec, fate, node, age, restarts)}};
    auto created = make("", "pods", ns, std::move(p), age);
    if (fate != Fate::Pending && with_events) {
      event(ns, created, "Normal", "Scheduled",
            "Successfully assigned " + ns + "/" + name + " to " + node, 1, age, age,
            "default-scheduler", "");
    }
    return created;
  }

  void event(const std::string& ns, const ObjPtr& about, const std::string& type,
             const std::string& reason, const std::string& message, int count, int64_t first_ago,
             int64_t last_ago, const std::string& component, const std::string& field_path) {
    const auto& md = *obj_at(*about, "metadata");
    std::string name = str_at(md, "name") + "." + random_hex(8);
    json::object io{{"kind", str_at(*about, "kind")},
                    {"namespace", ns},
                    {"name", str_at(md, "name")},
                    {"uid", str_at(md, "uid")},
                    {"apiVersion", str_at(*about, "apiVersion")},
                    {"resourceVersion", str_at(md, "resourceVersion")}};
    if (!field_path.empty()) io["fieldPath"] = field_path;
    json::object src{{"component", component}};
    if (component == "kubelet") src["host"] = str_at(*obj_at(*about, "spec"), "nodeName");
    json::object ev{
        {"apiVersion", "v1"},
        {"kind", "Event"},
        {"metadata", json::object{{"name", name}, {"creationTimestamp", ago(first_ago)}}},
        {"involvedObject", io},
        {"reason", reason},
        {"message", message},
        {"source", src},
        {"firstTimestamp", ago(first_ago)},
        {"lastTimestamp", ago(last_ago)},
        {"count", count},
        {"type", type},
        {"eventTime", nullptr},
        {"reportingComponent", component},
        {"reportingInstance", src.contains("host") ? str_at(src, "host") : ""}};
    make("", "events", ns, std::move(ev), first_ago);
  }

  json::object container(const std::string& name, const std::string& image, int port,
                         json::object extra = {}) {
    json::object c{{"name", name}, {"image", image}};
    if (port) c["ports"] = json::array{json::object{{"containerPort", port}, {"protocol", "TCP"}}};
    for (auto& [k, v] : extra) c[k] = v;
    return c;
  }

  // A Deployment with its ReplicaSet (revision 1) and pods, all sharing one fate.
  ObjPtr deployment(const std::string& ns, const std::string& name, json::object pod_spec,
                    int replicas, Fate fate, int64_t age, int restarts = 0) {
    json::object labels{{"app", name}};
    json::object tmpl{{"metadata", json::object{{"labels", labels}}}, {"spec", pod_spec}};
    int ready = fate == Fate::Running ? replicas : 0;
    json::object status{{"observedGeneration", 1},
                        {"replicas", replicas},
                        {"updatedReplicas", replicas},
                        {"readyReplicas", ready},
                        {"availableReplicas", ready}};
    if (ready == 0) {
      status.erase("readyReplicas");
      status.erase("availableReplicas");
      status["unavailableReplicas"] = replicas;
    }
    std::string hash = alnum_hash(ns + name + json::serialize(tmpl), 10);
    std::string rs_name = name + "-" + hash;
    status["conditions"] = json::array{
        json::object{{"type", "Available"},
                     {"status", ready ? "True" : "False"},
                     {"reason", ready ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable"},
                     {"message", ready ? "Deployment has minimum availability."
                                       : "Deployment does not have minimum availability."},
                     {"lastUpdateTime", ago(age)},
                     {"lastTransitionTime", ago(age)}},
        json::object{{"type", "Progressing"},
                     {"status", "True"},
                     {"reason", "NewReplicaSetAvailable"},
                     {"message", "ReplicaSet \"" + rs_name + "\" has successfully progressed."},
                     {"lastUpdateTime", ago(age)},
                     {"lastTransitionTime", ago(age)}}};
    json::object d{
        {"apiVersion", "apps/v1"},
        {"kind", "Deployment"},
        {"metadata",
         json::object{{"name", name},
                      {"labels", labels},
                      {"annotations", json::object{{"deployment.kubernetes.io/revision", "1"}}}}},
        {"spec", json::object{{"replicas", replicas},
                              {"selector", json::object{{"matchLabels", labels}}},
                              {"template", tmpl}}},
        {"status", status}};
    auto dep = make("apps", "deployments", ns, std::move(d), age);
    json::object rs_labels = labels;
    rs_labels["pod-template-hash"] = hash;
    json::object rs_tmpl = tmpl;
    rs_tmpl["metadata"].as_object()["labels"] = rs_labels;
    json::object rs_status{
        {"replicas", replicas}, {"fullyLabeledReplicas", replicas}, {"observedGeneration", 1}};
    if (ready) {
      rs_status["readyReplicas"] = ready;
      rs_status["availableReplicas"] = ready;
    }
    json::object rs{
        {"apiVersion", "apps/v1"},
        {"kind", "ReplicaSet"},
        {"metadata",
         json::object{{"name", rs_name},
                      {"labels", rs_labels},
                      {"annotations", json::object{{"deployment.kubernetes.io/revision", "1"},
                                                   {"deployment.kubernetes.io/desired-replicas",
                                                    std::to_string(replicas)},
                                                   {"deployment.kubernetes.io/max-replicas",
                                                    std::to_string(replicas + 1)}}},
                      {"ownerReferences", json::array{owner(dep)}}}},
        {"spec", json::object{{"replicas", replicas},
                              {"selector", json::object{{"matchLabels", rs_labels}}},
                              {"template", rs_tmpl}}},
        {"status", rs_status}};
    auto rso = make("apps", "replicasets", ns, std::move(rs), age);
    event(ns, dep, "Normal", "ScalingReplicaSet",
          "Scaled up replica set " + rs_name + " from 0 to " + std::to_string(replicas), 1, age,
          age, "deployment-controller", "");
    for (int i = 0; i < replicas; ++i) {
      std::string pod_name = rs_name + "-" + alnum_hash(rs_name + std::to_string(i), 5);
      event(ns, rso, "Normal", "SuccessfulCreate", "Created pod: " + pod_name, 1, age, age,
            "replicaset-controller", "");
      auto p = pod(ns, pod_name, rs_labels, pod_spec, fate, rso, i + name.size(), age, restarts);
      pod_events(ns, p, fate, age, restarts);
    }
    return dep;
  }

  void pod_events(const std::string& ns, const ObjPtr& p, Fate fate, int64_t age, int restarts) {
    const auto& spec = *obj_at(*p, "spec");
    const auto& c0 = (*arr_at(spec, "containers"))[0].as_object();
    std::string cname = str_at(c0, "name"), image = str_at(c0, "image");
    std::string fp = "spec.containers{" + cname + "}";
    std::string pod_name = str_at(*obj_at(*p, "metadata"), "name");
    switch (fate) {
      case Fate::Running:
      case Fate::Completed:
        event(ns, p, "Normal", "Pulled",
              "Container image \"" + image + "\" already present on machine", 1, age - 1, age - 1,
              "kubelet", fp);
        event(ns, p, "Normal", "Created", "Created container: " + cname, 1, age - 1, age - 1,
              "kubelet", fp);
        event(ns, p, "Normal", "Started", "Started container " + cname, 1, age - 1, age - 1,
              "kubelet", fp);
        break;
      case Fate::CrashLoop:
        event(ns, p, "Normal", "Pulled",
              "Container image \"" + image + "\" already present on machine", restarts + 1, age - 1,
              200, "kubelet", fp);
        event(ns, p, "Normal", "Started", "Started container " + cname, restarts + 1, age - 1, 200,
              "kubelet", fp);
        event(ns, p, "Warning", "BackOff",
              "Back-off restarting failed container " + cname + " in pod " + pod_name + "_" + ns +
                  "(" + str_at(*obj_at(*p, "metadata"), "uid") + ")",
              restarts * 4 + 3, age - 30, 20, "kubelet", fp);
        break;
      case Fate::ImagePull:
        event(ns, p, "Normal", "Pulling", "Pulling image \"" + image + "\"", 9, age - 1, 90,
              "kubelet", fp);
        event(ns, p, "Warning", "Failed",
              "Failed to pull image \"" + image +
                  "\": rpc error: code = NotFound desc = failed to pull and unpack image \"" +
                  image + "\": not found",
              9, age - 1, 90, "kubelet", fp);
        event(ns, p, "Warning", "Failed", "Error: ErrImagePull", 9, age - 1, 90, "kubelet", fp);
        event(ns, p, "Normal", "BackOff", "Back-off pulling image \"" + image + "\"", 40, age - 2,
              15, "kubelet", fp);
        event(ns, p, "Warning", "Failed", "Error: ImagePullBackOff", 40, age - 2, 15, "kubelet",
              fp);
        break;
      case Fate::Pending: {
        const auto& st = *obj_at(*p, "status");
        std::string msg = str_at((*arr_at(st, "conditions"))[0].as_object(), "message");
        event(ns, p, "Warning", "FailedScheduling", msg, 12, age, 60, "default-scheduler", "");
        break;
      }
    }
  }

  void namespace_(const std::string& name, int64_t age) {
    make("", "namespaces", "", json::object{{"metadata", json::object{{"name", name}}}}, age);
    make("", "serviceaccounts", name, json::object{{"metadata", json::object{{"name", "default"}}}},
         age);
    make("", "configmaps", name,
         json::object{{"metadata", json::object{{"name", "kube-root-ca.crt"}}},
                      {"data", json::object{{"ca.crt", c_.ca().cert_pem}}}},
         age);
  }

  // max_pods: the kubelet's --max-pods; more than 110 when the seed loads extra pods, so that
  // the scheduler still finds room on the three nodes.
  void nodes(int n, int64_t age, int max_pods = 110) {
    for (int i = 0; i < n; ++i) {
      std::string name =
          i == 0 ? c_.name() + "-control-plane" : c_.name() + "-worker-" + std::to_string(i);
      nodes_.push_back(name);
      json::object labels{{"kubernetes.io/hostname", name},
                          {"kubernetes.io/os", "linux"},
                          {"kubernetes.io/arch", "amd64"},
                          {"beta.kubernetes.io/os", "linux"},
                          {"beta.kubernetes.io/arch", "amd64"}};
      if (i == 0) labels["node-role.kubernetes.io/control-plane"] = "";
      json::object res{{"cpu", "4"},
                       {"memory", "16349016Ki"},
                       {"pods", std::to_string(max_pods)},
                       {"ephemeral-storage", "102626232Ki"}};
      json::array conds;
      for (auto [type, st, reason, msg] :
           std::vector<std::tuple<const char*, const char*, const char*, const char*>>{
               {"MemoryPressure", "False", "KubeletHasSufficientMemory",
                "kubelet has sufficient memory available"},
               {"DiskPressure", "False", "KubeletHasNoDiskPressure",
                "kubelet has no disk pressure"},
               {"PIDPressure", "False", "KubeletHasSufficientPID",
                "kubelet has sufficient PID available"},
               {"Ready", "True", "KubeletReady", "kubelet is posting ready status"}})
        conds.push_back(json::object{{"type", type},
                                     {"status", st},
                                     {"reason", reason},
                                     {"message", msg},
                                     {"lastHeartbeatTime", ago(30)},
                                     {"lastTransitionTime", ago(age)}});
      json::object node{
          {"metadata", json::object{{"name", name}, {"labels", labels}}},
          {"spec", json::object{{"podCIDR", "10.244." + std::to_string(i) + ".0/24"},
                                {"providerID", "kind://docker/sim/" + name}}},
          {"status",
           json::object{
               {"capacity", res},
               {"allocatable", res},
               {"conditions", conds},
               {"addresses",
                json::array{json::object{{"type", "InternalIP"},
                                         {"address", "172.18.0." + std::to_string(i + 2)}},
                            json::object{{"type", "Hostname"}, {"address", name}}}},
               {"daemonEndpoints",
                json::object{{"kubeletEndpoint", json::object{{"Port", 10250}}}}},
               {"nodeInfo", json::object{{"machineID", random_hex(16)},
                                         {"systemUUID", new_uid()},
                                         {"bootID", new_uid()},
                                         {"kernelVersion", "6.1.0-28-amd64"},
                                         {"osImage", "Debian GNU/Linux 12 (bookworm)"},
                                         {"containerRuntimeVersion", "containerd://1.7.24"},
                                         {"kubeletVersion", "v1.32.2"},
                                         {"kubeProxyVersion", "v1.32.2"},
                                         {"operatingSystem", "linux"},
                                         {"architecture", "amd64"}}}}}};
      auto no = make("", "nodes", "", std::move(node), age);
      event("default", no, "Normal", "Starting", "Starting kubelet.", 1, age, age, "kubelet", "");
    }
  }

  void demo();
  void load(int n);
  void cluster_services();
  void system_pods(int64_t age);

 private:
  Cluster& c_;
  int64_t now_;
  std::vector<std::string> nodes_;
  int ip_ = 0;
};

void Seeder::demo() {
  const int64_t day = 86400;
  const std::string ns = "shop";
  namespace_("shop", 12 * day);
  namespace_("monitoring", 20 * day);
  make("", "serviceaccounts", ns, json::object{{"metadata", json::object{{"name", "shop-api"}}}},
       12 * day);

  deployment(ns, "web",
             json::object{{"containers", json::array{container("nginx", "nginx:1.27.3", 80)}}}, 3,
             Fate::Running, 5 * day);
  deployment(
      ns, "api",
      json::object{
          {"serviceAccountName", "shop-api"},
          {"containers", json::array{container(
                             "api", "ghcr.io/example/shop-api:2.4.1", 8080,
                             json::object{{"env", json::array{json::object{{"name", "DB_HOST"},
                                                                           {"value", "db"}}}}})}}},
      2, Fate::Running, 3 * day);
  deployment(ns, "worker",
             json::object{{"containers", json::array{container(
                                             "worker", "ghcr.io/example/shop-worker:1.9.0", 0)}}},
             1, Fate::CrashLoop, 2 * day, 23);
  deployment(ns, "recommender",
             json::object{{"containers",
                           json::array{container("recommender",
                                                 "ghcr.io/example/recommender:3.0.0-rc1", 9000)}}},
             1, Fate::ImagePull, 3 * 3600);
  deployment(
      ns, "trainer",
      json::object{
          {"containers",
           json::array{container(
               "trainer", "ghcr.io/example/ml-trainer:1.0.0", 0,
               json::object{{"resources",
                             json::object{{"requests",
                                           json::object{{"cpu", "64"}, {"memory", "256Gi"}}}}}})}}},
      1, Fate::Pending, 2 * 3600);

  // StatefulSet db with its pod and PVC.
  json::object db_labels{{"app", "db"}};
  json::object db_spec{
      {"containers",
       json::array{container(
           "postgres", "postgres:16.4", 5432,
           json::object{{"volumeMounts",
                         json::array{json::object{{"name", "data"},
                                                  {"mountPath", "/var/lib/postgresql/data"}}}}})}}};
  auto sts = make(
      "apps", "statefulsets", ns,
      json::object{
          {"metadata", json::object{{"name", "db"}, {"labels", db_labels}}},
          {"spec",
           json::object{
               {"replicas", 1},
               {"serviceName", "db"},
               {"selector", json::object{{"matchLabels", db_labels}}},
               {"template",
                json::object{{"metadata", json::object{{"labels", db_labels}}}, {"spec", db_spec}}},
               {"volumeClaimTemplates",
                json::array{json::object{
                    {"metadata", json::object{{"name", "data"}}},
                    {"spec",
                     json::object{
                         {"accessModes", json::array{"ReadWriteOnce"}},
                         {"resources",
                          json::object{{"requests", json::object{{"storage", "10Gi"}}}}}}}}}}}},
          {"status", json::object{{"observedGeneration", 1},
                                  {"replicas", 1},
                                  {"readyReplicas", 1},
                                  {"currentReplicas", 1},
                                  {"updatedReplicas", 1},
                                  {"availableReplicas", 1}}}},
      10 * day);
  json::object db_pod_labels = db_labels;
  db_pod_labels["statefulset.kubernetes.io/pod-name"] = "db-0";
  json::object db_pod_spec = db_spec;
  db_pod_spec["volumes"] = json::array{json::object{
      {"name", "data"}, {"persistentVolumeClaim", json::object{{"claimName", "data-db-0"}}}}};
  db_pod_spec["hostname"] = "db-0";
  db_pod_spec["subdomain"] = "db";
  auto dbp = pod(ns, "db-0", db_pod_labels, db_pod_spec, Fate::Running, sts, 1, 10 * day);
  pod_events(ns, dbp, Fate::Running, 10 * day, 0);
  make("", "persistentvolumeclaims", ns,
       json::object{
           {"metadata", json::object{{"name", "data-db-0"}, {"labels", db_labels}}},
           {"spec", json::object{{"accessModes", json::array{"ReadWriteOnce"}},
                                 {"resources",
                                  json::object{{"requests", json::object{{"storage", "10Gi"}}}}},
                                 {"storageClassName", "standard"},
                                 {"volumeMode", "Filesystem"},
                                 {"volumeName", "pvc-" + new_uid()}}},
           {"status", json::object{{"phase", "Bound"},
                                   {"accessModes", json::array{"ReadWriteOnce"}},
                                   {"capacity", json::object{{"storage", "10Gi"}}}}}},
       10 * day);

  // DaemonSet node-exporter: one pod per node.
  json::object ne_labels{{"app", "node-exporter"}};
  json::object ne_spec{
      {"containers",
       json::array{container("node-exporter", "quay.io/prometheus/node-exporter:v1.8.2", 9100)}}};
  int n_nodes = static_cast<int>(nodes_.size());
  auto ds = make(
      "apps", "daemonsets", "monitoring",
      json::object{
          {"metadata", json::object{{"name", "node-exporter"}, {"labels", ne_labels}}},
          {"spec",
           json::object{{"selector", json::object{{"matchLabels", ne_labels}}},
                        {"template", json::object{{"metadata", json::object{{"labels", ne_labels}}},
                                                  {"spec", ne_spec}}}}},
          {"status", json::object{{"desiredNumberScheduled", n_nodes},
                                  {"currentNumberScheduled", n_nodes},
                                  {"numberReady", n_nodes},
                                  {"updatedNumberScheduled", n_nodes},
                                  {"numberAvailable", n_nodes},
                                  {"numberMisscheduled", 0},
                                  {"observedGeneration", 1}}}},
      20 * day);
  for (int i = 0; i < n_nodes; ++i)
    pod("monitoring", "node-exporter-" + alnum_hash("ne" + std::to_string(i), 5), ne_labels,
        ne_spec, Fate::Running, ds, i, 20 * day);

  // A completed Job and the CronJob that schedules reports.
  json::object job_tmpl_spec{
      {"restartPolicy", "Never"},
      {"containers",
       json::array{container("migrate", "ghcr.io/example/shop-api:2.4.1", 0,
                             json::object{{"command", json::array{"/app/migrate", "--up"}}})}}};
  // The API server generates the selector and the controller-uid labels from the Job's uid.
  auto job = make(
      "batch", "jobs", ns,
      json::object{{"metadata", json::object{{"name", "db-migrate-241"}}},
                   {"spec", json::object{{"completions", 1},
                                         {"parallelism", 1},
                                         {"backoffLimit", 6},
                                         {"template", json::object{{"spec", job_tmpl_spec}}}}},
                   {"status",
                    json::object{{"succeeded", 1},
                                 {"ready", 0},
                                 {"startTime", ago(3 * day)},
                                 {"completionTime", ago(3 * day - 41)},
                                 {"conditions", json::array{json::object{
                                                    {"type", "Complete"},
                                                    {"status", "True"},
                                                    {"lastProbeTime", ago(3 * day - 41)},
                                                    {"lastTransitionTime", ago(3 * day - 41)}}}}}}},
      3 * day);
  json::object job_labels =
      *obj_at(*path_at(*job, "spec.template.metadata")->if_object(), "labels");
  auto jp = pod(ns, "db-migrate-241-" + alnum_hash("migrate", 5), job_labels, job_tmpl_spec,
                Fate::Completed, job, 2, 3 * day);
  pod_events(ns, jp, Fate::Completed, 3 * day, 0);
  int64_t last_run = now_ - now_ % day + 2 * 3600;
  if (last_run > now_) last_run -= day;
  make(
      "batch", "cronjobs", ns,
      json::object{
          {"metadata", json::object{{"name", "nightly-report"}}},
          {"spec",
           json::object{
               {"schedule", "0 2 * * *"},
               {"jobTemplate",
                json::object{
                    {"spec",
                     json::object{
                         {"template",
                          json::object{
                              {"spec", json::object{{"restartPolicy", "OnFailure"},
                                                    {"containers",
                                                     json::array{container(
                                                         "report", "ghcr.io/example/reporter:0.7.0",
                                                         0)}}}}}}}}}}}},
          // The last 02:00 UTC run, so the CronJob controller has nothing due at start.
          {"status", json::object{{"lastScheduleTime", rfc3339(last_run)},
                                  {"lastSuccessfulTime", rfc3339(last_run + 52)}}}},
      12 * day);

  // Services, configuration, ingress.
  auto svc = [&](const std::string& name, json::object spec) {
    make("", "services", ns,
         json::object{
             {"metadata", json::object{{"name", name}, {"labels", json::object{{"app", name}}}}},
             {"spec", spec}},
         12 * day);
  };
  svc("web", json::object{{"selector", json::object{{"app", "web"}}},
                          {"ports", json::array{json::object{
                                        {"name", "http"}, {"port", 80}, {"targetPort", 80}}}}});
  svc("api", json::object{{"selector", json::object{{"app", "api"}}},
                          {"ports", json::array{json::object{
                                        {"name", "http"}, {"port", 8080}, {"targetPort", 8080}}}}});
  svc("db",
      json::object{{"clusterIP", "None"},
                   {"clusterIPs", json::array{"None"}},
                   {"selector", json::object{{"app", "db"}}},
                   {"ports", json::array{json::object{{"name", "postgres"}, {"port", 5432}}}}});
  svc("web-public",
      json::object{{"type", "NodePort"},
                   {"selector", json::object{{"app", "web"}}},
                   {"ports", json::array{json::object{
                                 {"port", 80}, {"targetPort", 80}, {"nodePort", 30080}}}}});
  make("", "configmaps", ns,
       json::object{{"metadata", json::object{{"name", "shop-config"}}},
                    {"data", json::object{{"LOG_LEVEL", "info"},
                                          {"FEATURE_FLAGS", "checkout-v2,fast-search"},
                                          {"CURRENCY", "EUR"}}}},
       12 * day);
  make("", "secrets", ns,
       json::object{
           {"metadata", json::object{{"name", "db-credentials"}}},
           {"type", "Opaque"},
           {"data", json::object{{"username", net::base64_encode("shop")},
                                 {"password", net::base64_encode("s3cr3t-" + random_hex(6))}}}},
       12 * day);
  make("", "secrets", ns,
       json::object{{"metadata", json::object{{"name", "shop-tls"}}},
                    {"type", "kubernetes.io/tls"},
                    {"data", json::object{{"tls.crt", net::base64_encode(c_.ca().cert_pem)},
                                          {"tls.key", net::base64_encode("(simulated key)")}}}},
       12 * day);
  auto path = [](const char* p, const char* svc_name, int port) {
    return json::object{
        {"path", p},
        {"pathType", "Prefix"},
        {"backend",
         json::object{{"service", json::object{{"name", svc_name},
                                               {"port", json::object{{"number", port}}}}}}}};
  };
  make("networking.k8s.io", "ingresses", ns,
       json::object{
           {"metadata", json::object{{"name", "shop"}}},
           {"spec",
            json::object{
                {"ingressClassName", "nginx"},
                {"tls", json::array{json::object{{"hosts", json::array{"shop.example.test"}},
                                                 {"secretName", "shop-tls"}}}},
                {"rules",
                 json::array{json::object{
                     {"host", "shop.example.test"},
                     {"http", json::object{{"paths", json::array{path("/", "web", 80),
                                                                 path("/api", "api", 8080)}}}}}}}}},
           {"status",
            json::object{
                {"loadBalancer",
                 json::object{{"ingress", json::array{json::object{{"ip", "172.18.0.100"}}}}}}}}},
       12 * day);

  // A CRD and two custom resources.
  json::object schema{
      {"openAPIV3Schema",
       json::object{
           {"type", "object"},
           {"properties",
            json::object{
                {"spec",
                 json::object{{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}}},
                {"status", json::object{{"type", "object"},
                                        {"x-kubernetes-preserve-unknown-fields", true}}}}}}}};
  make("apiextensions.k8s.io", "customresourcedefinitions", "",
       json::object{
           {"metadata", json::object{{"name", "widgets.example.com"}}},
           {"spec",
            json::object{
                {"group", "example.com"},
                {"scope", "Namespaced"},
                {"names", json::object{{"plural", "widgets"},
                                       {"singular", "widget"},
                                       {"kind", "Widget"},
                                       {"shortNames", json::array{"wd"}}}},
                {"versions",
                 json::array{json::object{
                     {"name", "v1"},
                     {"served", true},
                     {"storage", true},
                     {"schema", schema},
                     {"subresources", json::object{{"status", json::object{}}}},
                     {"additionalPrinterColumns",
                      json::array{json::object{{"name", "Size"},
                                               {"type", "string"},
                                               {"jsonPath", ".spec.size"}},
                                  json::object{{"name", "Color"},
                                               {"type", "string"},
                                               {"jsonPath", ".spec.color"}},
                                  json::object{{"name", "Age"},
                                               {"type", "date"},
                                               {"jsonPath", ".metadata.creationTimestamp"}}}}}}}}}},
       15 * day);
  make("example.com", "widgets", ns,
       json::object{{"apiVersion", "example.com/v1"},
                    {"kind", "Widget"},
                    {"metadata", json::object{{"name", "gizmo"}}},
                    {"spec", json::object{{"size", "large"}, {"color", "blue"}}}},
       4 * day);
  make("example.com", "widgets", ns,
       json::object{{"apiVersion", "example.com/v1"},
                    {"kind", "Widget"},
                    {"metadata", json::object{{"name", "sprocket"}}},
                    {"spec", json::object{{"size", "small"}, {"color", "red"}}}},
       4 * day);
}

void Seeder::load(int n) {
  namespace_("load", 3600);
  json::object spec{{"containers", json::array{container("app", "nginx:1.27.3", 80)}}};
  char name[32];
  for (int i = 0; i < n; ++i) {
    std::snprintf(name, sizeof name, "load-%05d", i);
    pod("load", name, json::object{{"app", "load"}, {"shard", std::to_string(i % 10)}}, spec,
        Fate::Running, nullptr, i, 3600, 0, false);
  }
}

// default/kubernetes: the API server's own Service, which the API server keeps the endpoints of.
void Seeder::cluster_services() {
  const int64_t age = 30 * 86400;
  json::object labels{{"component", "apiserver"}, {"provider", "kubernetes"}};
  json::object port{{"name", "https"}, {"port", 443}, {"protocol", "TCP"}, {"targetPort", 6443}};
  make("", "services", "default",
       json::object{{"metadata", json::object{{"name", "kubernetes"}, {"labels", labels}}},
                    {"spec", json::object{{"type", "ClusterIP"},
                                          {"clusterIP", "10.96.0.1"},
                                          {"clusterIPs", json::array{"10.96.0.1"}},
                                          {"ports", json::array{port}},
                                          {"sessionAffinity", "None"}}}},
       age);
  std::string ip = "172.18.0.2";  // the control plane's InternalIP
  json::object ep_port{{"name", "https"}, {"port", 6443}, {"protocol", "TCP"}};
  make(
      "", "endpoints", "default",
      json::object{
          {"metadata",
           json::object{
               {"name", "kubernetes"},
               {"labels", json::object{{"endpointslice.kubernetes.io/skip-mirror", "true"}}}}},
          {"subsets", json::array{json::object{{"addresses", json::array{json::object{{"ip", ip}}}},
                                               {"ports", json::array{ep_port}}}}}},
      age);
  make("discovery.k8s.io", "endpointslices", "default",
       json::object{
           {"metadata",
            json::object{{"name", "kubernetes"},
                         {"labels", json::object{{"kubernetes.io/service-name", "kubernetes"}}}}},
           {"addressType", "IPv4"},
           {"endpoints", json::array{json::object{{"addresses", json::array{ip}},
                                                  {"conditions", json::object{{"ready", true}}}}}},
           {"ports", json::array{ep_port}}},
       age);
}

// What kubeadm and kind run in kube-system: the control plane's static pods (mirror pods
// owned by their Node), kube-proxy on every node, CoreDNS behind kube-dns. All healthy.
void Seeder::system_pods(int64_t age) {
  auto nodes_t = c_.registry().find("", "v1", "nodes");
  auto cp = c_.store().get(*nodes_t, "", nodes_[0]);
  const std::string version = "v1.32.2";
  for (const char* component :
       {"etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"}) {
    std::string image = std::string(component) == "etcd"
                            ? "registry.k8s.io/etcd:3.5.16-0"
                            : "registry.k8s.io/" + std::string(component) + ":" + version;
    json::object spec{{"hostNetwork", true},
                      {"priorityClassName", "system-node-critical"},
                      {"priority", 2000001000},
                      {"containers", json::array{container(component, image, 0)}}};
    pod("kube-system", std::string(component) + "-" + nodes_[0],
        json::object{{"component", component}, {"tier", "control-plane"}}, spec, Fate::Running, cp,
        0, age, 0, false);
  }
  json::object proxy_labels{{"k8s-app", "kube-proxy"}};
  json::object proxy_spec{
      {"hostNetwork", true},
      {"priorityClassName", "system-node-critical"},
      {"serviceAccountName", "kube-proxy"},
      {"containers",
       json::array{container("kube-proxy", "registry.k8s.io/kube-proxy:" + version, 0)}}};
  make("", "serviceaccounts", "kube-system",
       json::object{{"metadata", json::object{{"name", "kube-proxy"}}}}, age);
  make("", "serviceaccounts", "kube-system",
       json::object{{"metadata", json::object{{"name", "coredns"}}}}, age);
  int n = static_cast<int>(nodes_.size());
  auto ds = make(
      "apps", "daemonsets", "kube-system",
      json::object{
          {"metadata", json::object{{"name", "kube-proxy"}, {"labels", proxy_labels}}},
          {"spec", json::object{{"selector", json::object{{"matchLabels", proxy_labels}}},
                                {"template",
                                 json::object{{"metadata", json::object{{"labels", proxy_labels}}},
                                              {"spec", proxy_spec}}}}},
          {"status", json::object{{"desiredNumberScheduled", n},
                                  {"currentNumberScheduled", n},
                                  {"numberReady", n},
                                  {"updatedNumberScheduled", n},
                                  {"numberAvailable", n},
                                  {"numberMisscheduled", 0},
                                  {"observedGeneration", 1}}}},
      age);
  for (int i = 0; i < n; ++i)
    pod("kube-system", "kube-proxy-" + alnum_hash("kp" + std::to_string(i), 5), proxy_labels,
        proxy_spec, Fate::Running, ds, i, age, 0, false);
  json::object dns_spec{
      {"priorityClassName", "system-cluster-critical"},
      {"serviceAccountName", "coredns"},
      {"containers",
       json::array{container("coredns", "registry.k8s.io/coredns/coredns:v1.11.3", 53)}}};
  auto dns = deployment("kube-system", "coredns", dns_spec, 2, Fate::Running, age);
  make("", "services", "kube-system",
       json::object{
           {"metadata",
            json::object{{"name", "kube-dns"}, {"labels", json::object{{"k8s-app", "kube-dns"}}}}},
           {"spec", json::object{{"selector", json::object{{"app", "coredns"}}},
                                 {"clusterIP", "10.96.0.10"},
                                 {"clusterIPs", json::array{"10.96.0.10"}},
                                 {"type", "ClusterIP"},
                                 {"ports", json::array{json::object{{"name", "dns"},
                                                                    {"port", 53},
                                                                    {"protocol", "UDP"},
                                                                    {"targetPort", 53}},
                                                       json::object{{"name", "dns-tcp"},
                                                                    {"port", 53},
                                                                    {"protocol", "TCP"},
                                                                    {"targetPort", 53}}}}}}},
       age);
  // The scheduler writes events.k8s.io/v1 Events: in core/v1 they have an eventTime, a series
  // when repeated, and no first/lastTimestamp or source.
  json::object about{{"kind", "Deployment"},
                     {"namespace", "kube-system"},
                     {"name", "coredns"},
                     {"uid", str_at(*obj_at(*dns, "metadata"), "uid")},
                     {"apiVersion", "apps/v1"}};
  std::string when = rfc3339(now_unix() - age + 30);
  std::string micro = when.substr(0, when.size() - 1) + ".120335Z";
  make("", "events", "kube-system",
       json::object{{"metadata", json::object{{"name", "coredns." + random_hex(8)}}},
                    {"involvedObject", about},
                    {"reason", "FailedScheduling"},
                    {"message",
                     "0/1 nodes are available: 1 node(s) had untolerated taint "
                     "{node.kubernetes.io/not-ready: }. preemption: 0/1 nodes are available: 1 "
                     "Preemption is not helpful for scheduling."},
                    {"source", json::object{}},
                    {"firstTimestamp", nullptr},
                    {"lastTimestamp", nullptr},
                    {"type", "Warning"},
                    {"eventTime", micro},
                    {"series", json::object{{"count", 2}, {"lastObservedTime", micro}}},
                    {"action", "Scheduling"},
                    {"reportingComponent", "default-scheduler"},
                    {"reportingInstance", "default-scheduler-" + nodes_[0]}},
       age);
}

}  // namespace

void seed_cluster(Cluster& c, bool demo, int extra_pods) {
  Seeder s(c);
  const int64_t age = 30 * 86400;
  for (const char* ns : {"default", "kube-system", "kube-public", "kube-node-lease"})
    s.namespace_(ns, age);
  s.nodes(3, age, 110 + extra_pods / 3);
  s.cluster_services();
  if (demo) s.system_pods(age);
  if (demo) s.demo();
  if (extra_pods > 0) s.load(extra_pods);
}

}  // namespace kubemcp::sim
