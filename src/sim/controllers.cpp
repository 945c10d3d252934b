#include "sim/controllers.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <functional>

#include "sim/admission.hpp"
#include "sim/cluster.hpp"
#include "sim/events.hpp"
#include "sim/placement.hpp"
#include "sim/selectors.hpp"
#include "sim/revisions.hpp"  // after selectors: main adds placement.hpp above
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;
using std::chrono::milliseconds;

namespace {

// A controller's pod goes through admission, as the controller's API call would; a refusal
// (quota, service account) becomes the owner's FailedCreate event. Null when refused.
ObjPtr create_pod(Cluster& c, const ResourceType& pods, const json::object& owner,
                  const std::string& ns, json::object pod, const std::string& component,
                  const std::string& failure) {
  try {
    admit_create(c, pods, ns, pod);
    return c.objects().create(pods, ns, std::move(pod), WriteOptions{});
  } catch (const ApiError& e) {
    if (e.code == 403)
      record_event(c.objects(), owner, "Warning", "FailedCreate", failure + e.what(), component);
    return nullptr;
  }
}

const json::object kNone;
const json::object& o(const json::object& x, std::string_view k) {
  const auto* p = obj_at(x, k);
  return p ? *p : kNone;
}

std::string name_of(const json::object& obj) {
  return str_at(o(obj, "metadata"), "name");
}
std::string uid_of(const json::object& obj) {
  return str_at(o(obj, "metadata"), "uid");
}

json::object owner_ref(const json::object& owner) {
  return {{"apiVersion", str_at(owner, "apiVersion")},
          {"kind", str_at(owner, "kind")},
          {"name", name_of(owner)},
          {"uid", uid_of(owner)},
          {"controller", true},
          {"blockOwnerDeletion", true}};
}

const json::object* controller_of(const json::object& obj) {
  const auto* refs = arr_at(o(obj, "metadata"), "ownerReferences");
  if (!refs) return nullptr;
  for (const auto& r : *refs)
    if (r.is_object()) {
      const auto* c = r.as_object().if_contains("controller");
      if (c && c->is_bool() && c->as_bool()) return &r.as_object();
    }
  return nullptr;
}

bool owned_by(const json::object& obj, const std::string& uid) {
  const auto* c = controller_of(obj);
  return c && str_at(*c, "uid") == uid;
}

bool being_deleted(const json::object& obj) {
  return !str_at(o(obj, "metadata"), "deletionTimestamp").empty();
}

// A pod the ReplicaSet controller counts (controller.FilterActivePods): not terminating.
bool active_of(const json::object& pod, const std::string& uid) {
  return owned_by(pod, uid) && !being_deleted(pod);
}

bool pod_ready(const json::object& pod) {
  if (const auto* conds = arr_at(o(pod, "status"), "conditions"))
    for (const auto& c : *conds)
      if (c.is_object() && str_at(c.as_object(), "type") == "Ready")
        return str_at(c.as_object(), "status") == "True";
  return false;
}

std::string alnum(uint64_t h, size_t n) {
  static const char* chars = "bcdfghjklmnpqrstvwxz2456789";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += chars[h % 27];
    h = h / 27 + (i + 1) * 0x9E3779B97F4A7C15ull;
  }
  return out;
}

std::string random_suffix() {
  return alnum(std::stoull(random_hex(7), nullptr, 16), 5);
}

// Pull failures are simulated for image references that say so.
bool image_pull_fails(const std::string& image) {
  for (const char* bad : {"does-not-exist", "nonexistent", "invalid", ":broken", "rc1"})
    if (image.find(bad) != std::string::npos) return true;
  return false;
}

// Template equality ignoring the pod-template-hash label (the controller's EqualIgnoreHash).
json::object without_hash(json::object tmpl) {
  auto* md = tmpl.if_contains("metadata");
  if (md && md->is_object()) {
    auto* labels = md->as_object().if_contains("labels");
    if (labels && labels->is_object()) {
      labels->as_object().erase("pod-template-hash");
      if (labels->as_object().empty()) md->as_object().erase("labels");
    }
    if (md->as_object().empty()) tmpl.erase("metadata");
  }
  return tmpl;
}

// The most pods one workload gets here: a stored object may say anything (validation stops
// negative counts, not a billion), and the simulator must neither crash nor exhaust memory.
constexpr int64_t kMaxPods = 1000;

// A count from a spec, clamped to [0, hi]: controllers never trust what is stored.
int64_t count_at(const json::object& x, std::string_view key, int64_t def, int64_t hi = kMaxPods) {
  return std::clamp<int64_t>(int_at(x, key, def), 0, hi);
}

int64_t resolve_percent(const json::value* v, int64_t total, bool round_up, int64_t def_pct) {
  auto pct = [&](int64_t p) {
    p = std::clamp<int64_t>(p, 0, 1000);
    return round_up ? (total * p + 99) / 100 : total * p / 100;
  };
  if (!v) return pct(def_pct);
  if (v->is_int64()) return std::clamp<int64_t>(v->as_int64(), 0, kMaxPods);
  if (v->is_string()) {
    std::string s(v->as_string());
    if (!s.empty() && s.back() == '%') return pct(std::strtoll(s.c_str(), nullptr, 10));
    return std::clamp<int64_t>(std::strtoll(s.c_str(), nullptr, 10), 0, kMaxPods);
  }
  return 0;
}

std::string revision_of(const json::object& obj) {
  return str_at(o(o(obj, "metadata"), "annotations"), "deployment.kubernetes.io/revision");
}

json::object condition(const std::string& type, bool status, const std::string& reason,
                       const std::string& message, const json::array* old) {
  std::string now = now_rfc3339();
  std::string since = now;
  if (old)
    for (const auto& c : *old)
      if (c.is_object() && str_at(c.as_object(), "type") == type &&
          str_at(c.as_object(), "status") == (status ? "True" : "False"))
        since = str_at(c.as_object(), "lastTransitionTime");
  return {{"type", type},          {"status", status ? "True" : "False"},
          {"lastUpdateTime", now}, {"lastTransitionTime", since},
          {"reason", reason},      {"message", message}};
}

// A ControllerRevision-style name for a pod template: NAME-<hash>.
std::string revision_name(const std::string& owner, const json::object& tmpl) {
  return owner + "-" + alnum(std::hash<std::string>{}(json::serialize(tmpl)), 10);
}

// The revision a pod was created from (label controller-revision-hash); pods from before the
// controller ran (the seed) count as the owner's current revision.
std::string pod_revision(const json::object& pod, const std::string& current) {
  std::string r = str_at(o(o(pod, "metadata"), "labels"), "controller-revision-hash");
  return r.empty() ? current : r;
}

// Sets numeric status fields the API way: zero means absent (omitempty).
void set_count(json::object& status, const char* key, int64_t v, bool always = false) {
  if (v == 0 && !always) {
    status.erase(key);
  } else {
    status[key] = v;
  }
}

// Status equality that ignores the timestamps conditions carry.
bool same_status(const json::object& a, const json::object& b) {
  auto strip = [](json::object s) {
    if (auto* cs = s.if_contains("conditions"); cs && cs->is_array())
      for (auto& c : cs->as_array())
        if (c.is_object()) c.as_object().erase("lastUpdateTime");
    return s;
  };
  return strip(a) == strip(b);
}

}  // namespace

