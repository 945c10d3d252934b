#include "tools/core/apply_mapping.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <optional>
#include <set>

namespace kubemcp::tools {
namespace json = boost::json;

namespace {

std::string str(const json::value* v) {
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

const json::value* at(const json::object& o, std::initializer_list<const char*> path) {
  const json::value* v = nullptr;
  const json::object* cur = &o;
  for (const char* k : path) {
    if (!cur) return nullptr;
    v = cur->if_contains(k);
    cur = v && v->is_object() ? &v->get_object() : nullptr;
  }
  return v;
}

bool is_crd(const kube::ManifestObject& m) {
  return m.kind() == "CustomResourceDefinition" &&
         m.api_version().starts_with("apiextensions.k8s.io/");
}

// The resource a CRD in the manifest will serve for apiVersion + kind, if it is that one.
std::optional<kube::ResourceInfo> from_crd(const kube::ManifestObject& crd,
                                           const std::string& api_version,
                                           const std::string& kind) {
  const auto& o = crd.object;
  const std::string group = str(at(o, {"spec", "group"}));
  if (str(at(o, {"spec", "names", "kind"})) != kind) return std::nullopt;
  const auto* versions = at(o, {"spec", "versions"});
  if (!versions || !versions->is_array()) return std::nullopt;
  for (const auto& v : versions->get_array()) {
    if (!v.is_object()) continue;
    const std::string version = str(v.as_object().if_contains("name"));
    if (group + "/" + version != api_version) continue;
    kube::ResourceInfo r;
    r.group = group;
    r.version = version;
    r.kind = kind;
    r.resource = str(at(o, {"spec", "names", "plural"}));
    r.singular = str(at(o, {"spec", "names", "singular"}));
    r.namespaced = str(at(o, {"spec", "scope"})) != "Cluster";
    r.verbs = {"get", "list", "create", "update", "patch", "delete"};
    if (r.resource.empty()) return std::nullopt;
    return r;
  }
  return std::nullopt;
}

std::string group_of(const std::string& api_version) {
  const auto slash = api_version.find('/');
  return slash == std::string::npos ? "" : api_version.substr(0, slash);
}

[[noreturn]] void unknown_kind(const kube::ManifestObject& m,
                               const std::vector<std::string>& groups) {
  std::string served;
  for (const auto& g : groups) served += (served.empty() ? "" : ", ") + g;
  const std::string group = group_of(m.api_version());
  const bool group_served =
      std::find(groups.begin(), groups.end(), group.empty() ? "core" : group) != groups.end();
  throw kube::MappingError(
      "resource mapping not found for name: \"" + m.name() + "\" namespace: \"" + m.namespace_() +
          "\" from \"" + m.source + "\" (document " + std::to_string(m.document) + ", line " +
          std::to_string(m.line) + "): no matches for kind \"" + m.kind() + "\" in version \"" +
          m.api_version() + "\"\nensure CRDs are installed first" +
          (group_served ? " (the group " + group + " is served, but not this version or kind)"
                        : "") +
          ". The cluster serves these API groups: " + served + ".",
      true);
}

}  // namespace

std::string MappedObject::label() const {
  std::string kind = resource.kind;
  for (auto& c : kind) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return kind + (resource.group.empty() ? "" : "." + resource.group) + "/" + manifest.name();
}

std::vector<MappedObject> map_objects(std::vector<kube::ManifestObject> objects,
                                      const KindLookup& lookup,
                                      const std::vector<std::string>& groups,
                                      const std::string& namespace_arg,
                                      const std::string& default_namespace) {
  // CRDs anywhere in the manifest count: users list them in any order.
  std::vector<kube::ManifestObject> crds;
  for (const auto& m : objects)
    if (is_crd(m)) crds.push_back(m);
  std::vector<MappedObject> out;
  for (auto& m : objects) {
    MappedObject mo{std::move(m), {}, "", false};
    const auto& man = mo.manifest;
    if (const auto* r = lookup(man.api_version(), man.kind())) {
      mo.resource = *r;
    } else {
      for (const auto& crd : crds)
        if (auto r = from_crd(crd, man.api_version(), man.kind())) {
          mo.resource = *r;
          mo.awaits_crd = true;
          break;
        }
      if (!mo.awaits_crd) unknown_kind(man, groups);
    }
    auto& md = mo.manifest.object["metadata"].as_object();
    if (mo.resource.namespaced) {
      const std::string own = man.namespace_();
      if (!own.empty() && !namespace_arg.empty() && own != namespace_arg)
        throw kube::ManifestError(man.source, man.document, man.line,
                                  "the namespace from the provided object \"" + own +
                                      "\" does not match the namespace \"" + namespace_arg +
                                      "\". Pass namespace=" + own +
                                      " or remove metadata.namespace from the object.");
      mo.namespace_ = !own.empty()             ? own
                      : !namespace_arg.empty() ? namespace_arg
                                               : default_namespace;
      md["namespace"] = mo.namespace_;
    } else {
      md.erase("namespace");  // cluster-scoped: a namespace in the manifest means nothing
    }
    out.push_back(std::move(mo));
  }
  return out;
}

void order_for_apply(std::vector<MappedObject>& objects) {
  const auto rank = [](const MappedObject& m) {
    if (m.resource.group.empty() && m.resource.kind == "Namespace") return 0;
    if (m.resource.kind == "CustomResourceDefinition") return 1;
    return 2;
  };
  std::stable_sort(objects.begin(), objects.end(),
                   [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
}

std::vector<std::string> served_groups(const kube::ResourceMapper& mapper) {
  std::set<std::string> groups;
  for (const auto& r : mapper.resources()) groups.insert(r.group.empty() ? "core" : r.group);
  return {groups.begin(), groups.end()};
}

}  // namespace kubemcp::tools
