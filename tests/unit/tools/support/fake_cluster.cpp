#include "fake_cluster.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <fstream>
#include <sstream>

#include "fleet/config.hpp"
#include "net/cancel.hpp"
#include "net/json_access.hpp"

namespace kubemcp::testing {
namespace json = boost::json;
namespace fs = std::filesystem;
namespace {

struct Kind {
  const char* kind;
  const char* group;  // "" for the core group
  const char* plural;
  const char* singular;
  bool namespaced;
  const char* short_name;
};

constexpr Kind kKinds[] = {
    {"Pod", "", "pods", "pod", true, "po"},
    {"Event", "", "events", "event", true, "ev"},
    {"Service", "", "services", "service", true, "svc"},
    {"Secret", "", "secrets", "secret", true, ""},
    {"ConfigMap", "", "configmaps", "configmap", true, "cm"},
    {"Node", "", "nodes", "node", false, "no"},
    {"Namespace", "", "namespaces", "namespace", false, "ns"},
    {"Deployment", "apps", "deployments", "deployment", true, "deploy"},
    {"StatefulSet", "apps", "statefulsets", "statefulset", true, "sts"},
    {"DaemonSet", "apps", "daemonsets", "daemonset", true, "ds"},
    {"ReplicaSet", "apps", "replicasets", "replicaset", true, "rs"},
};

const Kind* by_plural(std::string_view group, std::string_view plural) {
  for (const auto& k : kKinds)
    if (k.group == group && k.plural == plural) return &k;
  return nullptr;
}

const Kind* by_kind(std::string_view kind) {
  for (const auto& k : kKinds)
    if (k.kind == kind) return &k;
  return nullptr;
}

kube::Response json_response(int status, const json::value& body) {
  kube::Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = json::serialize(body);
  return r;
}

kube::Response status_response(int code, const std::string& reason, const std::string& message) {
  return json_response(code, json::object{{"kind", "Status"},
                                          {"apiVersion", "v1"},
                                          {"status", "Failure"},
                                          {"message", message},
                                          {"reason", reason},
                                          {"code", code}});
}

json::object resource_list(std::string_view group) {
  json::array rs;
  for (const auto& k : kKinds) {
    if (k.group != group) continue;
    json::object r{{"name", k.plural},
                   {"singularName", k.singular},
                   {"namespaced", k.namespaced},
                   {"kind", k.kind},
                   {"verbs", json::array{"get", "list", "watch", "delete"}}};
    if (*k.short_name) r["shortNames"] = json::array{k.short_name};
    rs.push_back(std::move(r));
  }
  return {{"kind", "APIResourceList"},
          {"groupVersion", group.empty() ? "v1" : std::string(group) + "/v1"},
          {"resources", std::move(rs)}};
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss{std::string(s)};
  for (std::string part; std::getline(ss, part, sep);)
    if (!part.empty()) out.push_back(part);
  return out;
}

// Equality selectors only ("a=b,c=d"): enough for the handlers under test.
bool matches(const json::object& o, const std::string& labels, const std::string& fields) {
  for (const auto& term : split(labels, ',')) {
    const auto eq = term.find('=');
    const auto* md = net::obj_at(o, "metadata");
    const auto* labels = md ? net::obj_at(*md, "labels") : nullptr;
    const auto* l = labels ? labels->if_contains(term.substr(0, eq)) : nullptr;
    if (!l || !l->is_string() || l->get_string() != term.substr(eq + 1)) return false;
  }
  for (const auto& term : split(fields, ',')) {
    const auto eq = term.find('=');
    const auto* v = net::path_at(o, term.substr(0, eq));
    if (!v || !v->is_string() || v->get_string() != term.substr(eq + 1)) return false;
  }
  return true;
}

json::object table_of(const std::vector<const json::object*>& items, const Kind& k) {
  json::array columns{json::object{{"name", "Name"}, {"type", "string"}, {"priority", 0}}};
  if (std::string_view(k.kind) == "Pod")
    columns.push_back(json::object{{"name", "Status"}, {"type", "string"}, {"priority", 0}});
  columns.push_back(json::object{{"name", "Node"}, {"type", "string"}, {"priority", 1}});
  json::array rows;
  for (const auto* o : items) {
    json::array cells{net::str_at(*net::obj_at(*o, "metadata"), "name")};
    if (std::string_view(k.kind) == "Pod") {
      const auto* status = net::obj_at(*o, "status");
      const auto* phase = status ? status->if_contains("phase") : nullptr;
      cells.push_back(phase && phase->is_string() ? phase->get_string() : "Unknown");
    }
    cells.push_back("node-1");
    rows.push_back(json::object{{"cells", std::move(cells)},
                                {"object", json::object{{"metadata", o->at("metadata")}}}});
  }
  return {{"kind", "Table"},
          {"apiVersion", "meta.k8s.io/v1"},
          {"columnDefinitions", std::move(columns)},
          {"rows", std::move(rows)}};
}

// JSON merge patch (RFC 7386): objects merge key by key, null removes, the rest replaces.
// Enough of strategic merge too for the patches handlers send (no list merge keys).
void merge_into(json::object& into, const json::object& patch) {
  for (const auto& kv : patch) {
    if (kv.key().starts_with("$")) continue;  // strategic-merge directives
    if (kv.value().is_null()) {
      into.erase(kv.key());
    } else if (kv.value().is_object() && into.contains(kv.key()) && into.at(kv.key()).is_object()) {
      merge_into(into.at(kv.key()).as_object(), kv.value().as_object());
    } else {
      into[kv.key()] = kv.value();
    }
  }
}

void sort_objects(std::vector<json::object>& objects) {
  std::sort(objects.begin(), objects.end(), [](const json::object& a, const json::object& b) {
    const auto key = [](const json::object& o) {
      const auto& md = o.at("metadata").as_object();
      return net::str_at(md, "namespace") + "/" + net::str_at(md, "name");
    };
    return key(a) < key(b);
  });
}

std::string rfc3339_ago(std::chrono::seconds ago) {
  const std::time_t t =
      std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() - ago);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

void FakeCluster::add(json::value object) {
  std::lock_guard lock(mutex_);
  objects_.push_back(std::move(object.as_object()));
  sort_objects(objects_);
}

void FakeCluster::answer_once(const std::string& method, const std::string& path, int status,
                              json::value body) {
  std::lock_guard lock(mutex_);
  canned_[method + " " + path] = {status, std::move(body)};
}

std::vector<std::string> FakeCluster::bodies() const {
  std::lock_guard lock(mutex_);
  return bodies_;
}

void FakeCluster::set_log(const std::string& ns, const std::string& pod,
                          const std::string& container, std::string text) {
  std::lock_guard lock(mutex_);
  logs_[ns + "/" + pod + "/" + container] = std::move(text);
}

std::vector<std::string> FakeCluster::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

std::vector<std::string> FakeCluster::requests_with(std::string_view part) const {
  std::vector<std::string> out;
  for (auto& q : requests())
    if (q.find(part) != std::string::npos) out.push_back(std::move(q));
  return out;
}

kube::Response FakeCluster::serve(const kube::Request& request) {
  std::lock_guard lock(mutex_);
  requests_.push_back(request.method + " " + request.path +
                      (request.query.empty() ? "" : "?" + request.query.encode()));
  if (request.method == "PATCH" || request.method == "PUT" || request.method == "POST")
    bodies_.push_back(request.body);
  if (auto it = canned_.find(request.method + " " + request.path); it != canned_.end()) {
    auto answer = json_response(it->second.first, it->second.second);
    canned_.erase(it);
    return answer;
  }
  int fail = fail_with_;
  if (fail_next_.second > 0) {
    fail = fail_next_.first;
    --fail_next_.second;
  }
  if (fail == 401) return status_response(401, "Unauthorized", "Unauthorized");
  if (fail)
    return status_response(fail, fail == 403 ? "Forbidden" : "InternalError",
                           "the fake cluster refuses (" + std::to_string(fail) + ")");
  if (auto it = fail_paths_.find(request.path); it != fail_paths_.end())
    return status_response(it->second, it->second == 404 ? "NotFound" : "Forbidden",
                           "the fake cluster refuses (" + std::to_string(it->second) + ")");
  return serve_path(request);
}

// The scale subresource: GET reads spec.replicas as a Scale; a merge PATCH or a PUT of a Scale
// sets it (a dry run changes nothing), and a PUT whose resourceVersion is not the object's is a
// 409 as upstream's optimistic concurrency.
kube::Response FakeCluster::serve_scale(const kube::Request& req, const json::object& object) {
  auto& obj = const_cast<json::object&>(object);  // one of objects_, under the lock
  if (!obj["spec"].is_object()) obj["spec"] = json::object{};
  auto& spec = obj["spec"].as_object();
  auto& md = obj["metadata"].as_object();
  if (net::str_at(md, "resourceVersion").empty()) md["resourceVersion"] = "1";
  const std::string version = net::str_at(md, "resourceVersion");
  if (req.method == "PATCH" || req.method == "PUT") {
    const auto body = json::parse(req.body).as_object();
    const auto* bmd = net::obj_at(body, "metadata");
    if (req.method == "PUT" && bmd && net::str_at(*bmd, "resourceVersion") != version)
      return status_response(409, "Conflict",
                             "Operation cannot be fulfilled on " + net::str_at(md, "name") +
                                 ": the object has been modified; please apply your changes to "
                                 "the latest version and try again");
    const auto* replicas = net::path_at(body, "spec.replicas");
    if (replicas && req.query.get("dryRun").empty()) {
      spec["replicas"] = *replicas;
      md["resourceVersion"] = std::to_string(std::stoi(version) + 1);
    }
  }
  return json_response(
      200, json::object{
               {"kind", "Scale"},
               {"apiVersion", "autoscaling/v1"},
               {"metadata",
                {{"name", net::str_at(md, "name")},
                 {"namespace", net::str_at(md, "namespace")},
                 {"resourceVersion", net::str_at(md, "resourceVersion")}}},
               {"spec",
                {{"replicas", spec.contains("replicas") ? spec.at("replicas") : json::value(1)}}}});
}

// Server-side apply creates an absent object (201) and merges into a present one; merge and
// strategic-merge patches merge into a present one. resourceVersion moves only when something
// changed, as kube-apiserver's; a dry run answers the result and keeps nothing.
kube::Response FakeCluster::serve_patch(const kube::Request& req, const std::string& kind,
                                        const std::string& ns, const std::string& name,
                                        json::object* live) {
  const bool apply = req.content_type == "application/apply-patch+yaml";
  const bool dry_run = !req.query.get("dryRun").empty();
  if (!live && !apply)
    return status_response(404, "NotFound", kind + " \"" + name + "\" not found");
  json::object body;
  try {
    body = json::parse(req.body).as_object();  // JSON is YAML: what the handlers send
  } catch (const std::exception&) {
    return status_response(400, "BadRequest", "the fake cluster reads JSON bodies only");
  }
  json::object result = live ? *live : json::object{};
  merge_into(result, body);
  auto& md = result["metadata"].as_object();
  md["name"] = name;
  if (!ns.empty()) md["namespace"] = ns;
  if (!live) {
    md["uid"] = "uid-" + name;
    md["creationTimestamp"] = rfc3339_ago(std::chrono::seconds(0));
  }
  const bool changed = !live || result != *live;
  if (changed) md["resourceVersion"] = std::to_string(next_version_++);
  if (!dry_run) {
    if (live) {
      *live = result;
    } else {
      objects_.push_back(result);
      sort_objects(objects_);
    }
  }
  return json_response(live ? 200 : 201, result);
}

kube::Response FakeCluster::serve_path(const kube::Request& req) {
  const std::string& p = req.path;
  if (p == "/version") return json_response(200, json::object{{"gitVersion", "v1.32.0"}});
  if (p == "/apis/authentication.k8s.io/v1/selfsubjectreviews")
    return json_response(201,
                         json::object{{"status", {{"userInfo", {{"username", "fake-user"}}}}}});
  if (p == "/api")
    return json_response(200, json::object{{"kind", "APIVersions"}, {"versions", {"v1"}}});
  if (p == "/apis")
    return json_response(
        200, json::object{
                 {"kind", "APIGroupList"},
                 {"groups",
                  json::array{json::object{
                      {"name", "apps"},
                      {"versions", {{{"groupVersion", "apps/v1"}, {"version", "v1"}}}},
                      {"preferredVersion", {{"groupVersion", "apps/v1"}, {"version", "v1"}}}}}}});
  if (p == "/api/v1") return json_response(200, resource_list(""));
  if (p == "/apis/apps/v1") return json_response(200, resource_list("apps"));
  // /api/v1/[namespaces/NS/]PLURAL[/NAME[/SUB]] or /apis/apps/v1/...
  auto parts = split(p, '/');
  std::string group;
  if (parts.size() >= 2 && parts[0] == "api") {
    parts.erase(parts.begin(), parts.begin() + 2);
  } else if (parts.size() >= 3 && parts[0] == "apis") {
    group = parts[1];
    parts.erase(parts.begin(), parts.begin() + 3);
  } else {
    return status_response(404, "NotFound", "the server could not find the requested resource");
  }
  std::string ns;
  if (parts.size() >= 3 && parts[0] == "namespaces") {
    ns = parts[1];
    parts.erase(parts.begin(), parts.begin() + 2);
  }
  const Kind* k = parts.empty() ? nullptr : by_plural(group, parts[0]);
  if (!k)
    return status_response(404, "NotFound", "the server could not find the requested resource");
  const std::string name = parts.size() > 1 ? parts[1] : "";
  const bool table = req.accept.find("as=Table") != std::string::npos;
  std::vector<const json::object*> items;
  for (const auto& o : objects_) {
    const auto& md = o.at("metadata").as_object();
    if (o.at("kind").as_string() != k->kind) continue;
    if (!ns.empty() && net::str_at(md, "namespace") != ns) continue;
    if (!name.empty() && net::str_at(md, "name") != name) continue;
    if (!matches(o, req.query.get("labelSelector"), req.query.get("fieldSelector"))) continue;
    items.push_back(&o);
  }
  if (!name.empty() && req.method == "PATCH" && parts.size() == 2)
    return serve_patch(req, k->kind, k->namespaced ? ns : "", name,
                       items.empty() ? nullptr : const_cast<json::object*>(items[0]));
  if (!name.empty()) {
    if (items.empty())
      return status_response(404, "NotFound",
                             std::string(k->plural) + " \"" + name + "\" not found");
    if (parts.size() > 2 && parts[2] == "scale") return serve_scale(req, *items[0]);
    if (parts.size() > 2 && (parts[2] == "exec" || parts[2] == "attach" ||
                             parts[2] == "portforward"))  // as kube-apiserver without Upgrade
      return status_response(400, "BadRequest", "Upgrade request required");
    if (req.method == "DELETE") {  // the object as it was; a dry run keeps it
      json::object gone = *items[0];
      if (req.query.get("dryRun").empty())
        std::erase_if(objects_, [&](const json::object& o) { return &o == items[0]; });
      return json_response(200, gone);
    }
    if (parts.size() > 2 && parts[2] == "log") {
      auto it = logs_.find(ns + "/" + name + "/" + req.query.get("container"));
      kube::Response r;
      r.status = 200;
      r.body = it == logs_.end() ? "" : it->second;
      return r;
    }
    return json_response(200, table ? json::value(table_of(items, *k)) : json::value(*items[0]));
  }
  // A page: `continue` is the index of the next object, as opaque to the client as the real one.
  const std::size_t start =
      req.query.get("continue").empty() ? 0 : std::stoul(req.query.get("continue"));
  const std::string limit_text = req.query.get("limit");
  const std::size_t limit = limit_text.empty() ? items.size() : std::stoul(limit_text);
  const std::size_t end = std::min(items.size(), start + limit);
  std::vector<const json::object*> page(items.begin() + std::min(start, items.size()),
                                        items.begin() + end);
  json::object meta{{"resourceVersion", "1"}};
  if (end < items.size()) {
    meta["continue"] = std::to_string(end);
    meta["remainingItemCount"] = items.size() - end;
  }
  json::object body;
  if (table) {
    body = table_of(page, *k);
  } else {
    json::array list;
    for (const auto* o : page) list.push_back(*o);
    body = {{"kind", std::string(k->kind) + "List"},
            {"apiVersion", group.empty() ? "v1" : group + "/v1"},
            {"items", std::move(list)}};
  }
  body["metadata"] = std::move(meta);
  return json_response(200, body);
}

FakeFleet::FakeFleet(std::vector<std::string> names, std::size_t budget,
                     std::vector<std::string> login)
    : catalog_(tools::CatalogOptions{}) {
  static std::atomic<int> counter{0};
  dir_ = fs::temp_directory_path() /
         ("kubemcp-fake-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::create_directories(dir_);
  fleet::FleetConfig cfg;
  cfg.source = (dir_ / "config.yaml").string();
  cfg.default_cluster = names.front();
  cfg.settings.output_budget = budget;
  for (const auto& n : names) {
    clusters_[n] = std::make_unique<FakeCluster>();
    const auto kc = dir_ / ("config." + n);
    std::ofstream(kc) << "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n"
                         "    server: https://127.0.0.1:1\nusers:\n- name: u\n  user:\n"
                         "    token: fake-token\ncontexts:\n- name: c\n  context:\n    cluster: c\n"
                         "    user: u\n    namespace: shop\ncurrent-context: c\n";
    fleet::ClusterConfig c;
    c.name = n;
    c.kubeconfig = kc.string();
    c.login = login;
    cfg.clusters.push_back(std::move(c));
  }
  fleet::FleetOptions options;
  options.round_tripper = [this](const std::string& cluster, const kube::Request& r) {
    return clusters_.at(cluster)->serve(r);
  };
  fleet_ = std::make_unique<fleet::Fleet>(fleet::Registry(cfg), options);
}

FakeFleet::~FakeFleet() {
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

tools::Result FakeFleet::call(const std::string& tool, const json::object& args) {
  const tools::Tool* t = catalog_.find(tool);
  if (!t) throw std::invalid_argument("no tool " + tool);
  tools::Context ctx{*fleet_,
                     std::make_shared<net::CancelToken>(),
                     {},
                     [this](const std::string& level, const std::string& m) {
                       logged.push_back(level + " " + m);
                     }};
  return catalog_.call(*t, args, ctx);
}

json::value pod(const std::string& ns, const std::string& name, const std::string& phase,
                bool ready) {
  return json::object{
      {"apiVersion", "v1"},
      {"kind", "Pod"},
      {"metadata",
       {{"name", name},
        {"namespace", ns},
        {"uid", "uid-" + name},
        {"labels", {{"app", name.substr(0, name.find('-'))}}},
        {"creationTimestamp", rfc3339_ago(std::chrono::hours(1))}}},
      {"spec",
       {{"nodeName", "node-1"},
        {"containers", json::array{{{"name", "app"}, {"image", "app:1"}}}}}},
      {"status",
       {{"phase", phase},
        {"conditions", json::array{{{"type", "Ready"}, {"status", ready ? "True" : "False"}}}},
        {"containerStatuses",
         json::array{
             {{"name", "app"},
              {"ready", ready},
              {"restartCount", 0},
              {"state", {{"running", {{"startedAt", rfc3339_ago(std::chrono::hours(1))}}}}}}}}}}};
}

json::value deployment_of(const std::string& ns, const std::string& name, const std::string& app) {
  return json::object{{"apiVersion", "apps/v1"},
                      {"kind", "Deployment"},
                      {"metadata", {{"name", name}, {"namespace", ns}, {"uid", "uid-" + name}}},
                      {"spec", {{"replicas", 2}, {"selector", {{"matchLabels", {{"app", app}}}}}}}};
}

json::value two_container_pod(const std::string& ns, const std::string& name, bool ready,
                              const std::string& default_container) {
  json::value p = pod(ns, name, "Running", ready);
  p.at("spec").as_object()["containers"] =
      json::array{{{"name", "app"},
                   {"image", "app:1"},
                   {"ports", json::array{{{"name", "http"}, {"containerPort", 8080}}}}},
                  {{"name", "sidecar"}, {"image", "proxy:1"}}};
  if (!default_container.empty())
    p.at("metadata").as_object()["annotations"] =
        json::object{{"kubectl.kubernetes.io/default-container", default_container}};
  return p;
}

json::value crashlooping_pod(const std::string& ns, const std::string& name) {
  json::value p = pod(ns, name, "Running", false);
  auto& cs = p.at("status").at("containerStatuses").as_array()[0].as_object();
  cs["restartCount"] = 7;
  cs["state"] = {{"waiting", {{"reason", "CrashLoopBackOff"}, {"message", "back-off 5m0s"}}}};
  cs["lastState"] = {{"terminated", {{"exitCode", 1}, {"reason", "Error"}}}};
  return p;
}

json::value warning_event(const std::string& ns, const std::string& pod, const std::string& reason,
                          const std::string& message) {
  return json::object{{"apiVersion", "v1"},
                      {"kind", "Event"},
                      {"metadata", {{"name", pod + "." + reason}, {"namespace", ns}}},
                      {"involvedObject",
                       {{"kind", "Pod"}, {"name", pod}, {"namespace", ns}, {"uid", "uid-" + pod}}},
                      {"reason", reason},
                      {"message", message},
                      {"type", "Warning"},
                      {"count", 3},
                      {"source", {{"component", "kubelet"}}},
                      {"firstTimestamp", rfc3339_ago(std::chrono::minutes(10))},
                      {"lastTimestamp", rfc3339_ago(std::chrono::minutes(1))}};
}

}  // namespace kubemcp::testing
