#pragma once
// The audit log: one JSON line per write, exec, port-forward or cp — time, cluster, the
// identity the credentials stand for, tool, arguments with bodies redacted, dry run or not,
// the outcome and the API's HTTP status. Appended, never rewritten.
#include <boost/json/object.hpp>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kubemcp::fleet {

struct ClusterConfig;

// One attempted change, as the audit log records it.
struct AuditEntry {
  std::string cluster;
  // Who the credentials stand for (never a credential): the API server's answer to a
  // SelfSubjectReview when known, else the kubeconfig's user; empty when unknown.
  std::string identity;
  std::string identity_source;  // "server" | "kubeconfig" | "" (unknown)
  // Who asked, over HTTP: the authenticated caller's name (never its token); empty on stdio.
  std::string principal;
  std::string tool;
  boost::json::object args;  // redacted when written
  // Top-level arguments the tool declares safe and essential to record as given (k8s_exec's
  // `command`); everything else that can carry data is redacted.
  std::vector<std::string> verbatim;
  bool dry_run = false;
  std::string outcome;            // "ok: ..." / "error: ..." / "refused: ..."
  std::optional<int> api_status;  // the API server's HTTP status, when a request was answered
};

// Who a cluster's credentials stand for, as far as the kubeconfig tells without a request:
// the context's user entry name (and its basic-auth username when set). Never a token; empty
// when the kubeconfig cannot be read.
std::string kubeconfig_identity(const ClusterConfig& cluster);

class Audit {
 public:
  explicit Audit(std::string path) : path_(std::move(path)) {}

  bool enabled() const { return !path_.empty(); }
  const std::string& path() const { return path_; }

  // Appends one record; failures to write are logged, never thrown (the action happened).
  void record(const AuditEntry& entry);
  void record(const std::string& cluster, const std::string& tool, const boost::json::object& args,
              const std::string& outcome);
  // The same, with top-level arguments the tool declares safe and essential to record as given
  // (k8s_exec's `command`: what ran is what the audit is for; its stdin is still dropped).
  void record(const std::string& cluster, const std::string& tool, const boost::json::object& args,
              const std::string& outcome, const std::vector<std::string>& verbatim);

  // Arguments as they are logged: at any depth, every value under a key that can carry data
  // (manifests, patches, file contents, stdin, env, command, args) or a credential is
  // replaced by its size.
  static boost::json::object redact(const boost::json::object& args);
  // The same, except the top-level keys in `verbatim`, kept as given.
  static boost::json::object redact(const boost::json::object& args,
                                    const std::vector<std::string>& verbatim);

 private:
  std::string path_;
  std::mutex mutex_;
};

}  // namespace kubemcp::fleet
