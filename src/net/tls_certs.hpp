#pragma once
// Certificate authority and leaf certificates generated in memory with OpenSSL 3 (ECDSA
// P-256). Used by the simulator, which gives every cluster its own CA at start.
#include <string>
#include <vector>

namespace kubemcp::net {

struct PemPair {
  std::string cert_pem;
  std::string key_pem;
};

// A self-signed CA certificate valid for ten years.
PemPair make_ca(const std::string& common_name);

// A server certificate signed by `ca` for the given DNS names and IP addresses.
PemPair make_server_cert(const PemPair& ca, const std::string& common_name,
                         const std::vector<std::string>& dns_names,
                         const std::vector<std::string>& ip_addresses);

// A client certificate (extendedKeyUsage clientAuth) with subject CN and O entries; the
// Kubernetes API server reads the user from CN and the groups from O.
PemPair make_client_cert(const PemPair& ca, const std::string& common_name,
                         const std::vector<std::string>& organizations);

}  // namespace kubemcp::net