Controllers::Controllers(Cluster& c, milliseconds step) : c_(c), step_(step) {
  auto& reg = c_.registry();
  pods_ = reg.find("", "v1", "pods");
  rs_ = reg.find("apps", "v1", "replicasets");
  deploy_ = reg.find("apps", "v1", "deployments");
  sts_ = reg.find("apps", "v1", "statefulsets");
  ds_ = reg.find("apps", "v1", "daemonsets");
  jobs_ = reg.find("batch", "v1", "jobs");
  nodes_ = reg.find("", "v1", "nodes");
  pvcs_ = reg.find("", "v1", "persistentvolumeclaims");
  cronjobs_ = reg.find("batch", "v1", "cronjobs");
  revs_ = reg.find("apps", "v1", "controllerrevisions");
  namespaces_ = reg.find("", "v1", "namespaces");
}

Controllers::~Controllers() {
  stop();
}

void Controllers::start() {
  c_.objects().add_listener([this](const ResourceType& t, const std::string& type,
                                   const ObjPtr& obj) { on_change(t, type, obj); });
  started_ = true;
  thread_ = std::thread([this] { run(); });
  for (const auto& [kind, t] : std::vector<std::pair<std::string, ResourcePtr>>{
           {"deploy", deploy_}, {"rs", rs_}, {"sts", sts_}, {"ds", ds_}, {"job", jobs_}}) {
    for (const auto& obj : c_.store().list(*t, "", nullptr, 0, "").items)
      enqueue(kind, str_at(o(*obj, "metadata"), "namespace"), name_of(*obj));
  }
  for (const auto& n : c_.store().list(*namespaces_, "", nullptr, 0, "").items)
    enqueue("ns", "", name_of(*n));  // one still Terminating goes on being emptied
  // Crash-looping containers keep restarting: one restart per 20 steps.
  auto tick = std::make_shared<std::function<void()>>();
  *tick = [this, weak = std::weak_ptr<std::function<void()>>(tick)] {
    enqueue("crashloops", "", "");
    if (auto t = weak.lock()) c_.scheduler().after(step_ * 20, [t] { (*t)(); });
  };
  crash_tick_ = tick;
  // CronJobs are checked every 10 seconds, like the controller's resync.
  auto cron = std::make_shared<std::function<void()>>();
  *cron = [this, weak = std::weak_ptr<std::function<void()>>(cron)] {
    enqueue("cronjobs", "", "");
    if (auto t = weak.lock()) c_.scheduler().after(std::chrono::seconds(10), [t] { (*t)(); });
  };
  cron_tick_ = cron;
  c_.scheduler().after(std::chrono::seconds(1), [cron] { (*cron)(); });
  c_.scheduler().after(step_ * 20, [tick] { (*tick)(); });
}

void Controllers::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Controllers::on_change(const ResourceType& t, const std::string& type, const ObjPtr& obj) {
  const auto& md = o(*obj, "metadata");
  std::string ns = str_at(md, "namespace"), name = str_at(md, "name");
  const std::string& k = t.kind;
  bool deleted = type == "DELETED";
  if (k == "Deployment" && !deleted) enqueue("deploy", ns, name);
  if (k == "ReplicaSet" && !deleted) enqueue("rs", ns, name);
  if (k == "StatefulSet" && !deleted) enqueue("sts", ns, name);
  if (k == "DaemonSet" && !deleted) enqueue("ds", ns, name);
  if (k == "Job" && !deleted) enqueue("job", ns, name);
  if (k == "Pod" && !deleted) enqueue("pod", ns, name);
  if (k == "Node") {
    for (const auto& d : c_.store().list(*ds_, "", nullptr, 0, "").items)
      enqueue("ds", str_at(o(*d, "metadata"), "namespace"), name_of(*d));
  }
  // A node that changed (uncordoned, untainted) or a pod that left may make room: the
  // scheduler tries its unschedulable pods again.
  if (k == "Node" || (k == "Pod" && deleted)) {
    auto waiting = c_.store().list(
        *pods_, "", [](const json::object& p) { return str_at(o(p, "spec"), "nodeName").empty(); },
        0, "");
    for (const auto& p : waiting.items)
      enqueue("pod", str_at(o(*p, "metadata"), "namespace"), name_of(*p));
  }
  if (const auto* owner = controller_of(*obj)) {
    std::string ok = str_at(*owner, "kind");
    std::string oname = str_at(*owner, "name");
    if (ok == "ReplicaSet") enqueue("rs", ns, oname);
    if (ok == "Deployment") enqueue("deploy", ns, oname);
    if (ok == "StatefulSet") enqueue("sts", ns, oname);
    if (ok == "DaemonSet") enqueue("ds", ns, oname);
    if (ok == "Job") enqueue("job", ns, oname);
    if (ok == "CronJob") enqueue("cronjobs", "", "");
  }
  if (k == "CronJob" && !deleted) enqueue("cronjobs", "", "");
  // A namespace marked for deletion, or something leaving one: the namespace controller looks.
  if (k == "Namespace" && t.group.empty() && !deleted && md.contains("deletionTimestamp"))
    enqueue("ns", "", name);
  if (deleted && t.namespaced && !ns.empty()) {
    auto owner_ns = c_.store().get(*namespaces_, "", ns);
    if (owner_ns && o(*owner_ns, "metadata").contains("deletionTimestamp")) enqueue("ns", "", ns);
  }
}

void Controllers::enqueue(const std::string& kind, const std::string& ns, const std::string& name,
                          milliseconds delay) {
  if (delay.count() > 0) {
    c_.scheduler().after(delay, [this, kind, ns, name] { enqueue(kind, ns, name); });
    return;
  }
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    queue_.emplace(kind, ns, name);
  }
  cv_.notify_one();
}

void Controllers::run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    if (queue_.empty()) {
      cv_.wait(lock);
      continue;
    }
    Key k = *queue_.begin();
    queue_.erase(queue_.begin());
    lock.unlock();
    try {
      reconcile(k);
    } catch (const std::exception& e) {
      spdlog::debug("sim[{}] reconcile {} {}/{}: {}", c_.name(), std::get<0>(k), std::get<1>(k),
                    std::get<2>(k), e.what());
    }
    lock.lock();
  }
}

void Controllers::reconcile(const Key& k) {
  const auto& [kind, ns, name] = k;
  if (kind == "pod")
    pod(ns, name);
  else if (kind == "rs")
    replicaset(ns, name);
  else if (kind == "deploy")
    deployment(ns, name);
  else if (kind == "sts")
    statefulset(ns, name);
  else if (kind == "ds")
    daemonset(ns, name);
  else if (kind == "job")
    job(ns, name);
  else if (kind == "ns")
    namespace_deletion(name);
  else if (kind == "crashloops")
    crashloops();
  else if (kind == "cronjobs")
    cronjobs();
}

// ---- scheduler and kubelet ------------------------------------------------------------------
bool Controllers::wait_turn(const std::string& uid, const std::string& ns,
                            const std::string& name) {
  auto it = not_before_.find(uid);
  if (it == not_before_.end()) return false;
  auto now = std::chrono::steady_clock::now();
  if (now >= it->second) return false;
  enqueue("pod", ns, name,
          std::chrono::duration_cast<milliseconds>(it->second - now) + milliseconds(1));
  return true;
}

void Controllers::schedule_turn(const std::string& uid, milliseconds after) {
  not_before_[uid] = std::chrono::steady_clock::now() + after;
  if (not_before_.size() > 100000) not_before_.clear();  // bounded: stale pods are forgotten
}

