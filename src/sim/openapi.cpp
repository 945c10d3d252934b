#include "sim/openapi.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <set>

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

constexpr std::string_view kRefPrefix = "#/components/schemas/";
constexpr const char* kObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
constexpr const char* kListMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";

json::object query(const char* name) {
  return {{"name", name},
          {"in", "query"},
          {"description", name},
          {"schema", json::object{{"type", "string"}, {"uniqueItems", true}}}};
}

json::object operation(const ResourceType& t, const char* verb, bool body, const std::string& kind,
                       const std::string& g, const std::string& v) {
  json::array params{query("dryRun"), query("fieldManager")};
  if (body) params.push_back(query("fieldValidation"));
  json::object o{{"description", std::string(verb) + " " + t.kind},
                 {"operationId", std::string(verb) + t.kind},
                 {"parameters", params},
                 {"responses", json::object{{"200", json::object{{"description", "OK"}}}}},
                 {"x-kubernetes-action", verb},
                 {"x-kubernetes-group-version-kind",
                  json::object{{"group", g}, {"kind", kind}, {"version", v}}}};
  if (body) {
    // No strategic-merge-patch content type: kubectl then computes client-side apply
    // patches from its compiled-in types, which it knows exactly.
    json::object any{{"schema", json::object{}}};
    o["requestBody"] =
        json::object{{"content", json::object{{"application/json", any},
                                              {"application/merge-patch+json", any},
                                              {"application/json-patch+json", any},
                                              {"application/apply-patch+yaml", any}}},
                     {"required", true}};
  }
  return o;
}

void add_paths(json::object& paths, const ResourceType& t) {
  const std::string& g = t.group;
  const std::string& v = t.version;
  std::string base = g.empty() ? "/api/" + v : "/apis/" + g + "/" + v;
  std::string coll = base + (t.namespaced ? "/namespaces/{namespace}/" : "/") + t.plural;
  std::string item = coll + "/{name}";
  if (!t.verbs.empty()) {  // the create-only reviews: POST on the collection, nothing else
    paths[coll] = json::object{{"post", operation(t, "create", true, t.kind, g, v)}};
    return;
  }
  paths[coll] = json::object{{"get", operation(t, "list", false, t.kind, g, v)},
                             {"post", operation(t, "create", true, t.kind, g, v)},
                             {"delete", operation(t, "deletecollection", false, t.kind, g, v)}};
  auto rw = [&](const std::string& kind, const std::string& kg, const std::string& kv) {
    return json::object{{"get", operation(t, "get", false, kind, kg, kv)},
                        {"put", operation(t, "update", true, kind, kg, kv)},
                        {"patch", operation(t, "patch", true, kind, kg, kv)}};
  };
  json::object one = rw(t.kind, g, v);
  one["delete"] = operation(t, "delete", false, t.kind, g, v);
  paths[item] = std::move(one);
  if (t.has_status) paths[item + "/status"] = rw(t.kind, g, v);
  if (t.has_scale) paths[item + "/scale"] = rw("Scale", "autoscaling", "v1");
}

// kube-openapi names a custom kind by its group reversed: stable.example.com -> com.example.stable.
std::string crd_schema_name(const ResourceType& t) {
  std::string reversed, g = t.group;
  while (!g.empty()) {
    auto dot = g.rfind('.');
    reversed += (reversed.empty() ? "" : ".") + g.substr(dot == std::string::npos ? 0 : dot + 1);
    g = dot == std::string::npos ? "" : g.substr(0, dot);
  }
  return reversed + "." + t.version + "." + t.kind;
}

json::array gvk_of(const ResourceType& t, const std::string& kind) {
  return json::array{json::object{{"group", t.group}, {"kind", kind}, {"version", t.version}}};
}

json::object ref_prop(const char* target, const char* desc) {
  return {{"allOf", json::array{json::object{{"$ref", std::string(kRefPrefix) + target}}}},
          {"default", json::object{}},
          {"description", desc}};
}

// A custom kind's schema: its openAPIV3Schema with apiVersion, kind and metadata as the
// apiextensions-apiserver publishes them; its list beside it.
void add_custom(json::object& schemas, const ResourceType& t, const CrdSchemaLookup& crd_schema) {
  auto found = crd_schema ? crd_schema(t) : std::nullopt;
  json::object s = found ? *found : json::object{{"type", "object"}};
  if (!found) s["x-kubernetes-preserve-unknown-fields"] = true;
  json::value& pv = s["properties"];
  if (!pv.is_object()) pv = json::object{};
  auto& props = pv.as_object();
  props["apiVersion"] = json::object{{"type", "string"}, {"description", "API version."}};
  props["kind"] = json::object{{"type", "string"}, {"description", "Kind of this object."}};
  props["metadata"] = ref_prop(kObjectMeta, "Standard object metadata.");
  s["x-kubernetes-group-version-kind"] = gvk_of(t, t.kind);
  std::string name = crd_schema_name(t);
  schemas[name] = std::move(s);
  json::object item{{"$ref", std::string(kRefPrefix) + name}};
  schemas[name + "List"] = json::object{
      {"description", "A list of " + t.kind + " objects."},
      {"type", "object"},
      {"properties", json::object{{"apiVersion", json::object{{"type", "string"}}},
                                  {"kind", json::object{{"type", "string"}}},
                                  {"metadata", ref_prop(kListMeta, "Standard list metadata.")},
                                  {"items", json::object{{"type", "array"}, {"items", item}}}}},
      {"required", json::array{"items"}},
      {"x-kubernetes-group-version-kind", gvk_of(t, t.kind + "List")}};
}

