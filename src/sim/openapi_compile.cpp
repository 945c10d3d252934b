// Compiles the line format of openapi_types.cpp into OpenAPI v3 component schemas shaped as
// kube-openapi writes them: refs wrapped as allOf:[{$ref}] (so a description may sit beside
// them), defaults for value fields, the x-kubernetes list/map/patch extensions, and a
// <Kind>List schema beside each kind.
#include <boost/json.hpp>
#include <map>
#include <sstream>
#include <stdexcept>

#include "sim/openapi.hpp"
#include "sim/openapi_types.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

constexpr const char* kRefPrefix = "#/components/schemas/";

struct Compiler {
  std::map<std::string, std::string> aliases;  // "core" -> "io.k8s.api.core.v1"
  std::map<std::string, bool> is_struct;       // full name -> declared with T (not S)
  json::object schemas;
  std::string pkg;        // package of the type being declared
  json::object* current;  // the type being declared

  std::string full_name(const std::string& n) const {
    auto dot = n.find('.');
    if (dot == std::string::npos) return pkg + "." + n;
    auto it = aliases.find(n.substr(0, dot));
    if (it == aliases.end()) throw std::logic_error("openapi types: unknown alias in " + n);
    return it->second + n.substr(dot);
  }

  static std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    for (std::string x; std::getline(ss, x, sep);) out.push_back(x);
    if (!s.empty() && s.back() == sep) out.emplace_back();
    return out;
  }

  static std::optional<json::object> primitive(const std::string& t) {
    static const std::map<std::string, std::pair<const char*, const char*>> prims{
        {"string", {"string", ""}},      {"int32", {"integer", "int32"}},
        {"int64", {"integer", "int64"}}, {"double", {"number", "double"}},
        {"bool", {"boolean", ""}},       {"bytes", {"string", "byte"}},
        {"object", {"object", ""}}};
    auto it = prims.find(t);
    if (it == prims.end()) return std::nullopt;
    json::object o{{"type", it->second.first}};
    if (*it->second.second) o["format"] = it->second.second;
    return o;
  }

  static json::value zero_of(const json::object& prim) {
    const auto* t = prim.if_contains("type");
    if (!t) return json::object{};  // a named scalar such as Time: a struct in Go
    std::string_view type = t->as_string();
    if (type == "string") return "";
    if (type == "integer" || type == "number") return 0;
    if (type == "boolean") return false;
    return json::object{};
  }

  // An element of an array or a map: primitives carry their zero default as upstream writes
  // them; struct elements are allOf-wrapped with {} default, named scalars a bare $ref.
  json::object element(const std::string& t) {
    if (t.starts_with("[]"))  // e.g. UserInfo.extra, a map of string lists
      return json::object{{"type", "array"}, {"items", element(t.substr(2))}};
    if (auto p = primitive(t)) {
      if ((*p)["type"] != "object") (*p)["default"] = zero_of(*p);
      return *p;
    }
    std::string name = full_name(t);
    json::object ref{{"$ref", kRefPrefix + name}};
    if (!is_struct[name]) return ref;
    return json::object{{"allOf", json::array{ref}}, {"default", json::object{}}};
  }

  // The schema of a field of type t; sets *struct_ref when t names a struct.
  json::object field_type(const std::string& t, bool* struct_ref) {
    *struct_ref = false;
    if (t.starts_with("[]"))
      return json::object{{"type", "array"}, {"items", element(t.substr(2))}};
    if (t.starts_with("{}")) {
      json::object e = element(t.substr(2));
      if (e.contains("allOf")) e = json::object{{"$ref", e["allOf"].as_array()[0].at("$ref")}};
      return json::object{{"type", "object"}, {"additionalProperties", e}};
    }
    if (auto p = primitive(t)) return *p;
    std::string name = full_name(t);
    *struct_ref = is_struct[name];
    return json::object{{"allOf", json::array{json::object{{"$ref", kRefPrefix + name}}}}};
  }

  void apply_flag(json::object& f, const std::string& flag, bool struct_ref) {
    auto colon = flag.find(':');
    std::string key = flag.substr(0, colon),
                val = colon == std::string::npos ? std::string() : flag.substr(colon + 1);
    if (flag == "=") {
      f["default"] = struct_ref ? json::value(json::object{}) : zero_of(f);
    } else if (flag[0] == '=') {
      f["default"] = flag.substr(1);
    } else if (key == "enum") {
      json::array e;
      for (auto& v : split(val, ',')) e.push_back(json::string(v));
      f["enum"] = e;
    } else if (key == "list") {
      f["x-kubernetes-list-type"] = val;
    } else if (key == "keys") {
      json::array k;
      for (auto& v : split(val, ',')) k.push_back(json::string(v));
      f["x-kubernetes-list-map-keys"] = k;
    } else if (key == "merge") {
      f["x-kubernetes-patch-merge-key"] = val;
    } else if (key == "strategy") {
      f["x-kubernetes-patch-strategy"] = val;
    } else if (key == "map") {
      f["x-kubernetes-map-type"] = val;
    } else {
      throw std::logic_error("openapi types: unknown flag " + flag);
    }
  }

  void field(const std::string& decl, const std::string& desc) {
    std::istringstream in(decl);
    std::string name, type;
    in >> name >> type;
    bool required = name.back() == '!';
    if (required) name.pop_back();
    bool struct_ref = false;
    json::object f = field_type(type, &struct_ref);
    if (!desc.empty()) f["description"] = desc;
    // Go writes a field without omitempty always: upstream gives it its zero as default.
    if (required && f.contains("type") && f["type"] != "array" && f["type"] != "object")
      f["default"] = zero_of(f);
    for (std::string flag; in >> flag;) apply_flag(f, flag, struct_ref);
    auto& props = (*current)["properties"].as_object();
    props[name] = std::move(f);
    if (required) (*current)["required"].as_array().push_back(json::string(name));
  }

  static json::object kind_props(const std::string& meta_type) {
    return {{"apiVersion",
             json::object{{"type", "string"}, {"description", "Versioned schema of this object."}}},
            {"kind", json::object{{"type", "string"}, {"description", "Kind of this object."}}},
            {"metadata",
             json::object{{"allOf", json::array{json::object{{"$ref", kRefPrefix + meta_type}}}},
                          {"default", json::object{}},
                          {"description", "Standard object metadata."}}}};
  }

  static json::array gvk(const std::string& g, const std::string& v, const std::string& k) {
    return json::array{json::object{{"group", g}, {"kind", k}, {"version", v}}};
  }

  void type(const std::string& decl, const std::string& desc) {
    std::istringstream in(decl);
    std::string tag, name, kind;
    in >> tag >> name >> kind;
    std::string full = full_name(name);
    pkg = full.substr(0, full.rfind('.'));
    json::object o{{"description", desc},
                   {"type", "object"},
                   {"properties", json::object{}},
                   {"required", json::array{}}};
    if (kind.starts_with("gvk:")) {
      auto parts = split(kind.substr(4), '/');  // group/version/Kind ("" group for core)
      o["properties"] = kind_props("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
      o["x-kubernetes-group-version-kind"] = gvk(parts[0], parts[1], parts[2]);
      json::object list = kind_props("io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta");
      list["items"] = json::object{{"type", "array"},
                                   {"description", "The " + parts[2] + " objects."},
                                   {"items", element(name)}};
      schemas[full + "List"] = json::object{
          {"description", "A list of " + parts[2] + " objects."},
          {"type", "object"},
          {"properties", list},
          {"required", json::array{"items"}},
          {"x-kubernetes-group-version-kind", gvk(parts[0], parts[1], parts[2] + "List")}};
    }
    current = &(schemas[full] = std::move(o)).as_object();
  }

  void scalar(const std::string& decl, const std::string& desc) {
    std::istringstream in(decl);
    std::string tag, name, form;
    in >> tag >> name >> form;
    json::object o{{"description", desc}};
    if (form == "quantity") {
      o["oneOf"] = json::array{json::object{{"type", "string"}}, json::object{{"type", "number"}}};
    } else if (form == "int-or-string") {
      o["format"] = "int-or-string";
      o["oneOf"] = json::array{json::object{{"type", "integer"}}, json::object{{"type", "string"}}};
    } else if (form == "date-time") {
      o["type"] = "string";
      o["format"] = "date-time";
    } else {
      o["type"] = form;
    }
    schemas[full_name(name)] = std::move(o);
    current = nullptr;
  }

  // Struct-ness must be known before fields refer to types declared later.
  void declare_all(const std::string& text) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      std::istringstream w(line);
      std::string tag, name;
      w >> tag >> name;
      if (tag.starts_with("@")) aliases[tag.substr(1)] = name;
      if (tag == "T" || tag == "S") is_struct[full_name(name)] = tag == "T";
    }
  }

  void compile(const std::string& text) {
    declare_all(text);
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#' || line[0] == '@') continue;
      auto bar = line.find(" | ");
      std::string decl = line.substr(0, bar);
      std::string desc = bar == std::string::npos ? "" : line.substr(bar + 3);
      if (line.starts_with("T ")) {
        type(decl, desc);
      } else if (line.starts_with("S ")) {
        scalar(decl, desc);
      } else if (line.starts_with("  ") && current) {
        field(decl, desc);
      } else {
        throw std::logic_error("openapi types: cannot read line: " + line);
      }
    }
    for (auto& [name, s] : schemas)  // an empty required list is left out upstream
      if (auto* r = s.as_object().if_contains("required"); r && r->as_array().empty())
        s.as_object().erase("required");
  }
};

}  // namespace

const json::object& builtin_openapi_schemas() {
  static const json::object schemas = [] {
    Compiler c;
    c.compile(kOpenApiTypes);
    return std::move(c.schemas);
  }();
  return schemas;
}

}  // namespace kubemcp::sim