void Controllers::pod(const std::string& ns, const std::string& name) {
  auto p = c_.store().get(*pods_, ns, name);
  if (!p) return;
  if (!str_at(o(*p, "metadata"), "deletionTimestamp").empty()) return terminate(*p);
  std::string uid = uid_of(*p);
  if (wait_turn(uid, ns, name)) return;
  const auto& spec = o(*p, "spec");
  const auto& status = o(*p, "status");
  std::string phase = str_at(status, "phase");
  if (str_at(spec, "nodeName").empty()) {
    auto nodes = c_.store().list(*nodes_, "", nullptr, 0, "").items;
    auto placed =
        c_.store()
            .list(
                *pods_, "",
                [](const json::object& x) { return !str_at(o(x, "spec"), "nodeName").empty(); }, 0,
                "")
            .items;
    Placement where = place(*p, nodes, placed);
    const auto& fit = where.fit;
    if (fit.empty()) {
      const std::string& msg = where.message;
      // Tried again for the same reasons: nothing new to say.
      if (const auto* conds = arr_at(status, "conditions"))
        for (const auto& cv : *conds)
          if (cv.is_object() && str_at(cv.as_object(), "type") == "PodScheduled" &&
              str_at(cv.as_object(), "message") == msg)
            return;
      auto upd = c_.objects().mutate(*pods_, ns, name, [&](json::object& x) {
        ensure_obj(x, "status")["conditions"] =
            json::array{json::object{{"type", "PodScheduled"},
                                     {"status", "False"},
                                     {"reason", "Unschedulable"},
                                     {"message", msg},
                                     {"lastProbeTime", nullptr},
                                     {"lastTransitionTime", now_rfc3339()}}};
        return true;
      });
      if (upd)
        record_event(c_.objects(), *upd, "Warning", "FailedScheduling", msg, "default-scheduler");
      return;
    }
    const auto& node = fit[next_node_++ % fit.size()];
    std::string node_name = name_of(*node);
    auto upd = c_.objects().mutate(*pods_, ns, name, [&](json::object& x) {
      ensure_obj(x, "spec")["nodeName"] = node_name;
      auto& st = ensure_obj(x, "status");
      st["conditions"] = json::array{json::object{{"type", "PodScheduled"},
                                                  {"status", "True"},
                                                  {"lastProbeTime", nullptr},
                                                  {"lastTransitionTime", now_rfc3339()}}};
      return true;
    });
    if (upd)
      record_event(c_.objects(), *upd, "Normal", "Scheduled",
                   "Successfully assigned " + ns + "/" + name + " to " + node_name,
                   "default-scheduler");
    enqueue("pod", ns, name, step_);
    return;
  }
  bool has_statuses = arr_at(status, "containerStatuses") != nullptr;
  bool is_job_pod = controller_of(*p) && str_at(*controller_of(*p), "kind") == "Job";
  if (phase == "Pending" && !has_statuses && !not_before_.count(uid)) {
    // Placed on a node by its controller (DaemonSet) or the user: starts one step from now.
    schedule_turn(uid, step_);
    enqueue("pod", ns, name, step_);
    return;
  }
  if (phase == "Pending" && !has_statuses) {
    // Starting: pull images, then run.
    bool fails = false;
    std::string bad;
    for (const auto& c : *arr_at(spec, "containers"))
      if (c.is_object() && image_pull_fails(str_at(c.as_object(), "image"))) {
        fails = true;
        bad = str_at(c.as_object(), "image");
      }
    std::string now = now_rfc3339();
    std::string node = str_at(spec, "nodeName");
    std::string host_ip = "172.18.0.2";
    if (auto n = c_.store().get(*nodes_, "", node))
      if (const auto* addrs = arr_at(o(*n, "status"), "addresses"))
        for (const auto& a : *addrs)
          if (a.is_object() && str_at(a.as_object(), "type") == "InternalIP")
            host_ip = str_at(a.as_object(), "address");
    std::string h = random_hex(2);
    std::string ip = "10.244." + std::to_string(std::stoul(h.substr(0, 2), nullptr, 16) % 8) + "." +
                     std::to_string(std::stoul(h.substr(2, 2), nullptr, 16) % 250 + 2);
    auto upd = c_.objects().mutate(*pods_, ns, name, [&](json::object& x) {
      auto& st = ensure_obj(x, "status");
      json::array statuses;
      for (const auto& cv : *arr_at(o(x, "spec"), "containers")) {
        const auto& co = cv.as_object();
        std::string image = str_at(co, "image");
        json::object cs{{"name", str_at(co, "name")},
                        {"image", image},
                        {"restartCount", 0},
                        {"ready", !fails},
                        {"started", !fails}};
        if (fails) {
          cs["imageID"] = "";
          cs["state"] = json::object{
              {"waiting", json::object{{"reason", "ErrImagePull"},
                                       {"message", "failed to pull image \"" + image + "\""}}}};
        } else {
          cs["imageID"] = image + "@sha256:" + random_hex(32);
          cs["containerID"] = "containerd://" + random_hex(32);
          cs["state"] = json::object{{"running", json::object{{"startedAt", now}}}};
        }
        cs["lastState"] = json::object{};
        statuses.push_back(std::move(cs));
      }
      auto cond = [&](const char* type, bool ok) {
        json::object c{{"type", type},
                       {"status", ok ? "True" : "False"},
                       {"lastProbeTime", nullptr},
                       {"lastTransitionTime", now}};
        if (!ok) c["reason"] = "ContainersNotReady";
        return c;
      };
      st["phase"] = fails ? "Pending" : "Running";
      st["conditions"] = json::array{cond("PodReadyToStartContainers", true),
                                     cond("Initialized", true), cond("Ready", !fails),
                                     cond("ContainersReady", !fails), cond("PodScheduled", true)};
      st["hostIP"] = host_ip;
      st["hostIPs"] = json::array{json::object{{"ip", host_ip}}};
      st["podIP"] = ip;
      st["podIPs"] = json::array{json::object{{"ip", ip}}};
      st["startTime"] = now;
      st["containerStatuses"] = std::move(statuses);
      return true;
    });
    if (!upd) return;
    for (const auto& cv : *arr_at(spec, "containers")) {
      const auto& co = cv.as_object();
      std::string cname = str_at(co, "name"), image = str_at(co, "image");
      std::string fp = "spec.containers{" + cname + "}";
      if (image_pull_fails(image)) {
        record_event(c_.objects(), *upd, "Normal", "Pulling", "Pulling image \"" + image + "\"",
                     "kubelet", fp);
        record_event(
            c_.objects(), *upd, "Warning", "Failed",
            "Failed to pull image \"" + image +
                "\": rpc error: code = NotFound desc = failed to pull and unpack image \"" + image +
                "\": not found",
            "kubelet", fp);
        record_event(c_.objects(), *upd, "Warning", "Failed", "Error: ErrImagePull", "kubelet", fp);
      } else {
        record_event(c_.objects(), *upd, "Normal", "Pulled",
                     "Container image \"" + image + "\" already present on machine", "kubelet", fp);
        record_event(c_.objects(), *upd, "Normal", "Created", "Created container: " + cname,
                     "kubelet", fp);
        record_event(c_.objects(), *upd, "Normal", "Started", "Started container " + cname,
                     "kubelet", fp);
      }
    }
    if (fails || is_job_pod) {
      schedule_turn(uid, step_ * 2);
      enqueue("pod", ns, name, step_ * 2);
    }
    return;
  }
  if (phase == "Pending" && has_statuses) {
    // ErrImagePull turns into ImagePullBackOff.
    c_.objects().mutate(*pods_, ns, name, [&](json::object& x) {
      bool changed = false;
      for (auto& cs : ensure_obj(x, "status")["containerStatuses"].as_array()) {
        auto* w = cs.as_object()["state"].as_object().if_contains("waiting");
        if (w && w->is_object() && str_at(w->as_object(), "reason") == "ErrImagePull") {
          w->as_object()["reason"] = "ImagePullBackOff";
          w->as_object()["message"] =
              "Back-off pulling image \"" + str_at(cs.as_object(), "image") + "\"";
          changed = true;
        }
      }
      return changed;
    });
    return;
  }
  if (phase == "Running" && is_job_pod) {
    // A job's pod runs its command to completion.
    std::string now = now_rfc3339();
    c_.objects().mutate(*pods_, ns, name, [&](json::object& x) {
      auto& st = ensure_obj(x, "status");
      st["phase"] = "Succeeded";
      for (auto& cs : st["containerStatuses"].as_array()) {
        auto& cso = cs.as_object();
        std::string started = str_at(o(o(cso, "state"), "running"), "startedAt");
        cso["state"] = json::object{{"terminated", json::object{{"exitCode", 0},
                                                                {"reason", "Completed"},
                                                                {"startedAt", started},
                                                                {"finishedAt", now}}}};
        cso["ready"] = false;
        cso["started"] = false;
      }
      for (auto& c : st["conditions"].as_array()) {
        auto& co = c.as_object();
        std::string type = str_at(co, "type");
        if (type == "Ready" || type == "ContainersReady" || type == "PodReadyToStartContainers") {
          co["status"] = "False";
          co["reason"] = "PodCompleted";
        }
      }
      return true;
    });
  }
}

