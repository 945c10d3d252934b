#pragma once
// k8s_compare's normalization: what is left of an object once everything a cluster writes on
// its own (status, metadata noise, API defaults, cluster-assigned addresses) is removed, so two
// clusters' copies differ only where someone made them differ. Secret values are replaced by
// an equal/differs marker before anything else sees them.
#include <boost/json/fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kubemcp::tools::compare {

// Objects every cluster makes for itself in each namespace (kube-root-ca.crt, the default
// ServiceAccount and its token); never compared.
bool made_by_cluster(const boost::json::object& object);

// The marker each Secret value becomes: the reference cluster's copy and every value equal to
// it read kSecretSame; a value that is not reads kSecretDiffers. No value, hash or length.
inline constexpr const char* kSecretSame = "(hidden)";
inline constexpr const char* kSecretDiffers = "(hidden, value differs)";

// Replaces the data/stringData values of the same Secret as read from each cluster (null:
// absent there) by the markers above, compared with `copies`' first present one.
void mask_secret_values(const std::vector<boost::json::object*>& copies);

// The object without status, metadata noise, defaulted fields and the `ignore` paths
// (dotted, e.g. "metadata.labels.team" or "spec.replicas").
boost::json::value normalize(const boost::json::value& object,
                             const std::vector<std::string>& ignore = {});

// The API's default for a leaf that normalize removed, by its summary path
// ("spec.minReplicas", "spec.template.spec.containers[web].imagePullPolicy",
// "spec.metrics[0].resource.name"), as text; nullopt when the field has no modelled default.
// A cluster that lacks the field has this value: the summary says so instead of "<none>".
std::optional<std::string> default_value(std::string_view path);

}  // namespace kubemcp::tools::compare
