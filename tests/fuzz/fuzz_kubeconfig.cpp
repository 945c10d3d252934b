// Fuzzes the kubeconfig parser and context resolution: errors are fine, crashes are not.
#include <cstdint>
#include <string>

#include "kube/kubeconfig.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto cfg = kubemcp::kube::parse_kubeconfig(text, "/fuzz/kubeconfig");
    (void)kubemcp::kube::resolve_context(cfg, "");
    for (const auto& [name, _] : cfg.contexts) (void)kubemcp::kube::resolve_context(cfg, name);
  } catch (const kubemcp::kube::KubeconfigError&) {
  }
  return 0;
}