void collect_refs(const json::value& v, std::set<std::string>& out) {
  if (v.is_array()) {
    for (const auto& x : v.as_array()) collect_refs(x, out);
  } else if (v.is_object()) {
    for (const auto& [k, x] : v.as_object()) {
      if (k == "$ref" && x.is_string() && x.as_string().starts_with(kRefPrefix))
        out.insert(std::string(x.as_string().subview(kRefPrefix.size())));
      else
        collect_refs(x, out);
    }
  }
}

bool matches_gvk(const json::value& s, const ResourceType& t) {
  const auto* g = s.as_object().if_contains("x-kubernetes-group-version-kind");
  if (!g) return false;
  for (const auto& e : g->as_array()) {
    const auto& o = e.as_object();
    if (o.at("group") == t.group.c_str() && o.at("version") == t.version.c_str() &&
        (o.at("kind") == t.kind.c_str() || o.at("kind") == (t.kind + "List").c_str()))
      return true;
  }
  return false;
}

// The schemas of the group version's kinds and, transitively, all they reference.
json::object components(const std::vector<ResourcePtr>& kinds, const CrdSchemaLookup& crd_schema) {
  const auto& builtin = builtin_openapi_schemas();
  json::object out;
  std::set<std::string> todo;
  for (const auto& t : kinds) {
    if (t->custom) {
      add_custom(out, *t, crd_schema);
      continue;
    }
    for (const auto& [name, s] : builtin)
      if (matches_gvk(s, *t)) out[name] = s;
  }
  for (const auto& [name, s] : out) collect_refs(s, todo);
  while (!todo.empty()) {
    std::string name = *todo.begin();
    todo.erase(todo.begin());
    if (out.contains(name)) continue;
    const auto* s = builtin.if_contains(name);
    if (!s) continue;
    out[name] = *s;
    collect_refs(*s, todo);
  }
  return out;
}

std::string gv_path_of(const ResourceType& t) {
  return t.group.empty() ? "api/" + t.version : "apis/" + t.group + "/" + t.version;
}

std::string etag_of(const std::string& body) {  // FNV-1a 64, as hex: only equality matters
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : body) h = (h ^ c) * 1099511628211ull;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llX", static_cast<unsigned long long>(h));
  return buf;
}

std::shared_ptr<const OpenApiDocs> docs_of(const Registry& reg, const CrdSchemaLookup& crd_schema,
                                           const std::string& key) {
  static std::mutex mu;
  static std::map<std::string, std::pair<uint64_t, std::shared_ptr<const OpenApiDocs>>> cache;
  uint64_t gen = reg.generation();
  {
    std::lock_guard lock(mu);
    auto it = cache.find(key);
    if (it != cache.end() && it->second.first == gen) return it->second.second;
  }
  auto docs = std::make_shared<OpenApiDocs>();
  json::object paths;
  for (const auto& [group, versions] : reg.groups())
    for (const auto& v : versions) {
      std::string p = group.empty() ? "api/" + v : "apis/" + group + "/" + v;
      auto doc = openapi_v3_document(reg, crd_schema, p);
      if (!doc) continue;
      OpenApiDocs::Doc d{json::serialize(*doc), ""};
      d.etag = etag_of(d.body);
      paths[p] = json::object{{"serverRelativeURL", "/openapi/v3/" + p + "?hash=" + d.etag}};
      docs->by_path[p] = std::move(d);
    }
  docs->index.body = json::serialize(json::object{{"paths", paths}});
  docs->index.etag = etag_of(docs->index.body);
  std::lock_guard lock(mu);
  cache[key] = {gen, docs};
  return docs;
}

std::string http_date(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

}  // namespace

std::optional<json::object> openapi_v3_document(const Registry& reg,
                                                const CrdSchemaLookup& crd_schema,
                                                const std::string& gv_path) {
  std::vector<ResourcePtr> kinds;
  json::object paths;
  for (const auto& t : reg.all())
    if (gv_path_of(*t) == gv_path) {
      kinds.push_back(t);
      add_paths(paths, *t);
    }
  if (kinds.empty()) return std::nullopt;
  return json::object{{"openapi", "3.0.0"},
                      {"info", json::object{{"title", "Kubernetes"}, {"version", "v1.32.2"}}},
                      {"paths", paths},
                      {"components", json::object{{"schemas", components(kinds, crd_schema)}}}};
}

std::optional<OpenApiReply> openapi_v3_get(const Registry& reg, const CrdSchemaLookup& crd_schema,
                                           const std::string& cache_key, const std::string& gv_path,
                                           const std::string& hash,
                                           const std::string& if_none_match) {
  auto docs = docs_of(reg, crd_schema, cache_key);
  const OpenApiDocs::Doc* d = &docs->index;
  if (!gv_path.empty()) {
    auto it = docs->by_path.find(gv_path);
    if (it == docs->by_path.end()) return std::nullopt;
    d = &it->second;
  }
  OpenApiReply r;
  if (!gv_path.empty() && !hash.empty() && hash != d->etag) {
    // A stale hash: kube-openapi redirects to the document's current address.
    r.status = 301;
    r.headers.emplace_back("Location", "/openapi/v3/" + gv_path + "?hash=" + d->etag);
    return r;
  }
  r.headers.emplace_back("Etag", "\"" + d->etag + "\"");
  if (!gv_path.empty() && !hash.empty()) {
    r.headers.emplace_back("Vary", "Accept");
    r.headers.emplace_back("Cache-Control", "public, immutable");
    r.headers.emplace_back(
        "Expires", http_date(std::chrono::system_clock::now() + std::chrono::hours(24 * 365)));
  }
  if (if_none_match == "\"" + d->etag + "\"") {
    r.status = 304;
    return r;
  }
  r.body = d->body;
  return r;
}

}  // namespace kubemcp::sim
