#include "kube/resource_mapper.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "kube/url.hpp"
#include "net/ascii.hpp"

namespace kubemcp::kube {
namespace json = boost::json;

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string str(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::vector<std::string> strs(const json::object& o, const char* key) {
  std::vector<std::string> out;
  const auto* v = o.if_contains(key);
  if (!v || !v->is_array()) return out;
  for (const auto& item : v->as_array())
    if (item.is_string()) out.emplace_back(item.as_string());
  return out;
}

const json::array* arr(const json::value& v, const char* key) {
  if (!v.is_object()) return nullptr;
  const auto* a = v.as_object().if_contains(key);
  return a && a->is_array() ? &a->as_array() : nullptr;
}

// Preferred versions of every group first (group order), then the others.
void prioritise(std::vector<ResourceInfo>& list) {
  std::stable_partition(list.begin(), list.end(),
                        [](const ResourceInfo& r) { return r.preferred; });
}

void fill_singular(ResourceInfo& r) {
  if (r.singular.empty()) r.singular = lower(r.kind);
}

}  // namespace

bool ResourceInfo::has_verb(std::string_view verb) const {
  return std::find(verbs.begin(), verbs.end(), verb) != verbs.end();
}

const SubresourceInfo* ResourceInfo::subresource(std::string_view name) const {
  for (const auto& s : subresources)
    if (s.name == name) return &s;
  return nullptr;
}

ResourceMapper::ResourceMapper(std::vector<ResourceInfo> resources)
    : resources_(std::move(resources)) {}

std::vector<const ResourceInfo*> ResourceMapper::candidates(std::string_view name_in) const {
  std::vector<const ResourceInfo*> out;
  if (name_in.empty()) return out;
  auto add = [&](const ResourceInfo* r) {
    if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
  };
  const std::string arg(name_in);
  // resource.version.group (needs two dots)
  struct Spec {
    std::string resource, version, group;
    bool with_group = false;
  };
  std::vector<Spec> specs;
  const auto d1 = arg.find('.');
  if (d1 != std::string::npos) {
    const auto d2 = arg.find('.', d1 + 1);
    if (d2 != std::string::npos)
      specs.push_back(
          {arg.substr(0, d1), arg.substr(d1 + 1, d2 - d1 - 1), arg.substr(d2 + 1), true});
    specs.push_back({arg.substr(0, d1), "", arg.substr(d1 + 1), true});
  } else {
    specs.push_back({arg, "", "", false});
  }
  for (const auto& s : specs) {
    const std::string res = lower(s.resource);
    auto group_ok = [&](const ResourceInfo& r) {
      return (!s.with_group || net::iequals(r.group, s.group)) &&
             (s.version.empty() || r.version == s.version);
    };
    // Exact plural or singular first: such a name is never expanded as a short name.
    for (const auto& r : resources_)
      if (group_ok(r) && (r.resource == res || r.singular == res)) add(&r);
    if (!out.empty()) return out;
    for (const auto& r : resources_)
      if (group_ok(r) &&
          std::find(r.short_names.begin(), r.short_names.end(), res) != r.short_names.end())
        add(&r);
    if (!out.empty()) return out;
  }
  // Finally by kind: Kind, Kind.group, Kind.version.group (case-sensitive like kubectl).
  std::vector<Spec> kinds;
  if (d1 != std::string::npos) {
    const auto d2 = arg.find('.', d1 + 1);
    if (d2 != std::string::npos)
      kinds.push_back(
          {arg.substr(0, d1), arg.substr(d1 + 1, d2 - d1 - 1), arg.substr(d2 + 1), true});
    kinds.push_back({arg.substr(0, d1), "", arg.substr(d1 + 1), true});
  } else {
    kinds.push_back({arg, "", "", false});
  }
  for (const auto& s : kinds) {
    for (const auto& r : resources_)
      if (r.kind == s.resource && (!s.with_group || r.group == s.group) &&
          (s.version.empty() || r.version == s.version))
        add(&r);
    if (!out.empty()) return out;
  }
  return out;
}

const ResourceInfo& ResourceMapper::resolve(std::string_view name) const {
  auto c = candidates(name);
  if (c.empty()) {
    std::string shown(name);
    if (auto d = shown.find('.'); d != std::string::npos) shown = shown.substr(0, d);
    throw MappingError("the server doesn't have a resource type \"" + shown + "\"", true);
  }
  return *c.front();
}

std::vector<const ResourceInfo*> ResourceMapper::category(std::string_view name) const {
  std::vector<const ResourceInfo*> out;
  const std::string want = lower(name);
  std::vector<std::string> seen;
  for (const auto& r : resources_) {
    if (std::find(r.categories.begin(), r.categories.end(), want) == r.categories.end()) continue;
    const std::string gr = r.group_resource();
    if (std::find(seen.begin(), seen.end(), gr) != seen.end()) continue;
    seen.push_back(gr);
    out.push_back(&r);
  }
  return out;
}

std::vector<const ResourceInfo*> ResourceMapper::resolve_many(std::string_view name) const {
  auto cat = category(name);
  if (!cat.empty()) return cat;
  return {&resolve(name)};
}

const ResourceInfo* ResourceMapper::for_kind(std::string_view api_version,
                                             std::string_view kind) const {
  const auto [group, version] = split_api_version(api_version);
  for (const auto& r : resources_)
    if (r.kind == kind && r.group == group && r.version == version) return &r;
  return nullptr;
}

std::vector<std::string> legacy_group_versions(const json::value& api, const json::value& apis) {
  std::vector<std::string> out;
  if (api.is_object())
    for (const auto& v : strs(api.as_object(), "versions")) out.push_back(v);
  if (const auto* groups = arr(apis, "groups"))
    for (const auto& g : *groups) {
      if (const auto* versions = arr(g, "versions"))
        for (const auto& v : *versions)
          if (v.is_object()) out.push_back(str(v.as_object(), "groupVersion"));
    }
  return out;
}

std::vector<ResourceInfo> parse_legacy_discovery(
    const json::value& api, const json::value& apis,
    const std::map<std::string, json::value>& resource_lists) {
  std::vector<ResourceInfo> out;
  auto add_gv = [&](const std::string& gv, bool preferred) {
    const auto it = resource_lists.find(gv);
    if (it == resource_lists.end()) return;
    const auto [group, version] = split_api_version(gv);
    const auto* resources = arr(it->second, "resources");
    if (!resources) return;
    const std::size_t first = out.size();
    for (const auto& rv : *resources) {
      if (!rv.is_object()) continue;
      const auto& o = rv.as_object();
      const std::string name = str(o, "name");
      if (name.empty() || name.find('/') != std::string::npos) continue;
      ResourceInfo r;
      r.group = group;
      r.version = version;
      r.resource = name;
      r.singular = str(o, "singularName");
      r.kind = str(o, "kind");
      const auto* ns = o.if_contains("namespaced");
      r.namespaced = ns && ns->is_bool() && ns->as_bool();
      r.preferred = preferred;
      r.verbs = strs(o, "verbs");
      r.short_names = strs(o, "shortNames");
      r.categories = strs(o, "categories");
      fill_singular(r);
      out.push_back(std::move(r));
    }
    for (const auto& rv : *resources) {
      if (!rv.is_object()) continue;
      const auto& o = rv.as_object();
      const std::string name = str(o, "name");
      const auto slash = name.find('/');
      if (slash == std::string::npos) continue;
      const std::string parent = name.substr(0, slash);
      for (std::size_t i = first; i < out.size(); ++i) {
        if (out[i].resource != parent) continue;
        SubresourceInfo s;
        s.name = name.substr(slash + 1);
        s.group = o.contains("group") ? str(o, "group") : group;
        s.version = o.contains("version") ? str(o, "version") : version;
        if (s.version.empty()) s.version = version;
        s.kind = str(o, "kind");
        s.verbs = strs(o, "verbs");
        out[i].subresources.push_back(std::move(s));
      }
    }
  };
  if (api.is_object()) {
    bool first = true;
    for (const auto& v : strs(api.as_object(), "versions")) {
      add_gv(v, first);
      first = false;
    }
  }
  if (const auto* groups = arr(apis, "groups")) {
    for (const auto& g : *groups) {
      if (!g.is_object()) continue;
      std::string preferred;
      if (const auto* p = g.as_object().if_contains("preferredVersion"); p && p->is_object())
        preferred = str(p->as_object(), "groupVersion");
      const auto* versions = arr(g, "versions");
      if (!versions) continue;
      if (preferred.empty() && !versions->empty() && (*versions)[0].is_object())
        preferred = str((*versions)[0].as_object(), "groupVersion");
      // Preferred version first within the group.
      add_gv(preferred, true);
      for (const auto& v : *versions)
        if (v.is_object()) {
          const std::string gv = str(v.as_object(), "groupVersion");
          if (gv != preferred) add_gv(gv, false);
        }
    }
  }
  prioritise(out);
  return out;
}

std::vector<ResourceInfo> parse_aggregated_discovery(const json::value& api,
                                                     const json::value& apis) {
  std::vector<ResourceInfo> out;
  auto add_list = [&](const json::value& doc) {
    const auto* items = arr(doc, "items");
    if (!items) return;
    for (const auto& g : *items) {
      if (!g.is_object()) continue;
      std::string group;
      if (const auto* m = g.as_object().if_contains("metadata"); m && m->is_object())
        group = str(m->as_object(), "name");
      const auto* versions = arr(g, "versions");
      if (!versions) continue;
      bool preferred = true;  // versions are listed in preference order
      for (const auto& v : *versions) {
        if (!v.is_object()) continue;
        const std::string version = str(v.as_object(), "version");
        if (const auto* resources = arr(v, "resources")) {
          for (const auto& rv : *resources) {
            if (!rv.is_object()) continue;
            const auto& o = rv.as_object();
            const auto* rk = o.if_contains("responseKind");
            if (!rk || !rk->is_object()) continue;  // dropped, like client-go
            ResourceInfo r;
            r.group = group;
            r.version = version;
            r.resource = str(o, "resource");
            r.singular = str(o, "singularResource");
            r.kind = str(rk->as_object(), "kind");
            r.namespaced = str(o, "scope") == "Namespaced";
            r.preferred = preferred;
            r.verbs = strs(o, "verbs");
            r.short_names = strs(o, "shortNames");
            r.categories = strs(o, "categories");
            if (const auto* subs = arr(rv, "subresources"))
              for (const auto& sv : *subs) {
                if (!sv.is_object()) continue;
                const auto& so = sv.as_object();
                SubresourceInfo s;
                s.name = str(so, "subresource");
                if (const auto* sk = so.if_contains("responseKind"); sk && sk->is_object()) {
                  s.group = str(sk->as_object(), "group");
                  s.version = str(sk->as_object(), "version");
                  s.kind = str(sk->as_object(), "kind");
                }
                if (s.version.empty()) {
                  s.group = group;
                  s.version = version;
                }
                s.verbs = strs(so, "verbs");
                r.subresources.push_back(std::move(s));
              }
            fill_singular(r);
            if (!r.resource.empty()) out.push_back(std::move(r));
          }
        }
        preferred = false;
      }
    }
  };
  add_list(api);
  add_list(apis);
  prioritise(out);
  return out;
}

}  // namespace kubemcp::kube
