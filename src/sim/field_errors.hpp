#pragma once
// apimachinery's field.ErrorList: validation findings with their field path, rendered and raised
// exactly as kube-apiserver does (422 Invalid, message "<Kind>.<group> \"name\" is invalid:
// [...]", details.causes with reason FieldValue*, message and field).
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <vector>

namespace kubemcp::sim {

struct ResourceType;

// Go's %q of a string (as field errors print string values).
std::string go_quote(const std::string& v);

struct FieldError {
  std::string reason;  // FieldValueInvalid, FieldValueRequired, ...
  std::string field;   // "spec.replicas"
  std::string body;    // "Invalid value: -1: must be greater than or equal to 0"
  std::string text() const { return field + ": " + body; }
};

class FieldErrors {
 public:
  void required(const std::string& field, const std::string& detail = "");
  void invalid(const std::string& field, const boost::json::value& value,
               const std::string& detail);
  // A value Go prints with %#v (e.g. intstr.IntOrString{...}): `shown` is that rendering.
  void invalid_shown(const std::string& field, const std::string& shown, const std::string& detail);
  void not_supported(const std::string& field, const boost::json::value& value,
                     const std::vector<std::string>& supported);
  void forbidden(const std::string& field, const std::string& detail);
  void duplicate(const std::string& field, const boost::json::value& value);
  void too_long(const std::string& field, size_t max_bytes);
  void add(FieldError e) { errs_.push_back(std::move(e)); }

  bool empty() const { return errs_.empty(); }
  const std::vector<FieldError>& all() const { return errs_; }
  // Throws ApiError 422 Invalid naming the kind (qualified by group) and object name.
  void raise(const std::string& kind, const std::string& group, const std::string& name) const;
  void raise(const ResourceType& t, const std::string& name) const;

 private:
  std::vector<FieldError> errs_;
};

// The value as field.Error prints it: numbers and bools bare, strings %q, null as "null".
std::string field_value(const boost::json::value& v);

// A metav1.LabelSelector as Go's %#v prints it in field errors (matchExpressions abridged).
std::string go_label_selector(const boost::json::object& sel);

}  // namespace kubemcp::sim
