#pragma once
// apimachinery's string validators (k8s.io/apimachinery/pkg/util/validation), word for word:
// each returns the list of messages kube-apiserver would attach to a field.Invalid, empty when
// the value is fine. Also ObjectMeta's name, label and annotation rules.
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "sim/field_errors.hpp"

namespace kubemcp::sim {

using Messages = std::vector<std::string>;

Messages dns1123_label(const std::string& v);      // Namespaces, container names (63)
Messages dns1123_subdomain(const std::string& v);  // most objects (253)
Messages dns1035_label(const std::string& v);      // Services (63, starts with a letter)
Messages qualified_name(const std::string& v);     // label and annotation keys
Messages label_value(const std::string& v);
Messages config_map_key(const std::string& v);  // ConfigMap and Secret data keys
Messages port_name(const std::string& v);       // IANA_SVC_NAME

// Which rule a kind's metadata.name follows.
enum class NameRule { Subdomain, Label, Dns1035, PathSegment };
NameRule name_rule_of(const std::string& kind);
Messages name_messages(NameRule rule, const std::string& name);

// metadata: name (by rule; skipped when empty, creation handles that), generateName prefix,
// labels and annotations. `path` is "metadata" or "spec.template.metadata".
void validate_object_meta(const boost::json::object& md, NameRule rule, const std::string& path,
                          FieldErrors& errs, bool check_name = true);
// Labels only (templates and selectors share it).
void validate_labels(const boost::json::object& labels, const std::string& path, FieldErrors& errs);

}  // namespace kubemcp::sim
