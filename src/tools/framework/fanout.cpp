#include "tools/framework/fanout.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "fleet/fleet.hpp"
#include "kube/errors.hpp"
#include "kube/kubeconfig.hpp"
#include "kube/rest_client.hpp"
#include "tools/framework/args.hpp"
#include "tools/framework/present.hpp"

namespace kubemcp::tools {
namespace json = boost::json;

namespace {

// A fixed pool shared by every fan-out, so N clusters × M calls never means N×M threads.
class FanoutPool {
 public:
  static FanoutPool& instance() {
    // Never destroyed: its threads wait on its condition variable until the process ends,
    // and destroying a condition variable with waiters hangs glibc at exit.
    static FanoutPool* pool = new FanoutPool(16);
    return *pool;
  }
  void post(std::function<void()> job) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    ready_.notify_one();
  }

 private:
  explicit FanoutPool(std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
      std::thread([this] {
        for (;;) {
          std::function<void()> job;
          {
            std::unique_lock lock(mutex_);
            ready_.wait(lock, [&] { return !jobs_.empty(); });
            job = std::move(jobs_.front());
            jobs_.pop_front();
          }
          job();
        }
      }).detach();  // lives as long as the process; jobs never outlive their waiters
  }
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
};

}  // namespace

void run_parallel(std::vector<std::function<void()>>& jobs) {
  if (jobs.size() == 1) {
    jobs.front()();
    return;
  }
  std::mutex m;
  std::condition_variable done;
  std::size_t left = jobs.size();
  for (auto& job : jobs)
    FanoutPool::instance().post([&job, &m, &done, &left] {
      job();
      std::lock_guard lock(m);
      if (--left == 0) done.notify_all();
    });
  std::unique_lock lock(m);
  done.wait(lock, [&] { return left == 0; });
}

namespace {

void log_to_client(Context& ctx, const char* level, const std::string& message) {
  if (ctx.log) ctx.log(level, message);
}

ClusterAnswer run_on(Context& ctx, const fleet::ClusterConfig& cluster, const json::object& args,
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
          std::string ns = arg_string(args, "namespace");
          if (ns.empty())
            ns = !cluster.namespace_.empty() ? cluster.namespace_ : client.default_namespace();
          ClusterCall call{cluster, client, ns, ctx};
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

std::vector<ClusterAnswer> fan_out(Context& ctx, const json::object& args, const ClusterFn& fn) {
  const auto clusters = ctx.fleet.registry().resolve_many(args.if_contains("cluster"));
  std::vector<ClusterAnswer> answers(clusters.size());
  std::vector<std::function<void()>> jobs;
  std::atomic<std::size_t> done{0};
  const double total = static_cast<double>(clusters.size());
  for (std::size_t i = 0; i < clusters.size(); ++i)
    jobs.emplace_back([&, i] {
      answers[i] = run_on(ctx, *clusters[i], args, fn, true);
      if (answers[i].failed && clusters.size() > 1)  // the others answer; say which did not
        log_to_client(ctx, "warning",
                      clusters[i]->name +
                          " failed: " + answers[i].text.substr(0, answers[i].text.find('\n')));
      // One progress step per cluster answered (sent only when the client asked for progress).
      if (ctx.progress)
        ctx.progress(static_cast<double>(++done), total,
                     clusters[i]->name + (answers[i].failed ? " failed" : " answered"));
    });
  run_parallel(jobs);
  return answers;
}

ClusterAnswer on_one_cluster(Context& ctx, const json::object& args, const ClusterFn& fn,
                             bool idempotent) {
  const auto& cluster =
      ctx.target ? *ctx.target : ctx.fleet.registry().resolve(arg_string(args, "cluster"));
  return run_on(ctx, cluster, args, fn, idempotent);
}

}  // namespace kubemcp::tools