void Controllers::crashloops() {
  std::string now = now_rfc3339();
  std::string started = rfc3339(now_unix() - 15);
  auto page = c_.store().list(
      *pods_, "",
      [](const json::object& p) {
        if (const auto* css = arr_at(o(p, "status"), "containerStatuses"))
          for (const auto& cs : *css)
            if (cs.is_object() &&
                str_at(o(o(cs.as_object(), "state"), "waiting"), "reason") == "CrashLoopBackOff")
              return true;
        return false;
      },
      0, "");
  for (const auto& p : page.items) {
    const auto& md = o(*p, "metadata");
    std::string cname;
    auto upd = c_.objects().mutate(
        *pods_, str_at(md, "namespace"), str_at(md, "name"), [&](json::object& x) {
          for (auto& cs : ensure_obj(x, "status")["containerStatuses"].as_array()) {
            auto& cso = cs.as_object();
            if (str_at(o(o(cso, "state"), "waiting"), "reason") != "CrashLoopBackOff") continue;
            cso["restartCount"] = int_at(cso, "restartCount") + 1;
            cso["lastState"] = json::object{
                {"terminated", json::object{{"exitCode", 1},
                                            {"reason", "Error"},
                                            {"startedAt", started},
                                            {"finishedAt", now},
                                            {"containerID", "containerd://" + random_hex(32)}}}};
            cname = str_at(cso, "name");
          }
          return true;
        });
    if (upd && !cname.empty())
      record_event(c_.objects(), *upd, "Warning", "BackOff",
                   "Back-off restarting failed container " + cname + " in pod " +
                       str_at(md, "name") + "_" + str_at(md, "namespace") + "(" +
                       str_at(md, "uid") + ")",
                   "kubelet", "spec.containers{" + cname + "}");
  }
}

// ---- ReplicaSet ---------------------------------------------------------------------------
void Controllers::replicaset(const std::string& ns, const std::string& name) {
  auto rs = c_.store().get(*rs_, ns, name);
  // An owner being deleted creates nothing more: its dependents are on their way out.
  if (!rs || being_deleted(*rs)) return;
  std::string uid = uid_of(*rs);
  int64_t desired = count_at(o(*rs, "spec"), "replicas", 1);
  auto pods = c_.store()
                  .list(
                      *pods_, ns, [&](const json::object& p) { return active_of(p, uid); }, 0, "")
                  .items;
  int64_t have = static_cast<int64_t>(pods.size());
  const auto& tmpl = o(o(*rs, "spec"), "template");
  for (int64_t i = have; i < desired; ++i) {
    json::object md = o(tmpl, "metadata");
    md["name"] = name + "-" + random_suffix();
    md["ownerReferences"] = json::array{owner_ref(*rs)};
    md.erase("creationTimestamp");
    json::object pod{
        {"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", md}, {"spec", o(tmpl, "spec")}};
    if (auto created = create_pod(c_, *pods_, *rs, ns, std::move(pod), "replicaset-controller",
                                  "Error creating: "))
      record_event(c_.objects(), *rs, "Normal", "SuccessfulCreate",
                   "Created pod: " + name_of(*created), "replicaset-controller");
  }
  if (have > desired) {
    // Scale down the least useful pods first: unscheduled, not ready, newest.
    std::sort(pods.begin(), pods.end(), [](const ObjPtr& a, const ObjPtr& b) {
      auto rank = [](const json::object& p) {
        return std::make_tuple(str_at(o(p, "spec"), "nodeName").empty() ? 0 : 1,
                               pod_ready(p) ? 1 : 0);
      };
      if (rank(*a) != rank(*b)) return rank(*a) < rank(*b);
      return str_at(o(*a, "metadata"), "creationTimestamp") >
             str_at(o(*b, "metadata"), "creationTimestamp");
    });
    for (int64_t i = 0; i < have - desired; ++i) {
      try {
        auto gone = c_.objects().remove(*pods_, ns, name_of(*pods[i]), "Background", false);
        record_event(c_.objects(), *rs, "Normal", "SuccessfulDelete",
                     "Deleted pod: " + name_of(*gone), "replicaset-controller");
      } catch (const ApiError&) {
      }
    }
  }
  pods = c_.store()
             .list(
                 *pods_, ns, [&](const json::object& p) { return active_of(p, uid); }, 0, "")
             .items;
  int64_t ready =
      std::count_if(pods.begin(), pods.end(), [](const ObjPtr& p) { return pod_ready(*p); });
  c_.objects().mutate(*rs_, ns, name, [&](json::object& x) {
    json::object st = o(x, "status");
    set_count(st, "replicas", static_cast<int64_t>(pods.size()), true);
    set_count(st, "fullyLabeledReplicas", static_cast<int64_t>(pods.size()));
    set_count(st, "readyReplicas", ready);
    set_count(st, "availableReplicas", ready);
    set_count(st, "observedGeneration", int_at(o(x, "metadata"), "generation"));
    if (same_status(st, o(x, "status"))) return false;
    x["status"] = std::move(st);
    return true;
  });
}

