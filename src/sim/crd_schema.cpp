#include "sim/crd_schema.hpp"

#include <boost/json.hpp>

#include "sim/field_errors.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

bool flag(const json::object& s, std::string_view key) {
  const auto* v = s.if_contains(key);
  return v && v->is_bool() && v->as_bool();
}

std::string json_type(const json::value& v) {
  if (v.is_object()) return "object";
  if (v.is_array()) return "array";
  if (v.is_string()) return "string";
  if (v.is_bool()) return "boolean";
  if (v.is_int64() || v.is_uint64()) return "integer";
  if (v.is_double()) return "number";
  return "null";
}

bool type_matches(const std::string& want, const json::value& v) {
  std::string have = json_type(v);
  return want.empty() || want == have || (want == "number" && have == "integer");
}

class Walker {
 public:
  Walker(FieldValidation fv) : fv_(fv) {}

  void walk(json::value& v, const json::object& s, const std::string& path) {
    if (v.is_null() && flag(s, "nullable")) return;
    std::string type = str_at(s, "type");
    if (!type_matches(type, v)) {
      errs_.invalid(path, json::string(json_type(v)),
                    path + " in body must be of type " + type + ": " + go_quote(json_type(v)));
      return;
    }
    if (const auto* en = arr_at(s, "enum");
        en && std::find(en->begin(), en->end(), v) == en->end()) {
      std::vector<std::string> allowed;
      for (const auto& e : *en)
        allowed.push_back(e.is_string() ? std::string(e.as_string()) : json::serialize(e));
      errs_.not_supported(path, v, allowed);
    }
    bounds(v, s, path);
    if (v.is_object()) object(v.as_object(), s, path);
    if (v.is_array())
      if (const auto* items = obj_at(s, "items"))
        for (size_t i = 0; i < v.as_array().size(); ++i)
          walk(v.as_array()[i], *items, path + "[" + std::to_string(i) + "]");
  }

  FieldErrors& errors() { return errs_; }
  const std::vector<std::string>& unknown() const { return unknown_; }

 private:
  void bounds(const json::value& v, const json::object& s, const std::string& path) {
    if (!v.is_number()) return;
    double x = v.to_number<double>();
    auto check = [&](const char* key, bool below, const char* words) {
      const auto* b = s.if_contains(key);
      if (!b || !b->is_number()) return;
      double lim = b->to_number<double>();
      if (below ? x < lim : x > lim)
        errs_.invalid(path, v, path + " in body should be " + words + " " + json::serialize(*b));
    };
    check("minimum", true, "greater than or equal to");
    check("maximum", false, "less than or equal to");
  }

  void object(json::object& o, const json::object& s, const std::string& path) {
    const auto* props = obj_at(s, "properties");
    const auto* additional = obj_at(s, "additionalProperties");
    std::string prefix = path.empty() ? "" : path + ".";
    if (const auto* req = arr_at(s, "required"))
      for (const auto& r : *req)
        if (r.is_string() && !o.contains(r.as_string()))
          errs_.required(prefix + std::string(r.as_string()));
    bool keep_unknown = flag(s, "x-kubernetes-preserve-unknown-fields") || additional;
    for (auto it = o.begin(); it != o.end();) {
      std::string k(it->key());
      bool root_meta = path.empty() && (k == "apiVersion" || k == "kind" || k == "metadata");
      const json::value* ps = props ? props->if_contains(k) : nullptr;
      if (ps && ps->is_object() && !root_meta) {
        walk(it->value(), ps->as_object(), prefix + k);
      } else if (additional && !root_meta) {
        walk(it->value(), *additional, prefix + k);
      } else if (!root_meta && !keep_unknown && fv_ != FieldValidation::Keep) {
        // Structural pruning: what the schema does not name is dropped.
        unknown_.push_back("unknown field \"" + prefix + k + "\"");
        it = o.erase(it);
        continue;
      }
      ++it;
    }
  }

  FieldValidation fv_;
  FieldErrors errs_;
  std::vector<std::string> unknown_;
};

}  // namespace

const json::object* crd_schema_of(const json::object& crd, const std::string& version) {
  const auto* spec = obj_at(crd, "spec");
  const auto* versions = spec ? arr_at(*spec, "versions") : nullptr;
  if (!versions) return nullptr;
  for (const auto& v : *versions)
    if (v.is_object() && str_at(v.as_object(), "name") == version)
      if (const auto* sch = obj_at(v.as_object(), "schema")) return obj_at(*sch, "openAPIV3Schema");
  return nullptr;
}

void validate_custom_resource(const ResourceType& t, json::object& obj, const json::object& schema,
                              FieldValidation fv, std::vector<std::string>* warnings) {
  Walker w(fv);
  json::value root = std::move(obj);
  w.walk(root, schema, "");
  obj = std::move(root.as_object());
  if (!w.unknown().empty()) {
    if (fv == FieldValidation::Strict) {
      std::string msg = t.kind + " in version \"" + t.version + "\" cannot be handled as a " +
                        t.kind + ": strict decoding error: ";
      for (size_t i = 0; i < w.unknown().size(); ++i) msg += (i ? ", " : "") + w.unknown()[i];
      throw bad_request(msg);
    }
    if (fv == FieldValidation::Warn && warnings)
      for (const auto& u : w.unknown()) warnings->push_back(u);
  }
  const auto* md = obj_at(obj, "metadata");
  w.errors().raise(t, md ? str_at(*md, "name") : "");
}

}  // namespace kubemcp::sim
