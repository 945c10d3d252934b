#pragma once
// One configured cluster: where its kubeconfig is and what kubemcp may do with it.
#include <string>
#include <vector>

namespace kubemcp::fleet {

enum class Access { read_only, read_write };

// Which names a cluster lets tools change: `allow` (empty: every name) minus `deny` (deny
// wins). Entries are names or globs with `*` ("team-*").
struct NameRules {
  std::vector<std::string> allow;
  std::vector<std::string> deny;
  bool empty() const { return allow.empty() && deny.empty(); }
};

std::string to_string(Access access);

struct ClusterConfig {
  std::string name;
  std::vector<std::string> aliases;
  std::string kubeconfig;  // absolute path; read, never written
  std::string context;     // empty: the file's current-context
  std::string namespace_;  // empty: the context's namespace, else "default"
  Access access = Access::read_write;
  std::vector<std::string> login;         // argv run by auto-heal on 401; empty: none
  std::vector<std::string> network_heal;  // argv run by auto-heal on network failure
  bool reveal_secrets = false;            // show Secret values instead of masking them
  NameRules namespaces;                   // namespaces changes may touch
  NameRules kinds;                        // kinds changes may touch: Kind or Kind.group
  // Every change asks the user first (MCP elicitation, else `confirm: true`). `protected` is
  // a C++ keyword, hence the underscore.
  bool protected_ = false;
  // The pod's service account (in_cluster): this directory holds token, ca.crt and
  // namespace, and `kubeconfig` is empty.
  std::string service_account_dir;

  bool answers_to(const std::string& name_or_alias) const;
};

}  // namespace kubemcp::fleet
