#include "tools/common.hpp"

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
#include "kube/resource_mapper.hpp"
#include "kube/rest_client.hpp"
#include "render/budget.hpp"
#include "render/sanitize.hpp"

namespace kubemcp::tools {
namespace json = boost::json;

std::string arg_string(const json::object& args, const char* key, const std::string& fallback) {
  const auto* v = args.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : fallback;
}

bool arg_bool(const json::object& args, const char* key, bool fallback) {
  const auto* v = args.if_contains(key);
  return v && v->is_bool() ? v->get_bool() : fallback;
}

std::optional<std::int64_t> arg_int(const json::object& args, const char* key) {
  const auto* v = args.if_contains(key);
  if (!v || !v->is_number()) return std::nullopt;
  // The schema admits only integers that fit; this guards handlers called some other way.
  boost::system::error_code ec;
  const auto n = v->to_number<std::int64_t>(ec);
  if (ec)
    throw std::invalid_argument(std::string(key) + " must be an integer that fits 64 bits, got " +
                                json::serialize(*v));
  return n;
}

std::vector<std::string> arg_strings(const json::object& args, const char* key) {
  std::vector<std::string> out;
  const auto* v = args.if_contains(key);
  if (!v) return out;
  if (v->is_string()) out.emplace_back(v->get_string());
  if (v->is_array())
    for (const auto& x : v->get_array())
      if (x.is_string()) out.emplace_back(x.get_string());
  return out;
}

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

void prepare_objects(json::value& object_or_list, const fleet::ClusterConfig& cluster,
                     const kube::ResourceInfo& resource) {
  render::strip_noise(object_or_list);
  if (!cluster.reveal_secrets) render::mask_secret_values(object_or_list, resource.is_secret());
}

const kube::ResourceInfo& builtin(const std::string& name) {
  static const std::map<std::string, kube::ResourceInfo> known = [] {
    std::map<std::string, kube::ResourceInfo> m;
    const auto add = [&](const char* group, const char* resource, const char* kind,
                         bool namespaced) {
      kube::ResourceInfo r;
      r.group = group;
      r.version = "v1";
      r.resource = resource;
      r.kind = kind;
      r.namespaced = namespaced;
      m.emplace(resource, std::move(r));
    };
    add("", "pods", "Pod", true);
    add("", "events", "Event", true);
    add("", "nodes", "Node", false);
    add("apps", "deployments", "Deployment", true);
    add("apps", "statefulsets", "StatefulSet", true);
    add("apps", "daemonsets", "DaemonSet", true);
    return m;
  }();
  return known.at(name);
}

std::string phrase_error(const std::exception_ptr& error, const std::string& cluster) {
  try {
    std::rethrow_exception(error);
  } catch (const kube::ApiError& e) {
    std::string out = "Error from server (" + e.reason() + "): " + e.message();
    if (e.code() == 404)
      out +=
          "\nCheck the name and namespace (k8s_get lists what exists; all_namespaces=true searches "
          "every namespace).";
    else if (e.code() == 403)
      out += "\nThe credentials for " + cluster +
             " are valid but lack this permission (RBAC); logging in again will not help. Ask a "
             "cluster admin, or use a different cluster.";
    else if (e.code() == 409)
      out += "\nThe object changed or already exists; read it again and retry.";
    else if (e.code() == 422)
      out += "\nThe server rejected the object as invalid; fix the fields named above.";
    else if (e.code() == 429 || e.code() >= 500)
      out += "\nThe API server of " + cluster + " is overloaded or failing; try again shortly.";
    return out;
  } catch (const kube::AuthError& e) {
    return std::string("error: You must be logged in to the server (Unauthorized): ") + e.what() +
           "\nLog in to " + cluster +
           " and call again, or configure `login` for it so kubemcp can do it.";
  } catch (const kube::NetworkError& e) {
    return std::string("Unable to connect to the server: ") + e.what() +
           "\nCheck the VPN or network; k8s_clusters shows which clusters answer.";
  } catch (const kube::MappingError& e) {
    return std::string("error: ") + e.what() +
           "\nUse a resource name as kubectl does (pods, deploy, svc, deployments.apps, a CRD's "
           "plural).";
  } catch (const kube::CancelledError&) {
    return "cancelled";
  } catch (const kube::ConfigError& e) {
    return std::string("kubeconfig problem: ") + e.what() + "\nFix the kubeconfig of " + cluster +
           ".";
  } catch (const fleet::HealFailed& e) {
    return phrase_error(e.original(), cluster) + "\nAuto-heal: " + e.heal_error();
  } catch (const std::exception& e) {
    return std::string("error: ") + e.what();
  }
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
  const auto& cluster = ctx.fleet.registry().resolve(arg_string(args, "cluster"));
  return run_on(ctx, cluster, args, fn, idempotent);
}

Result combine(const std::vector<ClusterAnswer>& answers, std::size_t budget,
               const std::string& how) {
  std::string text;
  std::string heals;
  bool all_failed = !answers.empty();
  const std::size_t share =
      answers.empty() ? budget : std::max<std::size_t>(budget / answers.size(), 500);
  for (const auto& a : answers) {
    if (!a.failed) all_failed = false;
    if (answers.size() > 1) text += "== " + a.cluster->name + " ==\n";
    text += render::fit_to_budget(a.text, share, how).text;
    if (!text.empty() && text.back() != '\n') text += '\n';
    if (answers.size() > 1) text += '\n';
    if (!a.healed.empty()) heals += "Auto-heal: " + a.healed + ".\n";
  }
  while (text.size() > 1 && text[text.size() - 1] == '\n' && text[text.size() - 2] == '\n')
    text.pop_back();
  Result r = Result::ok(text + heals);
  r.is_error = all_failed;
  return r;
}

}  // namespace kubemcp::tools