// ---- Deployment ---------------------------------------------------------------------------
void Controllers::deployment(const std::string& ns, const std::string& name) {
  auto d = c_.store().get(*deploy_, ns, name);
  // An owner being deleted creates nothing more: its dependents are on their way out.
  if (!d || being_deleted(*d)) return;
  const auto& spec = o(*d, "spec");
  std::string uid = uid_of(*d);
  int64_t desired = count_at(spec, "replicas", 1);
  bool paused = false;
  if (const auto* p = spec.if_contains("paused"); p && p->is_bool()) paused = p->as_bool();
  json::object tmpl = without_hash(o(spec, "template"));
  auto rss = c_.store()
                 .list(
                     *rs_, ns, [&](const json::object& r) { return owned_by(r, uid); }, 0, "")
                 .items;
  ObjPtr new_rs;
  int64_t max_rev = 0;
  for (const auto& r : rss) {
    max_rev = std::max<int64_t>(max_rev, std::atoll(revision_of(*r).c_str()));
    if (!new_rs && without_hash(o(o(*r, "spec"), "template")) == tmpl) new_rs = r;
  }
  auto scale_rs = [&](const ObjPtr& r, int64_t to) {
    int64_t from = count_at(o(*r, "spec"), "replicas", 1);
    if (from == to) return;
    c_.objects().mutate(*rs_, ns, name_of(*r), [&](json::object& x) {
      ensure_obj(x, "spec")["replicas"] = to;
      auto& ann = ensure_obj(ensure_obj(x, "metadata"), "annotations");
      ann["deployment.kubernetes.io/desired-replicas"] = std::to_string(desired);
      return true;
    });
    record_event(c_.objects(), *d, "Normal", "ScalingReplicaSet",
                 std::string(to > from ? "Scaled up" : "Scaled down") + " replica set " +
                     name_of(*r) + " from " + std::to_string(from) + " to " + std::to_string(to),
                 "deployment-controller");
  };
  const auto& annotations = o(o(*d, "metadata"), "annotations");
  if (!new_rs && !paused) {
    std::string hash = alnum(std::hash<std::string>{}(json::serialize(tmpl)), 10);
    std::string rs_name = name + "-" + hash;
    bool first = rss.empty();
    json::object labels = o(o(tmpl, "metadata"), "labels");
    labels["pod-template-hash"] = hash;
    json::object rs_tmpl = tmpl;
    ensure_obj(rs_tmpl, "metadata")["labels"] = labels;
    json::object selector = o(spec, "selector");
    ensure_obj(selector, "matchLabels")["pod-template-hash"] = hash;
    json::object ann{{"deployment.kubernetes.io/revision", std::to_string(max_rev + 1)},
                     {"deployment.kubernetes.io/desired-replicas", std::to_string(desired)},
                     {"deployment.kubernetes.io/max-replicas", std::to_string(desired + 1)}};
    if (auto cc = str_at(annotations, "kubernetes.io/change-cause"); !cc.empty())
      ann["kubernetes.io/change-cause"] = cc;
    json::object rs{
        {"apiVersion", "apps/v1"},
        {"kind", "ReplicaSet"},
        {"metadata", json::object{{"name", rs_name},
                                  {"labels", labels},
                                  {"annotations", ann},
                                  {"ownerReferences", json::array{owner_ref(*d)}}}},
        {"spec", json::object{{"replicas", 0},
                              {"selector", selector},
                              {"template", rs_tmpl},
                              {"minReadySeconds", count_at(spec, "minReadySeconds", 0, 1 << 30)}}}};
    new_rs = c_.objects().create(*rs_, ns, std::move(rs), WriteOptions{});
    rss.push_back(new_rs);
    if (first && desired > 0) scale_rs(new_rs, desired);
    max_rev += 1;
  }
  if (new_rs) {
    int64_t rev = std::atoll(revision_of(*new_rs).c_str());
    int64_t others = 0;
    for (const auto& r : rss)
      if (r != new_rs) others = std::max<int64_t>(others, std::atoll(revision_of(*r).c_str()));
    if (rev <= others) {
      // Rolling back to an older template makes its ReplicaSet the newest revision.
      rev = others + 1;
      new_rs = c_.objects().mutate(*rs_, ns, name_of(*new_rs), [&](json::object& x) {
        auto& ann = ensure_obj(ensure_obj(x, "metadata"), "annotations");
        ann["deployment.kubernetes.io/revision"] = std::to_string(rev);
        if (auto cc = str_at(annotations, "kubernetes.io/change-cause"); !cc.empty())
          ann["kubernetes.io/change-cause"] = cc;
        return true;
      });
    }
    if (str_at(annotations, "deployment.kubernetes.io/revision") != std::to_string(rev)) {
      d = c_.objects().mutate(*deploy_, ns, name, [&](json::object& x) {
        ensure_obj(ensure_obj(x, "metadata"), "annotations")["deployment.kubernetes.io/revision"] =
            std::to_string(rev);
        return true;
      });
      if (!d) return;
    }
  }
  // Reload after our own writes.
  rss = c_.store()
            .list(
                *rs_, ns, [&](const json::object& r) { return owned_by(r, uid); }, 0, "")
            .items;
  if (new_rs) new_rs = c_.store().get(*rs_, ns, name_of(*new_rs));
  std::vector<ObjPtr> olds;
  for (const auto& r : rss)
    if (!new_rs || name_of(*r) != name_of(*new_rs)) olds.push_back(r);
  std::sort(olds.begin(), olds.end(), [](const ObjPtr& a, const ObjPtr& b) {
    return std::atoll(revision_of(*a).c_str()) < std::atoll(revision_of(*b).c_str());
  });
  auto spec_of = [](const ObjPtr& r) { return count_at(o(*r, "spec"), "replicas", 1); };
  auto avail_of = [](const ObjPtr& r) { return int_at(o(*r, "status"), "availableReplicas"); };

  const auto& strategy = o(spec, "strategy");
  const auto& ru = o(strategy, "rollingUpdate");
  int64_t max_surge = resolve_percent(ru.if_contains("maxSurge"), desired, true, 25);
  int64_t max_unavailable = resolve_percent(ru.if_contains("maxUnavailable"), desired, false, 25);
  if (max_surge == 0 && max_unavailable == 0) max_unavailable = 1;

  if (new_rs && !paused) {
    if (str_at(strategy, "type") == "Recreate") {
      bool old_running = false;
      for (const auto& r : olds) {
        if (spec_of(r) > 0) scale_rs(r, 0);
        if (int_at(o(*r, "status"), "replicas") > 0) old_running = true;
      }
      if (!old_running && spec_of(new_rs) != desired) scale_rs(new_rs, desired);
    } else {
      int64_t total = 0;
      for (const auto& r : rss) total += spec_of(r);
      int64_t new_spec = spec_of(new_rs);
      if (new_spec > desired) {
        scale_rs(new_rs, desired);
      } else if (new_spec < desired) {
        int64_t up = std::min(desired + max_surge - total, desired - new_spec);
        if (up > 0) scale_rs(new_rs, new_spec + up);
      }
      int64_t available = 0;
      for (const auto& r : rss) available += avail_of(r);
      int64_t removable = available - (desired - max_unavailable);
      for (const auto& r : olds) {
        int64_t s = spec_of(r);
        if (s == 0) continue;
        int64_t unhealthy = std::max<int64_t>(0, s - avail_of(r));
        int64_t take = std::min(s, unhealthy + std::max<int64_t>(0, removable));
        removable -= std::max<int64_t>(0, take - unhealthy);
        if (take > 0) scale_rs(r, s - take);
      }
    }
  } else if (new_rs && paused && olds.empty() && spec_of(new_rs) != desired) {
    scale_rs(new_rs, desired);  // a paused deployment still scales
  }

  // Status from the ReplicaSets.
  rss = c_.store()
            .list(
                *rs_, ns, [&](const json::object& r) { return owned_by(r, uid); }, 0, "")
            .items;
  int64_t replicas = 0, ready = 0, available = 0, updated = 0;
  for (const auto& r : rss) {
    const auto& st = o(*r, "status");
    replicas += int_at(st, "replicas");
    ready += int_at(st, "readyReplicas");
    available += int_at(st, "availableReplicas");
    if (new_rs && name_of(*r) == name_of(*new_rs)) updated = int_at(st, "replicas");
  }
  bool complete = new_rs && updated == desired && replicas == updated && available >= updated &&
                  count_at(o(*new_rs, "spec"), "replicas", 1) == desired;
  // Progress: any change in the counts. None for progressDeadlineSeconds fails the rollout.
  bool timed_out = false;
  if (!complete && !paused) {
    std::string sig = std::to_string(replicas) + "/" + std::to_string(updated) + "/" +
                      std::to_string(ready) + "/" + std::to_string(available) + "/" +
                      (new_rs ? name_of(*new_rs) : "");
    auto& pr = progress_[uid];
    auto now_tp = std::chrono::steady_clock::now();
    if (pr.first != sig) pr = {sig, now_tp};
    timed_out = now_tp - pr.second >=
                std::chrono::seconds(count_at(spec, "progressDeadlineSeconds", 600, 1 << 30));
  } else {
    progress_.erase(uid);
  }
  c_.objects().mutate(*deploy_, ns, name, [&](json::object& x) {
    json::object st = o(x, "status");
    const auto* old_conds = arr_at(o(x, "status"), "conditions");
    set_count(st, "observedGeneration", int_at(o(x, "metadata"), "generation"));
    set_count(st, "replicas", replicas);
    set_count(st, "updatedReplicas", updated);
    set_count(st, "readyReplicas", ready);
    set_count(st, "availableReplicas", available);
    set_count(st, "unavailableReplicas", std::max<int64_t>(0, replicas - available));
    bool avail_ok = available >= desired - max_unavailable;
    std::string rs_name = new_rs ? name_of(*new_rs) : name;
    json::object progressing =
        paused
            ? condition("Progressing", false, "DeploymentPaused", "Deployment is paused", old_conds)
        : complete
            ? condition("Progressing", true, "NewReplicaSetAvailable",
                        "ReplicaSet \"" + rs_name + "\" has successfully progressed.", old_conds)
        : timed_out
            ? condition("Progressing", false, "ProgressDeadlineExceeded",
                        "ReplicaSet \"" + rs_name + "\" has timed out progressing.", old_conds)
            : condition("Progressing", true, "ReplicaSetUpdated",
                        "ReplicaSet \"" + rs_name + "\" is progressing.", old_conds);
    st["conditions"] =
        json::array{condition("Available", avail_ok,
                              avail_ok ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                              avail_ok ? "Deployment has minimum availability."
                                       : "Deployment does not have minimum availability.",
                              old_conds),
                    progressing};
    if (same_status(st, o(x, "status"))) return false;
    x["status"] = std::move(st);
    return true;
  });
  if (!complete && !paused) enqueue("deploy", ns, name, std::max(step_, milliseconds(500)));
}

