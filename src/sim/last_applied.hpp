#pragma once
// kubectl's client-side apply annotation as kube-apiserver's field manager treats it
// (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/fieldmanager, internal/lastapplied*.go):
// kubectl's server-side apply may take over fields client-side apply set, and keeps the
// annotation up to date while it exists.
#include <boost/json/object.hpp>
#include <string>

#include "sim/apply.hpp"

namespace kubemcp::sim {

inline constexpr const char* kLastApplied = "kubectl.kubernetes.io/last-applied-configuration";

// Only managers named kubectl* upgrade ("to opt out, users may specify a different manager").
bool upgrades_client_side_apply(const std::string& manager);
// The live object carries a non-empty annotation.
bool has_last_applied(const boost::json::object& live);
// The fields of the annotation whose live value is still the one it records: conflicts on them
// are not conflicts. Empty when there is no readable annotation.
FieldSet allowed_from_last_applied(const boost::json::object& live);
// The annotation's new value: the applied configuration without the annotation, encoded as Go's
// encoding/json does (sorted keys, HTML characters escaped, a trailing newline).
std::string build_last_applied(const boost::json::object& config);

}  // namespace kubemcp::sim
