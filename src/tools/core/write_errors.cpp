#include "tools/core/write_errors.hpp"

#include <boost/json.hpp>

#include "kube/errors.hpp"
#include "tools/framework/present.hpp"

namespace kubemcp::tools {
namespace json = boost::json;

namespace {

std::string member(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// details.causes of a Status: [{reason, message, field}].
const json::array* causes(const kube::ApiError& e) {
  if (!e.details().is_object()) return nullptr;
  const auto* c = e.details().as_object().if_contains("causes");
  return c && c->is_array() ? &c->get_array() : nullptr;
}

std::string apply_conflict(const kube::ApiError& e, const json::array& list) {
  std::string fields;
  for (const auto& c : list) {
    if (!c.is_object() || member(c.as_object(), "reason") != "FieldManagerConflict") continue;
    // message: `conflict with "kubectl-edit" using apps/v1` (manager in quotes).
    const std::string m = member(c.as_object(), "message");
    const auto q1 = m.find('"'), q2 = m.find('"', q1 == std::string::npos ? 0 : q1 + 1);
    const std::string manager =
        q1 != std::string::npos && q2 != std::string::npos ? m.substr(q1 + 1, q2 - q1 - 1) : m;
    fields += "\n  " + member(c.as_object(), "field") + " is managed by \"" + manager + "\"";
  }
  return "Error from server (Conflict): " + e.message() +
         "\nFields owned by another manager:" + fields +
         "\nTo resolve: call again with force_conflicts=true to take these fields over; or remove "
         "them from the manifest to leave them with their managers; or set them to the live "
         "values to share ownership.";
}

std::string invalid(const kube::ApiError& e, const json::array* list) {
  std::string out = "Error from server (Invalid): " + e.message();
  if (list && !list->empty()) {
    out += "\nInvalid fields:";
    for (const auto& c : *list)
      if (c.is_object())
        out += "\n  " + member(c.as_object(), "field") + ": " + member(c.as_object(), "message");
  }
  return out + "\nFix these fields in the manifest and apply again.";
}

}  // namespace

std::string phrase_write_error(const std::exception_ptr& error, const std::string& cluster) {
  try {
    std::rethrow_exception(error);
  } catch (const kube::ApiError& e) {
    const auto* list = causes(e);
    if (e.code() == 409 && list && !list->empty()) return apply_conflict(e, *list);
    if (e.code() == 422) return invalid(e, list);
  } catch (...) {
  }
  return phrase_error(error, cluster);
}

}  // namespace kubemcp::tools
