#include "tools/core/rollout_history.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdlib>

#include "net/json_access.hpp"
#include "render/text_table.hpp"
#include "tools/core/change.hpp"

namespace kubemcp::tools::core {
namespace json = boost::json;
namespace {

using net::arr_at;
using net::int_at;
using net::obj_or_empty;
using net::str_at;

// Only revisions the object controls count (kubectl: metav1.IsControlledBy).
bool controlled_by(const json::object& item, const std::string& uid) {
  const auto* refs = obj_or_empty(item, "metadata").if_contains("ownerReferences");
  if (!refs || !refs->is_array()) return false;
  for (const auto& r : refs->get_array()) {
    if (!r.is_object()) continue;
    const auto* c = r.get_object().if_contains("controller");
    if (str_at(r.get_object(), "uid") == uid && c && c->is_bool() && c->get_bool()) return true;
  }
  return false;
}

std::vector<std::string> images_of(const json::object& pod_template) {
  std::vector<std::string> out;
  for (const char* list : {"initContainers", "containers"}) {
    const auto* cs = obj_or_empty(pod_template, "spec").if_contains(list);
    if (!cs || !cs->is_array()) continue;
    for (const auto& c : cs->get_array())
      if (c.is_object()) out.push_back(str_at(c.get_object(), "image"));
  }
  return out;
}

Revision revision_of(const json::object& item, std::int64_t number,
                     const json::object& pod_template) {
  const auto& md = obj_or_empty(item, "metadata");
  Revision r;
  r.number = number;
  r.name = str_at(md, "name");
  r.annotations = obj_or_empty(md, "annotations");
  r.change_cause = str_at(r.annotations, "kubernetes.io/change-cause");
  r.pod_template = pod_template;
  r.images = images_of(pod_template);
  return r;
}

void sort_by_number(std::vector<Revision>& v) {
  std::sort(v.begin(), v.end(),
            [](const Revision& a, const Revision& b) { return a.number < b.number; });
}

}  // namespace

std::vector<Revision> deployment_revisions(const json::array& replicasets,
                                           const std::string& owner_uid) {
  std::vector<Revision> out;
  for (const auto& v : replicasets) {
    if (!v.is_object() || !controlled_by(v.get_object(), owner_uid)) continue;
    const auto& rs = v.get_object();
    const std::string n = str_at(obj_or_empty(obj_or_empty(rs, "metadata"), "annotations"),
                                 "deployment.kubernetes.io/revision");
    char* end = nullptr;
    const long long number = std::strtoll(n.c_str(), &end, 10);
    if (n.empty() || *end != '\0') continue;  // kubectl: deploymentutil.Revision fails
    out.push_back(revision_of(rs, number, obj_or_empty(obj_or_empty(rs, "spec"), "template")));
  }
  sort_by_number(out);
  return out;
}

std::vector<Revision> controller_revisions(const json::array& revisions,
                                           const std::string& owner_uid) {
  std::vector<Revision> out;
  for (const auto& v : revisions) {
    if (!v.is_object() || !controlled_by(v.get_object(), owner_uid)) continue;
    const auto& cr = v.get_object();
    const auto* n = cr.if_contains("revision");
    out.push_back(
        revision_of(cr, n && n->is_int64() ? n->get_int64() : 0,
                    obj_or_empty(obj_or_empty(obj_or_empty(cr, "data"), "spec"), "template")));
  }
  sort_by_number(out);
  return out;
}

const Revision& pick_revision(const std::vector<Revision>& revisions, std::int64_t to_revision,
                              bool deployment, const std::string& what) {
  const auto not_found = [&] {
    return Refusal("unable to find specified revision " + std::to_string(to_revision) +
                   " in history");
  };
  if (to_revision < 0) throw not_found();
  if (to_revision > 0) {
    for (const auto& r : revisions)
      if (r.number == to_revision) return r;
    throw not_found();
  }
  if (revisions.size() < 2) {
    if (deployment) throw Refusal("no rollout history found for " + what);
    throw not_found();
  }
  return revisions[revisions.size() - 2];  // sorted: the second highest
}

json::object comparable_template(json::object t) {
  t.erase("$patch");
  if (auto* md = t.if_contains("metadata"); md && md->is_object())
    if (auto* labels = md->get_object().if_contains("labels"); labels && labels->is_object()) {
      labels->get_object().erase("pod-template-hash");
      if (labels->get_object().empty()) md->get_object().erase("labels");
    }
  return t;
}

std::string history_table(const std::vector<Revision>& revisions) {
  render::TextTable table({"REVISION", "CHANGE-CAUSE", "IMAGES"}, 2);
  for (const auto& r : revisions) {
    std::string images;
    for (const auto& i : r.images) images += (images.empty() ? "" : ",") + i;
    table.add_row({std::to_string(r.number), r.change_cause.empty() ? "<none>" : r.change_cause,
                   images.empty() ? "<none>" : images});
  }
  std::string out = table.str();
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace kubemcp::tools::core
