#include "sim/field_selectors.hpp"

#include <map>
#include <stdexcept>
#include <vector>

#include "sim/util.hpp"

namespace kubemcp::sim {

namespace {

struct Label {
  const char* label;
  FieldPath where;  // empty path: the label is the path
};

struct KindLabels {
  std::vector<Label> labels;
  // The refusal, worded as the kind's conversion function words it.
  std::string (*refuse)(const std::string& label);
};

std::string not_supported(const std::string& label) {
  return "field label not supported: " + label;
}
std::string not_supported_for_job(const std::string& label) {
  return "field label \"" + label + "\" not supported for Job";
}
// runtime.DefaultMetaV1FieldSelectorConversion, for kinds that register no function.
std::string not_known(const std::string& label) {
  return "\"" + label + "\" is not a known field selector: only \"metadata.name\", " +
         "\"metadata.namespace\"";
}

const Label kName{"metadata.name", {}};
const Label kNamespace{"metadata.namespace", {}};
// Accepted, but the strategy never fills it in, so it only ever equals "" (status.podIPs).
const FieldPath kNeverSet{"-", "", ""};

// Keyed by group/plural (ResourceType::key()).
const std::map<std::string, KindLabels>& table() {
  static const std::map<std::string, KindLabels> t{
      {"/pods",
       {{kName,
         kNamespace,
         {"spec.nodeName", {}},
         {"spec.host", {"spec.nodeName", "", ""}},  // old v1 clients' name for spec.nodeName
         {"spec.restartPolicy", {}},
         {"spec.schedulerName", {}},
         {"spec.serviceAccountName", {}},
         {"spec.hostNetwork", {"spec.hostNetwork", "", "false"}},
         {"status.phase", {}},
         {"status.podIP", {}},
         {"status.podIPs", kNeverSet},
         {"status.nominatedNodeName", {}}},
        not_supported}},
      {"/nodes",
       {{kName, {"spec.unschedulable", {"spec.unschedulable", "", "false"}}}, not_supported}},
      {"/replicationcontrollers",
       {{kName, kNamespace, {"status.replicas", {"status.replicas", "", "0"}}}, not_supported}},
      {"/events",
       {{kName,
         kNamespace,
         {"involvedObject.kind", {}},
         {"involvedObject.namespace", {}},
         {"involvedObject.name", {}},
         {"involvedObject.uid", {}},
         {"involvedObject.apiVersion", {}},
         {"involvedObject.resourceVersion", {}},
         {"involvedObject.fieldPath", {}},
         {"reason", {}},
         {"reportingComponent", {}},
         // source.component, else the reporting controller (new-style events).
         {"source", {"source.component", "reportingComponent", ""}},
         {"type", {}}},
        not_supported}},
      {"/namespaces", {{kName, {"status.phase", {}}}, not_supported}},
      {"/secrets", {{kName, kNamespace, {"type", {}}}, not_supported}},
      {"/services",
       {{kName, kNamespace, {"spec.clusterIP", {}}, {"spec.type", {}}}, not_supported}},
      {"batch/jobs",
       {{kName, kNamespace, {"status.successful", {"status.succeeded", "", "0"}}},
        not_supported_for_job}},
      {"certificates.k8s.io/certificatesigningrequests",
       {{kName, {"spec.signerName", {}}}, not_supported}},
  };
  return t;
}

FieldPath resolve(const ResourceType& t, const std::string& label) {
  if (t.custom) {
    // apiextensions' converter: name, namespace when namespaced, the CRD's selectableFields.
    bool ok = label == "metadata.name" || (t.namespaced && label == "metadata.namespace");
    for (const auto& f : t.selectable_fields) ok = ok || f == label;
    if (!ok) throw bad_request(not_supported(label));
    return {};
  }
  auto it = table().find(t.key());
  if (it == table().end()) {
    if (label != "metadata.name" && label != "metadata.namespace")
      throw bad_request(not_known(label));
    return {};
  }
  for (const auto& l : it->second.labels)
    if (label == l.label) return l.where;
  throw bad_request(it->second.refuse(label));
}

}  // namespace

FieldSelector field_selector_for(const ResourceType& t, std::string_view text) {
  FieldSelector sel;
  try {
    sel = FieldSelector::parse(text);
  } catch (const std::invalid_argument& e) {
    throw bad_request(e.what());
  }
  sel.resolve([&t](const std::string& label) { return resolve(t, label); });
  return sel;
}

}  // namespace kubemcp::sim
