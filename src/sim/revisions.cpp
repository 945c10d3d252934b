#include "sim/revisions.hpp"

#include <boost/json.hpp>

#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;
namespace {

const json::object& at(const json::object& o, std::string_view key) {
  static const json::object empty;
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? v->get_object() : empty;
}

bool controlled_by(const json::object& item, const std::string& uid) {
  const auto* refs = at(item, "metadata").if_contains("ownerReferences");
  if (!refs || !refs->is_array()) return false;
  for (const auto& r : refs->get_array())
    if (r.is_object() && str_at(r.get_object(), "uid") == uid) return true;
  return false;
}

// The template a revision restores (data.spec.template without the $patch directive).
json::object template_of(const json::object& revision) {
  json::object t = at(at(at(revision, "data"), "spec"), "template");
  t.erase("$patch");
  return t;
}

}  // namespace

void record_controller_revision(Objects& objects, const ResourceType& revisions,
                                const json::object& owner, const std::string& name) {
  const auto& md = at(owner, "metadata");
  const std::string ns = str_at(md, "namespace"), uid = str_at(md, "uid");
  const json::object& tmpl = at(at(owner, "spec"), "template");
  auto mine =
      objects.store()
          .list(
              revisions, ns, [&](const json::object& r) { return controlled_by(r, uid); }, 0, "")
          .items;
  int64_t newest = 0;
  ObjPtr same;
  for (const auto& r : mine) {
    newest = std::max(newest, int_at(*r, "revision"));
    if (template_of(*r) == tmpl) same = r;
  }
  if (same) {
    if (int_at(*same, "revision") == newest) return;  // already the current revision
    objects.mutate(revisions, ns, str_at(at(*same, "metadata"), "name"), [&](json::object& x) {
      x["revision"] = newest + 1;  // a template that comes back becomes the newest revision
      return true;
    });
    return;
  }
  json::object data_template = tmpl;
  data_template["$patch"] = "replace";
  json::object labels = at(at(tmpl, "metadata"), "labels");
  labels["controller-revision-hash"] = name.substr(name.rfind('-') + 1);
  json::object revision{
      {"apiVersion", "apps/v1"},
      {"kind", "ControllerRevision"},
      {"metadata",
       json::object{{"name", name},
                    {"labels", std::move(labels)},
                    {"ownerReferences", json::array{json::object{{"apiVersion", "apps/v1"},
                                                                 {"kind", str_at(owner, "kind")},
                                                                 {"name", str_at(md, "name")},
                                                                 {"uid", uid},
                                                                 {"controller", true},
                                                                 {"blockOwnerDeletion", true}}}}}},
      {"data", json::object{{"spec", json::object{{"template", std::move(data_template)}}}}},
      {"revision", newest + 1}};
  if (const auto& a = at(md, "annotations"); a.contains("kubernetes.io/change-cause"))
    revision["metadata"].as_object()["annotations"] =
        json::object{{"kubernetes.io/change-cause", a.at("kubernetes.io/change-cause")}};
  try {
    WriteOptions controller_write;
    controller_write.validate = false;  // the controller's own object
    objects.create(revisions, ns, std::move(revision), controller_write);
  } catch (const ApiError&) {
    // A name taken by an older revision of another template (hash collision): keep going.
  }
}

}  // namespace kubemcp::sim