// ---- StatefulSet, DaemonSet, Job ------------------------------------------------------------
void Controllers::statefulset(const std::string& ns, const std::string& name) {
  auto s = c_.store().get(*sts_, ns, name);
  // An owner being deleted creates nothing more: its dependents are on their way out.
  if (!s || being_deleted(*s)) return;
  std::string uid = uid_of(*s);
  const auto& spec = o(*s, "spec");
  int64_t desired = count_at(spec, "replicas", 1);
  const auto& tmpl = o(spec, "template");
  auto pods = c_.store()
                  .list(
                      *pods_, ns, [&](const json::object& p) { return owned_by(p, uid); }, 0, "")
                  .items;
  std::set<std::string> have;
  bool all_ready = true;
  for (const auto& p : pods) {
    have.insert(name_of(*p));
    all_ready = all_ready && pod_ready(*p);
  }
  std::string update_rev = revision_name(name, tmpl);
  record_controller_revision(c_.objects(), *revs_, *s, update_rev);
  std::string current_rev = str_at(o(*s, "status"), "currentRevision");
  if (current_rev.empty()) current_rev = update_rev;
  // Rolling update: when everything is ready, replace the highest-ordinal outdated pod.
  if (all_ready && static_cast<int64_t>(pods.size()) == desired) {
    ObjPtr victim;
    for (const auto& p : pods)
      if (pod_revision(*p, current_rev) != update_rev &&
          (!victim || name_of(*p).size() > name_of(*victim).size() ||
           (name_of(*p).size() == name_of(*victim).size() && name_of(*p) > name_of(*victim))))
        victim = p;
    if (victim) {
      try {
        c_.objects().remove(*pods_, ns, name_of(*victim), "Background", false);
        have.erase(name_of(*victim));
        record_event(c_.objects(), *s, "Normal", "SuccessfulDelete",
                     "delete Pod " + name_of(*victim) + " in StatefulSet " + name + " successful",
                     "statefulset-controller");
      } catch (const ApiError&) {
      }
      enqueue("sts", ns, name, step_);
      all_ready = false;
    }
  }
  // Ordered: pod i+1 is created when pods 0..i are ready; scale down from the highest ordinal.
  for (int64_t i = 0; i < desired && all_ready; ++i) {
    std::string pn = name + "-" + std::to_string(i);
    if (have.count(pn)) continue;
    if (const auto* vcts = arr_at(spec, "volumeClaimTemplates"))
      for (const auto& v : *vcts) {
        if (!v.is_object()) continue;
        std::string claim = name_of(v.as_object()) + "-" + pn;
        if (c_.store().get(*pvcs_, ns, claim)) continue;
        json::object pvc{{"metadata", json::object{{"name", claim},
                                                   {"labels", o(o(tmpl, "metadata"), "labels")}}},
                         {"spec", o(v.as_object(), "spec")}};
        auto& ps = pvc["spec"].as_object();
        if (!ps.contains("storageClassName")) ps["storageClassName"] = "standard";
        ps["volumeName"] = "pvc-" + new_uid();
        ps["volumeMode"] = "Filesystem";
        pvc["status"] = json::object{
            {"phase", "Bound"},
            {"accessModes", ps.contains("accessModes") ? ps["accessModes"] : json::array{}},
            {"capacity", o(o(ps, "resources"), "requests")}};
        try {
          c_.objects().create(*pvcs_, ns, std::move(pvc), WriteOptions{});
        } catch (const ApiError&) {
        }
      }
    json::object md = o(tmpl, "metadata");
    auto& labels = ensure_obj(md, "labels");
    labels["statefulset.kubernetes.io/pod-name"] = pn;
    labels["apps.kubernetes.io/pod-index"] = std::to_string(i);
    labels["controller-revision-hash"] = update_rev;
    md["name"] = pn;
    md["ownerReferences"] = json::array{owner_ref(*s)};
    json::object pspec = o(tmpl, "spec");
    pspec["hostname"] = pn;
    pspec["subdomain"] = str_at(spec, "serviceName");
    if (create_pod(c_, *pods_, *s, ns, json::object{{"metadata", md}, {"spec", pspec}},
                   "statefulset-controller",
                   "create Pod " + pn + " in StatefulSet " + name + " failed error: "))
      record_event(c_.objects(), *s, "Normal", "SuccessfulCreate",
                   "create Pod " + pn + " in StatefulSet " + name + " successful",
                   "statefulset-controller");
    break;  // one at a time
  }
  for (int64_t i = static_cast<int64_t>(pods.size()) + 16; i >= desired; --i) {
    std::string pn = name + "-" + std::to_string(i);
    if (!have.count(pn)) continue;
    try {
      c_.objects().remove(*pods_, ns, pn, "Background", false);
      record_event(c_.objects(), *s, "Normal", "SuccessfulDelete",
                   "delete Pod " + pn + " in StatefulSet " + name + " successful",
                   "statefulset-controller");
    } catch (const ApiError&) {
    }
    break;
  }
  pods = c_.store()
             .list(
                 *pods_, ns, [&](const json::object& p) { return owned_by(p, uid); }, 0, "")
             .items;
  int64_t ready =
      std::count_if(pods.begin(), pods.end(), [](const ObjPtr& p) { return pod_ready(*p); });
  int64_t updated = std::count_if(pods.begin(), pods.end(), [&](const ObjPtr& p) {
    return pod_revision(*p, current_rev) == update_rev;
  });
  bool rolled = updated == static_cast<int64_t>(pods.size()) && updated == desired;
  c_.objects().mutate(*sts_, ns, name, [&](json::object& x) {
    json::object st = o(x, "status");
    set_count(st, "observedGeneration", int_at(o(x, "metadata"), "generation"));
    set_count(st, "replicas", static_cast<int64_t>(pods.size()), true);
    set_count(st, "readyReplicas", ready);
    set_count(st, "currentReplicas",
              rolled ? updated : static_cast<int64_t>(pods.size()) - updated);
    set_count(st, "updatedReplicas", updated);
    set_count(st, "availableReplicas", ready);
    st["updateRevision"] = update_rev;
    st["currentRevision"] = rolled ? update_rev : current_rev;
    st["collisionCount"] = 0;
    if (same_status(st, o(x, "status"))) return false;
    x["status"] = std::move(st);
    return true;
  });
  if (static_cast<int64_t>(pods.size()) != desired || !rolled) enqueue("sts", ns, name, step_);
}

