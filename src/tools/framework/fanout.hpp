#pragma once
// Running a tool's work on clusters: on each cluster a call names (fan_out), concurrently on
// the call's worker pool, or on exactly one (on_one_cluster); each through the fleet's
// heal-and-retry wrapper, one cluster's failure phrased in its own answer. The namespace a
// call reads is decided here, once, for every tool (namespace_scope).
#include <boost/json/object.hpp>
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "fleet/cluster.hpp"
#include "tools/framework/tool.hpp"

namespace kubemcp::kube {
class Client;
struct ResourceInfo;
}  // namespace kubemcp::kube

namespace kubemcp::tools {

// One cluster's part of a read, as text (tools whose answer is a rendered text per cluster).
struct ClusterAnswer {
  const fleet::ClusterConfig* cluster = nullptr;
  std::string text;  // rendered answer, or the phrased error
  bool failed = false;
  std::string healed;       // what auto-heal did, if anything
  boost::json::value data;  // structured form, when the tool has one
  bool cut = false;         // `text` was cut to the output budget
};

// One cluster's part of a read as a typed value: what the tool computed there, or why it
// could not. Tools that merge several clusters' answers use this instead of packing JSON.
template <typename T>
struct ClusterResult {
  const fleet::ClusterConfig* cluster = nullptr;
  T value{};
  bool failed = false;
  std::string error;   // the phrased failure (kubectl's wording and the next step)
  std::string healed;  // what auto-heal did, if anything (failed clusters too)
};

// Which namespaces a call reads, from its `namespace` (one or a list) and `all_namespaces`
// arguments. all_namespaces wins over namespace, as in kubectl.
struct NamespaceScope {
  std::vector<std::string> named;  // empty: the cluster's default namespace
  bool all = false;
};
NamespaceScope namespace_scope(const boost::json::object& args);

// Everything a per-cluster read needs.
struct ClusterCall {
  const fleet::ClusterConfig& cluster;
  kube::Client& client;
  // The namespace to read: the first one named, else the cluster's default namespace
  // (its config, else its kubeconfig context's, else "default"); "" with all_namespaces.
  std::string namespace_;
  Context& ctx;
  std::vector<std::string> namespaces = {};  // every namespace named (at least namespace_)
  bool all_namespaces = false;
};

using ClusterFn = std::function<ClusterAnswer(ClusterCall&)>;

// Runs `fn` for each cluster named by args.cluster (a name, an alias, "all" or a list)
// concurrently, each through the fleet's heal-and-retry wrapper. One cluster's failure is
// reported in its answer and never fails the others.
std::vector<ClusterAnswer> fan_out(Context& ctx, const boost::json::object& args,
                                   const ClusterFn& fn);

// Runs `fn` for exactly one cluster (args.cluster must name one).
ClusterAnswer on_one_cluster(Context& ctx, const boost::json::object& args, const ClusterFn& fn,
                             bool idempotent = true);

// Runs `jobs` concurrently on the call's pool (ctx.pool, else the shared one) and waits for
// all. Safe inside a pool job: the waiter runs what no thread has taken.
void run_parallel(std::vector<std::function<void()>>& jobs);
void run_parallel(Context& ctx, std::vector<std::function<void()>>& jobs);

namespace detail {
using IndexedFn = std::function<void(std::size_t index, ClusterCall&)>;
// fan_out's engine: `prepare(n)` once the n clusters are known, then fn(i, call) for the i-th
// cluster of args.cluster; the answers say which failed and what was healed (their text is the
// phrased failure).
std::vector<ClusterAnswer> fan_out_indexed(Context& ctx, const boost::json::object& args,
                                           const std::function<void(std::size_t)>& prepare,
                                           const IndexedFn& fn);
}  // namespace detail

// fan_out with a typed answer per cluster: `fn` returns what the tool computed there.
template <typename T>
std::vector<ClusterResult<T>> fan_out_as(Context& ctx, const boost::json::object& args,
                                         const std::function<T(ClusterCall&)>& fn) {
  std::vector<ClusterResult<T>> out;
  auto answers = detail::fan_out_indexed(
      ctx, args, [&](std::size_t n) { out.resize(n); },
      [&](std::size_t i, ClusterCall& call) { out[i].value = fn(call); });
  for (std::size_t i = 0; i < answers.size(); ++i) {
    out[i].cluster = answers[i].cluster;
    out[i].failed = answers[i].failed;
    if (answers[i].failed) out[i].error = std::move(answers[i].text);
    out[i].healed = std::move(answers[i].healed);
  }
  return out;
}

}  // namespace kubemcp::tools
