#include "tools/core/rollout_actions.hpp"

#include <boost/json.hpp>
#include <ctime>
#include <functional>
#include <map>
#include <set>

#include "kube/discovery.hpp"
#include "kube/errors.hpp"
#include "kube/rest_client.hpp"
#include "kube/verbs.hpp"
#include "render/yaml.hpp"
#include "tools/core/change.hpp"
#include "tools/core/rollout_history.hpp"
#include "tools/core/rollout_status.hpp"
#include "tools/core/rollout_wait.hpp"

namespace kubemcp::tools::core {
namespace json = boost::json;
namespace {

const std::set<std::string> kWorkloads = {"Deployment", "StatefulSet", "DaemonSet"};
const std::set<std::string> kDeployments = {"Deployment"};

// "ReplicaSet.apps", as kubectl prints a GroupKind.
std::string group_kind(const kube::ResourceInfo& r) {
  return r.group.empty() ? r.kind : r.kind + "." + r.group;
}

bool paused(const Rollout& x) {
  const auto* spec = x.object.if_contains("spec");
  const auto* p = spec && spec->is_object() ? spec->get_object().if_contains("paused") : nullptr;
  return p && p->is_bool() && p->get_bool();
}

std::string suffix(const Rollout& x) {
  return x.dry_run ? " (server dry run)" : "";
}

json::value patch(Rollout& x, kube::PatchType type, const json::value& body) {
  kube::WriteOptions w;
  w.dry_run = x.dry_run;
  return kube::patch(x.call.client, x.resource, x.ns, x.name, type, json::serialize(body), w,
                     x.call.ctx.cancel);
}

std::string now_rfc3339() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// --- pause, resume, restart: deployments only (restart: every workload) ---------------------

std::string pause(Rollout& x) {
  if (paused(x))
    throw Refusal(resource_group(x.resource) + " \"" + x.name + "\" is already paused");
  patch(x, kube::PatchType::Strategic, json::object{{"spec", json::object{{"paused", true}}}});
  return kubectl_name(x.resource, x.name) + " paused" + suffix(x);
}

std::string resume(Rollout& x) {
  if (!paused(x)) throw Refusal(resource_group(x.resource) + " \"" + x.name + "\" is not paused");
  patch(x, kube::PatchType::Strategic, json::object{{"spec", json::object{{"paused", false}}}});
  return kubectl_name(x.resource, x.name) + " resumed" + suffix(x);
}

// A new template annotation makes the controller replace every pod, as kubectl does it.
std::string restart(Rollout& x) {
  if (x.resource.kind == "Deployment" && paused(x))
    throw Refusal(resource_group(x.resource) + " \"" + x.name +
                  "\" can't restart paused deployment (run rollout resume first)");
  json::object annotations{{"kubectl.kubernetes.io/restartedAt", now_rfc3339()}};
  json::object tmpl{{"metadata", json::object{{"annotations", std::move(annotations)}}}};
  patch(x, kube::PatchType::Strategic,
        json::object{{"spec", json::object{{"template", std::move(tmpl)}}}});
  return kubectl_name(x.resource, x.name) + " restarted" + suffix(x);
}

// --- history and undo -----------------------------------------------------------------------

std::string uid(const Rollout& x) {
  return std::string(x.object.at("metadata").at("uid").as_string());
}

// The object's selector as a label selector string (matchLabels); ownership filters the rest.
std::string selector(const Rollout& x) {
  std::string out;
  const auto* spec = x.object.if_contains("spec");
  const auto* sel = spec ? spec->as_object().if_contains("selector") : nullptr;
  const auto* ml = sel && sel->is_object() ? sel->get_object().if_contains("matchLabels") : nullptr;
  if (ml && ml->is_object())
    for (const auto& kv : ml->get_object())
      if (kv.value().is_string())
        out += (out.empty() ? "" : ",") + std::string(kv.key()) + "=" +
               std::string(kv.value().get_string());
  return out;
}

std::vector<Revision> revisions(Rollout& x) {
  kube::ListOptions o;
  o.label_selector = selector(x);
  const bool deployment = x.resource.kind == "Deployment";
  // Through discovery: the built-in table has no ControllerRevisions.
  const auto source = x.call.client.discovery().resolve(
      deployment ? "replicasets.apps" : "controllerrevisions.apps", x.call.ctx.cancel);
  const json::value list = kube::list(x.call.client, source, x.ns, o, x.call.ctx.cancel);
  const auto& items = list.at("items").as_array();
  return deployment ? deployment_revisions(items, uid(x)) : controller_revisions(items, uid(x));
}

std::string what(const Rollout& x) {
  std::string kind = x.resource.kind;
  for (auto& c : kind) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return kind + " \"" + x.name + "\"";
}

std::string history(Rollout& x) {
  const auto revs = revisions(x);
  const std::string head = kubectl_name(x.resource, x.name);
  if (x.to_revision > 0) {
    const auto& r = pick_revision(revs, x.to_revision, x.resource.kind == "Deployment", what(x));
    return head + " with revision #" + std::to_string(r.number) + "\nPod Template:\n" +
           render::to_yaml(comparable_template(r.pod_template));
  }
  if (revs.empty()) return head + "\nNo rollout history found.";
  return head + "\n" + history_table(revs);
}

const json::object& current_template(const Rollout& x) {
  return x.object.at("spec").at("template").as_object();
}

// kubectl's annotationsToSkip: kept from the deployment, never copied from the ReplicaSet.
bool skipped_annotation(std::string_view k) {
  return k == "kubectl.kubernetes.io/last-applied-configuration" ||
         k == "deployment.kubernetes.io/revision" ||
         k == "deployment.kubernetes.io/revision-history" ||
         k == "deployment.kubernetes.io/desired-replicas" ||
         k == "deployment.kubernetes.io/max-replicas" || k == "deprecated.deployment.rollback.to";
}

// The deployment rollback: the revision's template and annotations back, in one JSON patch.
void restore_deployment(Rollout& x, const Revision& r) {
  json::object annotations;
  const auto& md = x.object.at("metadata").as_object();
  if (const auto* a = md.if_contains("annotations"); a && a->is_object())
    for (const auto& kv : a->get_object())
      if (skipped_annotation(kv.key())) annotations[kv.key()] = kv.value();
  for (const auto& kv : r.annotations)
    if (!skipped_annotation(kv.key())) annotations[kv.key()] = kv.value();
  patch(x, kube::PatchType::Json,
        json::array{json::object{{"op", "replace"},
                                 {"path", "/spec/template"},
                                 {"value", comparable_template(r.pod_template)}},
                    json::object{{"op", md.contains("annotations") ? "replace" : "add"},
                                 {"path", "/metadata/annotations"},
                                 {"value", annotations}}});
}

// Statefulsets and daemonsets: the ControllerRevision's data is a strategic merge patch.
void restore_controller_revision(Rollout& x, const Revision& r) {
  json::object tmpl = r.pod_template;
  tmpl["$patch"] = "replace";
  patch(x, kube::PatchType::Strategic,
        json::object{{"spec", json::object{{"template", std::move(tmpl)}}}});
}

std::string undo(Rollout& x) {
  const bool deployment = x.resource.kind == "Deployment";
  if (deployment && paused(x))
    throw Refusal(
        "you cannot rollback a paused deployment; resume it first (action resume) and try again");
  const auto revs = revisions(x);
  const auto& r = pick_revision(revs, x.to_revision, deployment, what(x));
  const std::string name = kubectl_name(x.resource, x.name);
  if (comparable_template(r.pod_template) == comparable_template(current_template(x)))
    return name + " skipped rollback (current template already matches revision " +
           std::to_string(x.to_revision) + ")";
  if (deployment)
    restore_deployment(x, r);
  else
    restore_controller_revision(x, r);
  std::string images;
  for (const auto& i : r.images) images += (images.empty() ? "" : ", ") + i;
  return name + " rolled back" + suffix(x) + "\nto revision " + std::to_string(r.number) +
         (images.empty() ? "" : " (images: " + images + ")");
}

// --- the table ------------------------------------------------------------------------------

struct Action {
  const std::set<std::string>* kinds;                 // where kubectl allows it
  std::function<std::string(const Rollout&)> refuse;  // kubectl's words elsewhere
  std::function<std::string(Rollout&)> run;
  bool reads = false;
};

std::string not_supported(const Rollout& x, const char* what) {
  return resource_group(x.resource) + " \"" + x.name + "\" " + what + " is not supported";
}

const std::map<std::string, Action>& actions() {
  static const std::map<std::string, Action> table = {
      {"status",
       {&kWorkloads,
        [](const Rollout& x) {
          return "no status viewer has been implemented for " + group_kind(x.resource);
        },
        rollout_status, true}},
      {"history",
       {&kWorkloads,
        [](const Rollout& x) {
          return "no history viewer has been implemented for \"" + group_kind(x.resource) + "\"";
        },
        history, true}},
      {"undo",
       {&kWorkloads,
        [](const Rollout& x) {
          return "no rollbacker has been implemented for \"" + group_kind(x.resource) + "\"";
        },
        undo}},
      {"restart",
       {&kWorkloads, [](const Rollout& x) { return not_supported(x, "restarting"); }, restart}},
      {"pause",
       {&kDeployments, [](const Rollout& x) { return not_supported(x, "pausing"); }, pause}},
      {"resume",
       {&kDeployments, [](const Rollout& x) { return not_supported(x, "resuming"); }, resume}},
  };
  return table;
}

}  // namespace

std::string run_rollout_action(const std::string& action, Rollout& x) {
  const auto& a = actions().at(action);  // the schema's enum: always one of the table's
  if (!a.kinds->count(x.resource.kind) || x.resource.group != "apps") throw Refusal(a.refuse(x));
  return a.run(x);
}

bool rollout_action_reads(const std::string& action) {
  const auto it = actions().find(action);
  return it != actions().end() && it->second.reads;
}

}  // namespace kubemcp::tools::core
