// Fuzzes the manifest parser (k8s_apply's input: YAML streams, JSON streams, List kinds):
// a ManifestError is the only acceptable failure; crashes, hangs and other exceptions are not.
#include <boost/json.hpp>
#include <cstdint>
#include <string>

#include "kube/manifest.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    for (const auto& m : kubemcp::kube::parse_manifests(text)) {
      // What the apply tool reads of every object must hold for every parsed one.
      if (m.api_version().empty() || m.kind().empty() || m.name().empty()) __builtin_trap();
      (void)m.namespace_();
      (void)boost::json::serialize(m.object);
    }
  } catch (const kubemcp::kube::ManifestError&) {
  }
  return 0;
}
