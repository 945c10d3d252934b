// Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs and CronJobs.
#include <array>
#include <boost/json.hpp>

#include "render/describe_kinds.hpp"

namespace kubemcp::render::detail {
namespace json = boost::json;

namespace {

std::string selector_text(const json::value& v) {
  const auto* sel = at_path(v, {"spec", "selector"});
  if (!sel) return {};
  if (const auto* ml = at_path(*sel, {"matchLabels"})) {
    std::string out = join_pairs(ml);
    if (!out.empty()) return out;
  }
  return join_pairs(sel);  // Services and ReplicationControllers use a plain map
}

void write_conditions(DescribeWriter& w, const json::value& v) {
  const auto* conds = at_path(v, {"status", "conditions"});
  if (!conds || !conds->is_array() || conds->get_array().empty()) return;
  w.text(0, "Conditions:");
  std::vector<std::array<std::string, 3>> rows{{"Type", "Status", "Reason"},
                                               {"----", "------", "------"}};
  for (const auto& c : conds->get_array())
    rows.push_back({str_at(c, {"type"}), str_at(c, {"status"}), str_at(c, {"reason"})});
  std::array<std::size_t, 2> width{0, 0};
  for (const auto& r : rows) {
    width[0] = std::max(width[0], r[0].size());
    width[1] = std::max(width[1], r[1].size());
  }
  for (const auto& r : rows)
    w.text(1, r[0] + std::string(width[0] - r[0].size() + 2, ' ') + r[1] +
                  std::string(width[1] - r[1].size() + 2, ' ') + r[2]);
}

void header(DescribeWriter& w, const DescribeInput& in) {
  const json::value v = in.object;
  w.field(0, "Name", str_at(v, {"metadata", "name"}));
  w.field(0, "Namespace", str_at(v, {"metadata", "namespace"}));
  w.field(0, "CreationTimestamp", describe_time(str_at(v, {"metadata", "creationTimestamp"})));
  w.map_field(0, "Labels", at_path(v, {"metadata", "labels"}));
  w.map_field(0, "Annotations", at_path(v, {"metadata", "annotations"}));
}

std::string pods_status(const json::value& v) {
  return num_at(v, {"status", "readyReplicas"}) + " Running / " +
         num_at(v, {"status", "replicas"}) + " total";
}

}  // namespace

std::string describe_deployment(const DescribeInput& in) {
  const json::value v = in.object;
  DescribeWriter w;
  header(w, in);
  w.field(0, "Selector", selector_text(v));
  w.field(0, "Replicas",
          num_at(v, {"spec", "replicas"}, "1") + " desired | " +
              num_at(v, {"status", "updatedReplicas"}) + " updated | " +
              num_at(v, {"status", "replicas"}) + " total | " +
              num_at(v, {"status", "availableReplicas"}) + " available | " +
              num_at(v, {"status", "unavailableReplicas"}) + " unavailable");
  std::string strategy = str_at(v, {"spec", "strategy", "type"});
  w.field(0, "StrategyType", strategy.empty() ? "RollingUpdate" : strategy);
  w.field(0, "MinReadySeconds", num_at(v, {"spec", "minReadySeconds"}));
  if (strategy.empty() || strategy == "RollingUpdate") {
    std::string mu = str_at(v, {"spec", "strategy", "rollingUpdate", "maxUnavailable"});
    std::string ms = str_at(v, {"spec", "strategy", "rollingUpdate", "maxSurge"});
    w.field(0, "RollingUpdateStrategy",
            (mu.empty() ? "25%" : mu) + " max unavailable, " + (ms.empty() ? "25%" : ms) +
                " max surge");
  }
  if (str_at(v, {"spec", "paused"}) == "true") w.field(0, "Paused", "true");
  write_pod_template(w, at_path(v, {"spec", "template"}));
  write_conditions(w, v);
  return w.str() + describe_events(in.events, in.now);
}

std::string describe_replicaset(const DescribeInput& in) {
  const json::value v = in.object;
  DescribeWriter w;
  header(w, in);
  w.field(0, "Selector", selector_text(v));
  w.field(0, "Controlled By", controlled_by(in.object));
  w.field(0, "Replicas",
          num_at(v, {"status", "replicas"}) + " current / " + num_at(v, {"spec", "replicas"}, "1") +
              " desired");
  w.field(0, "Pods Status",
          num_at(v, {"status", "readyReplicas"}) + " Running / " +
              num_at(v, {"status", "availableReplicas"}) + " Available");
  write_pod_template(w, at_path(v, {"spec", "template"}));
  write_conditions(w, v);
  return w.str() + describe_events(in.events, in.now);
}

std::string describe_statefulset(const DescribeInput& in) {
  const json::value v = in.object;
  DescribeWriter w;
  header(w, in);
  w.field(0, "Selector", selector_text(v));
  w.field(0, "Replicas",
          num_at(v, {"spec", "replicas"}, "1") + " desired | " + num_at(v, {"status", "replicas"}) +
              " total");
  w.field(0, "Update Strategy", str_at(v, {"spec", "updateStrategy", "type"}));
  w.field(0, "Pods Status", pods_status(v));
  w.field(0, "Service Name", str_at(v, {"spec", "serviceName"}));
  write_pod_template(w, at_path(v, {"spec", "template"}));
  const auto* vct = at_path(v, {"spec", "volumeClaimTemplates"});
  if (vct && vct->is_array() && !vct->get_array().empty()) {
    w.text(0, "Volume Claims:");
    for (const auto& c : vct->get_array()) {
      w.field(1, "Name", str_at(c, {"metadata", "name"}));
      w.field(1, "StorageClass", str_at(c, {"spec", "storageClassName"}));
      w.field(1, "Capacity", str_at(c, {"spec", "resources", "requests", "storage"}));
    }
  } else {
    w.field(0, "Volume Claims", "<none>");
  }
  return w.str() + describe_events(in.events, in.now);
}

std::string describe_daemonset(const DescribeInput& in) {
  const json::value v = in.object;
  DescribeWriter w;
  header(w, in);
  w.field(0, "Selector", selector_text(v));
  w.field(0, "Desired Number of Nodes Scheduled", num_at(v, {"status", "desiredNumberScheduled"}));
  w.field(0, "Current Number of Nodes Scheduled", num_at(v, {"status", "currentNumberScheduled"}));
  w.field(0, "Number of Nodes Scheduled with Up-to-date Pods",
          num_at(v, {"status", "updatedNumberScheduled"}));
  w.field(0, "Number of Nodes Scheduled with Available Pods",
          num_at(v, {"status", "numberAvailable"}));
  w.field(0, "Number of Nodes Misscheduled", num_at(v, {"status", "numberMisscheduled"}));
  w.field(0, "Pods Status",
          num_at(v, {"status", "numberReady"}) + " Running / " +
              num_at(v, {"status", "numberUnavailable"}) + " Unavailable");
  write_pod_template(w, at_path(v, {"spec", "template"}));
  return w.str() + describe_events(in.events, in.now);
}

std::string describe_job(const DescribeInput& in) {
  const json::value v = in.object;
  DescribeWriter w;
  header(w, in);
  w.field(0, "Controlled By", controlled_by(in.object));
  w.field(0, "Parallelism", num_at(v, {"spec", "parallelism"}, "1"));
  w.field(0, "Completions", num_at(v, {"spec", "completions"}, "<unset>"));
  w.field(0, "Backoff Limit", num_at(v, {"spec", "backoffLimit"}, "6"));
  w.field(0, "Start Time", describe_time(str_at(v, {"status", "startTime"})));
  if (const auto t = str_at(v, {"status", "completionTime"}); !t.empty())
    w.field(0, "Completed At", describe_time(t));
  w.field(0, "Pods Statuses",
          num_at(v, {"status", "active"}) + " Active / " + num_at(v, {"status", "succeeded"}) +
              " Succeeded / " + num_at(v, {"status", "failed"}) + " Failed");
  write_pod_template(w, at_path(v, {"spec", "template"}));
  write_conditions(w, v);
  return w.str() + describe_events(in.events, in.now);
}

std::string describe_cronjob(const DescribeInput& in) {
  const json::value v = in.object;
  DescribeWriter w;
  header(w, in);
  w.field(0, "Schedule", str_at(v, {"spec", "schedule"}));
  std::string cp = str_at(v, {"spec", "concurrencyPolicy"});
  w.field(0, "Concurrency Policy", cp.empty() ? "Allow" : cp);
  w.field(0, "Suspend", str_at(v, {"spec", "suspend"}) == "true" ? "True" : "False");
  w.field(0, "Successful Job History Limit",
          num_at(v, {"spec", "successfulJobsHistoryLimit"}, "3"));
  w.field(0, "Failed Job History Limit", num_at(v, {"spec", "failedJobsHistoryLimit"}, "1"));
  w.field(0, "Last Schedule Time", describe_time(str_at(v, {"status", "lastScheduleTime"})));
  const auto* active = at_path(v, {"status", "active"});
  std::string jobs;
  if (active && active->is_array())
    for (const auto& j : active->get_array()) {
      if (!jobs.empty()) jobs += ", ";
      jobs += str_at(j, {"name"});
    }
  w.field(0, "Active Jobs", jobs);
  write_pod_template(w, at_path(v, {"spec", "jobTemplate", "spec", "template"}));
  return w.str() + describe_events(in.events, in.now);
}

}  // namespace kubemcp::render::detail