void Controllers::daemonset(const std::string& ns, const std::string& name) {
  auto ds = c_.store().get(*ds_, ns, name);
  // An owner being deleted creates nothing more: its dependents are on their way out.
  if (!ds || being_deleted(*ds)) return;
  std::string uid = uid_of(*ds);
  const auto& tmpl = o(o(*ds, "spec"), "template");
  auto nodes = c_.store().list(*nodes_, "", nullptr, 0, "").items;
  auto pods = c_.store()
                  .list(
                      *pods_, ns, [&](const json::object& p) { return owned_by(p, uid); }, 0, "")
                  .items;
  std::string rev = revision_name(name, tmpl);
  record_controller_revision(c_.objects(), *revs_, *ds, rev);
  // Rolling update, one node at a time (maxUnavailable 1): replace an outdated pod once all are
  // ready.
  bool all_ready =
      std::all_of(pods.begin(), pods.end(), [](const ObjPtr& p) { return pod_ready(*p); });
  if (all_ready && pods.size() >= nodes.size()) {
    for (const auto& p : pods)
      if (pod_revision(*p, seen_ds_rev_.count(uid) ? seen_ds_rev_[uid] : rev) != rev) {
        try {
          c_.objects().remove(*pods_, ns, name_of(*p), "Background", false);
          record_event(c_.objects(), *ds, "Normal", "SuccessfulDelete",
                       "Deleted pod: " + name_of(*p), "daemonset-controller");
        } catch (const ApiError&) {
        }
        enqueue("ds", ns, name, step_);
        break;
      }
  }
  if (!seen_ds_rev_.count(uid)) seen_ds_rev_[uid] = rev;
  pods = c_.store()
             .list(
                 *pods_, ns, [&](const json::object& p) { return owned_by(p, uid); }, 0, "")
             .items;
  std::set<std::string> covered;
  for (const auto& p : pods) covered.insert(str_at(o(*p, "spec"), "nodeName"));
  for (const auto& n : nodes) {
    std::string node = name_of(*n);
    if (covered.count(node)) continue;
    json::object md = o(tmpl, "metadata");
    md["name"] = name + "-" + random_suffix();
    md["ownerReferences"] = json::array{owner_ref(*ds)};
    ensure_obj(md, "labels")["controller-revision-hash"] = rev;
    json::object pspec = o(tmpl, "spec");
    pspec["nodeName"] = node;
    if (auto p = create_pod(c_, *pods_, *ds, ns, json::object{{"metadata", md}, {"spec", pspec}},
                            "daemonset-controller", "Error creating: "))
      record_event(c_.objects(), *ds, "Normal", "SuccessfulCreate", "Created pod: " + name_of(*p),
                   "daemonset-controller");
  }
  pods = c_.store()
             .list(
                 *pods_, ns, [&](const json::object& p) { return owned_by(p, uid); }, 0, "")
             .items;
  int64_t ready =
      std::count_if(pods.begin(), pods.end(), [](const ObjPtr& p) { return pod_ready(*p); });
  int64_t n = static_cast<int64_t>(nodes.size());
  c_.objects().mutate(*ds_, ns, name, [&](json::object& x) {
    json::object st = o(x, "status");
    set_count(st, "desiredNumberScheduled", n, true);
    set_count(st, "currentNumberScheduled", static_cast<int64_t>(pods.size()), true);
    set_count(st, "numberReady", ready, true);
    set_count(st, "updatedNumberScheduled",
              std::count_if(pods.begin(), pods.end(), [&](const ObjPtr& p) {
                return pod_revision(*p, seen_ds_rev_[uid]) == rev;
              }));
    set_count(st, "numberAvailable", ready);
    set_count(st, "numberMisscheduled", 0, true);
    set_count(st, "observedGeneration", int_at(o(x, "metadata"), "generation"));
    if (same_status(st, o(x, "status"))) return false;
    x["status"] = std::move(st);
    return true;
  });
}

void Controllers::job(const std::string& ns, const std::string& name) {
  auto j = c_.store().get(*jobs_, ns, name);
  // An owner being deleted creates nothing more: its dependents are on their way out.
  if (!j || being_deleted(*j)) return;
  const auto& status = o(*j, "status");
  if (!str_at(status, "completionTime").empty()) return;
  std::string uid = uid_of(*j);
  auto pods = c_.store()
                  .list(
                      *pods_, ns, [&](const json::object& p) { return owned_by(p, uid); }, 0, "")
                  .items;
  if (pods.empty()) {
    const auto& tmpl = o(o(*j, "spec"), "template");
    json::object md = o(tmpl, "metadata");
    auto& labels = ensure_obj(md, "labels");
    labels["batch.kubernetes.io/job-name"] = name;
    labels["job-name"] = name;
    labels["batch.kubernetes.io/controller-uid"] = uid;
    labels["controller-uid"] = uid;
    md["name"] = name + "-" + random_suffix();
    md["ownerReferences"] = json::array{owner_ref(*j)};
    if (auto p = create_pod(c_, *pods_, *j, ns,
                            json::object{{"metadata", md}, {"spec", o(tmpl, "spec")}},
                            "job-controller", "Error creating: "))
      record_event(c_.objects(), *j, "Normal", "SuccessfulCreate", "Created pod: " + name_of(*p),
                   "job-controller");
    c_.objects().mutate(*jobs_, ns, name, [&](json::object& x) {
      auto& st = ensure_obj(x, "status");
      if (st.contains("startTime")) return false;
      st["startTime"] = now_rfc3339();
      st["active"] = 1;
      return true;
    });
    return;
  }
  int64_t succeeded = std::count_if(pods.begin(), pods.end(), [](const ObjPtr& p) {
    return str_at(o(*p, "status"), "phase") == "Succeeded";
  });
  if (succeeded >= count_at(o(*j, "spec"), "completions", 1)) {
    std::string now = now_rfc3339();
    auto done = c_.objects().mutate(*jobs_, ns, name, [&](json::object& x) {
      auto& st = ensure_obj(x, "status");
      st.erase("active");
      st["succeeded"] = succeeded;
      st["ready"] = 0;
      st["completionTime"] = now;
      st["conditions"] = json::array{json::object{{"type", "SuccessCriteriaMet"},
                                                  {"status", "True"},
                                                  {"lastProbeTime", now},
                                                  {"lastTransitionTime", now}},
                                     json::object{{"type", "Complete"},
                                                  {"status", "True"},
                                                  {"lastProbeTime", now},
                                                  {"lastTransitionTime", now}}};
      return true;
    });
    if (done)
      record_event(c_.objects(), *done, "Normal", "Completed", "Job completed", "job-controller");
  }
}

}  // namespace kubemcp::sim

