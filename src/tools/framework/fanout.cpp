#include "tools/framework/fanout.hpp"

#include <spdlog/spdlog.h>

#include <mutex>
#include <boost/json.hpp>

#include "fleet/fleet.hpp"
#include "kube/errors.hpp"
#include "kube/kubeconfig.hpp"
#include "kube/rest_client.hpp"
#include "net/worker_pool.hpp"
#include "tools/framework/args.hpp"
#include "tools/framework/present.hpp"

namespace kubemcp::tools {
namespace json = boost::json;

void run_parallel(Context& ctx, std::vector<std::function<void()>>& jobs) {
  (ctx.pool ? *ctx.pool : net::WorkerPool::shared()).run_all(jobs);
}

void run_parallel(std::vector<std::function<void()>>& jobs) {
  net::WorkerPool::shared().run_all(jobs);
}

NamespaceScope namespace_scope(const json::object& args) {
  NamespaceScope s;
  s.all = arg_bool(args, "all_namespaces");
  if (!s.all) s.named = arg_strings(args, "namespace");
  std::erase(s.named, std::string());
  return s;
}

namespace {

void log_to_client(Context& ctx, const char* level, const std::string& message) {
  if (ctx.log) ctx.log(level, message);
}

// The one place a call's namespaces are settled for a cluster.
void settle_namespaces(ClusterCall& call, const NamespaceScope& scope) {
  call.all_namespaces = scope.all;
  if (scope.all) return;  // namespace_ stays "": every namespace
  call.namespaces = scope.named;
  if (call.namespaces.empty())
    call.namespaces.push_back(!call.cluster.namespace_.empty() ? call.cluster.namespace_
                                                               : call.client.default_namespace());
  call.namespace_ = call.namespaces.front();
}

ClusterAnswer run_on(Context& ctx, const fleet::ClusterConfig& cluster, const NamespaceScope& scope,
                     const ClusterFn& fn, bool idempotent) {
  ClusterAnswer a;
  std::string healed;
  // Requests the client repeats by itself (throttled, credentials refreshed) are told too.
  // A copy of the log callback, not ctx: an async request may report from another thread.
  kube::RetryNotices retries([log = ctx.log](const std::string& what) {
    if (log) log("info", what);
  });
  try {
    a = ctx.fleet.call(
        cluster,
        [&](kube::Client& client) {
          ClusterCall call{cluster, client, "", ctx};
          settle_namespaces(call, scope);
          return fn(call);
        },
        &healed, idempotent);
  } catch (...) {
    a.failed = true;
    a.text = phrase_error(std::current_exception(), cluster.name);
  }
  if (!healed.empty()) log_to_client(ctx, "notice", cluster.name + ": auto-heal: " + healed);
  a.cluster = &cluster;
  a.healed = std::move(healed);
  return a;
}

}  // namespace

namespace detail {

std::vector<ClusterAnswer> fan_out_indexed(Context& ctx, const json::object& args,
                                           const std::function<void(std::size_t)>& prepare,
                                           const IndexedFn& fn) {
  const auto clusters = ctx.fleet.registry().resolve_many(args.if_contains("cluster"));
  const NamespaceScope scope = namespace_scope(args);
  prepare(clusters.size());
  std::vector<ClusterAnswer> answers(clusters.size());
  std::vector<std::function<void()>> jobs;
  std::size_t done = 0;
  std::mutex progress_mutex;
  const double total = static_cast<double>(clusters.size());
  for (std::size_t i = 0; i < clusters.size(); ++i)
    jobs.emplace_back([&, i] {
      answers[i] = run_on(
          ctx, *clusters[i], scope,
          [&](ClusterCall& call) {
            fn(i, call);
            return ClusterAnswer{};
          },
          true);
      if (answers[i].failed && clusters.size() > 1)  // the others answer; say which did not
        log_to_client(ctx, "warning",
                      clusters[i]->name +
                          " failed: " + answers[i].text.substr(0, answers[i].text.find('\n')));
      // One progress step per cluster answered (sent only when the client asked for progress),
      // counted and sent under one lock: steps sent out of order would be dropped as stale.
      if (ctx.progress) {
        std::lock_guard lock(progress_mutex);
        ctx.progress(static_cast<double>(++done), total,
                     clusters[i]->name + (answers[i].failed ? " failed" : " answered"));
      }
    });
  run_parallel(ctx, jobs);
  return answers;
}

}  // namespace detail

std::vector<ClusterAnswer> fan_out(Context& ctx, const json::object& args, const ClusterFn& fn) {
  std::vector<ClusterAnswer> results;
  auto answers = detail::fan_out_indexed(
      ctx, args, [&](std::size_t n) { results.resize(n); },
      [&](std::size_t i, ClusterCall& call) { results[i] = fn(call); });
  for (std::size_t i = 0; i < answers.size(); ++i) {
    if (!answers[i].failed) {
      answers[i].text = std::move(results[i].text);
      answers[i].data = std::move(results[i].data);
      answers[i].failed = results[i].failed;
      answers[i].cut = results[i].cut;
    }
  }
  return answers;
}

ClusterAnswer on_one_cluster(Context& ctx, const json::object& args, const ClusterFn& fn,
                             bool idempotent) {
  const auto& cluster =
      ctx.target ? *ctx.target : ctx.fleet.registry().resolve(arg_string(args, "cluster"));
  return run_on(ctx, cluster, namespace_scope(args), fn, idempotent);
}

}  // namespace kubemcp::tools
