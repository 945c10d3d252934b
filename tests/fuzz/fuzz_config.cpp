// Fuzzes the kubemcp config parser and the registry built from it.
#include <boost/json.hpp>
#include <cstdint>
#include <string>

#include "fleet/config.hpp"
#include "fleet/registry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    kubemcp::fleet::Registry reg(kubemcp::fleet::parse_config(text, "/fuzz/config.yaml"));
    const boost::json::value all = "all";
    (void)reg.resolve_many(&all);
  } catch (const kubemcp::fleet::ConfigError&) {
  } catch (const kubemcp::fleet::UnknownCluster&) {
  }
  return 0;
}