namespace kubemcp::sim {

namespace {

bool cron_field(const std::string& field, int value, int lo_bound, int hi_bound) {
  size_t start = 0;
  while (start <= field.size()) {
    size_t comma = field.find(',', start);
    std::string part =
        field.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    int step = 1;
    if (auto slash = part.find('/'); slash != std::string::npos) {
      step = std::max(1, std::atoi(part.c_str() + slash + 1));
      part = part.substr(0, slash);
    }
    int lo, hi;
    if (part == "*" || part == "?") {
      lo = lo_bound;
      hi = hi_bound;
    } else if (auto dash = part.find('-'); dash != std::string::npos) {
      lo = std::atoi(part.c_str());
      hi = std::atoi(part.c_str() + dash + 1);
    } else {
      lo = std::atoi(part.c_str());
      hi = step > 1 ? hi_bound : lo;
    }
    if (value >= lo && value <= hi && (value - lo) % step == 0) return true;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return false;
}

}  // namespace

bool cron_matches(const std::string& schedule, int64_t t) {
  std::string s = schedule;
  if (s == "@yearly" || s == "@annually")
    s = "0 0 1 1 *";
  else if (s == "@monthly")
    s = "0 0 1 * *";
  else if (s == "@weekly")
    s = "0 0 * * 0";
  else if (s == "@daily" || s == "@midnight")
    s = "0 0 * * *";
  else if (s == "@hourly")
    s = "0 * * * *";
  std::vector<std::string> f;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find_first_of(" \t", i);
    if (j == std::string::npos) j = s.size();
    if (j > i) f.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  if (f.size() != 5) return false;
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  bool dom_any = f[2] == "*" || f[2] == "?", dow_any = f[4] == "*" || f[4] == "?";
  bool dom = cron_field(f[2], tm.tm_mday, 1, 31);
  bool dow = cron_field(f[4], tm.tm_wday, 0, 6) || (tm.tm_wday == 0 && cron_field(f[4], 7, 0, 7));
  bool day = dom_any || dow_any ? (dom && dow) : (dom || dow);
  return cron_field(f[0], tm.tm_min, 0, 59) && cron_field(f[1], tm.tm_hour, 0, 23) &&
         cron_field(f[3], tm.tm_mon + 1, 1, 12) && day;
}

void Controllers::cronjobs() {
  int64_t now = now_unix();
  for (const auto& cj : c_.store().list(*cronjobs_, "", nullptr, 0, "").items) {
    const auto& md = o(*cj, "metadata");
    std::string ns = str_at(md, "namespace"), name = str_at(md, "name");
    const auto& spec = o(*cj, "spec");
    std::string uid = uid_of(*cj);
    // Bookkeeping of the jobs it owns: active ones, last success, history limits.
    auto jobs = c_.store()
                    .list(
                        *jobs_, ns, [&](const json::object& j) { return owned_by(j, uid); }, 0, "")
                    .items;
    json::array active;
    std::string last_success;
    std::vector<ObjPtr> finished;
    for (const auto& j : jobs) {
      std::string done = str_at(o(*j, "status"), "completionTime");
      if (done.empty()) {
        active.push_back(
            json::object{{"kind", "Job"},
                         {"namespace", ns},
                         {"name", name_of(*j)},
                         {"uid", uid_of(*j)},
                         {"apiVersion", "batch/v1"},
                         {"resourceVersion", str_at(o(*j, "metadata"), "resourceVersion")}});
      } else {
        finished.push_back(j);
        last_success = std::max(last_success, done);
      }
    }
    std::sort(finished.begin(), finished.end(), [](const ObjPtr& a, const ObjPtr& b) {
      return str_at(o(*a, "status"), "completionTime") < str_at(o(*b, "status"), "completionTime");
    });
    int64_t keep = count_at(spec, "successfulJobsHistoryLimit", 3);
    for (size_t i = 0; i + keep < finished.size(); ++i) {
      try {
        c_.objects().remove(*jobs_, ns, name_of(*finished[i]), "Background", false);
      } catch (const ApiError&) {
      }
    }
    // The most recent missed schedule since the last one (at most a week back), like the
    // controller, which starts only the latest missed run.
    bool suspended = false;
    if (const auto* sv = spec.if_contains("suspend"); sv && sv->is_bool())
      suspended = sv->as_bool();
    std::string last = str_at(o(*cj, "status"), "lastScheduleTime");
    if (last.empty()) last = str_at(md, "creationTimestamp");
    int64_t since = parse_rfc3339(last);
    int64_t due = -1;
    if (!suspended && since >= 0)
      for (int64_t t = now / 60 * 60; t > since && t > now - 7 * 86400; t -= 60)
        if (cron_matches(str_at(spec, "schedule"), t)) {
          due = t;
          break;
        }
    if (due >= 0) {
      const auto& jt = o(spec, "jobTemplate");
      json::object jmd = o(jt, "metadata");
      jmd["name"] = name + "-" + std::to_string(due / 60);
      jmd["ownerReferences"] = json::array{owner_ref(*cj)};
      ensure_obj(jmd, "annotations")["batch.kubernetes.io/cronjob-scheduled-timestamp"] =
          rfc3339(due);
      try {
        auto job = c_.objects().create(*jobs_, ns,
                                       json::object{{"apiVersion", "batch/v1"},
                                                    {"kind", "Job"},
                                                    {"metadata", jmd},
                                                    {"spec", o(jt, "spec")}},
                                       WriteOptions{});
        record_event(c_.objects(), *cj, "Normal", "SuccessfulCreate",
                     "Created job " + name_of(*job), "cronjob-controller");
        active.push_back(
            json::object{{"kind", "Job"},
                         {"namespace", ns},
                         {"name", name_of(*job)},
                         {"uid", uid_of(*job)},
                         {"apiVersion", "batch/v1"},
                         {"resourceVersion", str_at(o(*job, "metadata"), "resourceVersion")}});
      } catch (const ApiError& e) {
        spdlog::debug("sim[{}] cronjob {}: {}", c_.name(), name, e.what());
      }
    }
    c_.objects().mutate(*cronjobs_, ns, name, [&](json::object& x) {
      json::object st = o(x, "status");
      if (active.empty()) {
        st.erase("active");
      } else {
        st["active"] = active;
      }
      if (due >= 0) st["lastScheduleTime"] = rfc3339(due);
      if (!last_success.empty() && last_success > str_at(st, "lastSuccessfulTime"))
        st["lastSuccessfulTime"] = last_success;
      if (st == o(x, "status")) return false;
      x["status"] = std::move(st);
      return true;
    });
  }
}

}  // namespace kubemcp::sim
