// k8s_logs: logs of a pod, or of every pod of a workload or selector (lines prefixed with
// pod and container), with kubectl's options plus `grep` to keep only what matters.
#include <boost/json.hpp>

#include "fleet/fleet.hpp"
#include "kube/discovery.hpp"
#include "kube/logs.hpp"
#include "kube/verbs.hpp"
#include "render/budget.hpp"
#include "render/events.hpp"
#include "tools/common.hpp"
#include "tools/read_tools.hpp"

namespace kubemcp::tools {
namespace json = boost::json;
namespace {

constexpr std::size_t kMaxPods = 10;

const kube::ResourceInfo& pods_resource() {
  static const kube::ResourceInfo r = [] {
    kube::ResourceInfo p;
    p.version = "v1";
    p.resource = "pods";
    p.kind = "Pod";
    return p;
  }();
  return r;
}

std::string selector_of(const json::value& workload) {
  const auto& spec = workload.as_object().at("spec").as_object();
  const json::value* sel = spec.if_contains("selector");
  if (!sel || !sel->is_object()) throw std::invalid_argument("it has no pod selector");
  std::string out;
  const json::object* labels = nullptr;
  if (const auto* ml = sel->get_object().if_contains("matchLabels"); ml && ml->is_object())
    labels = &ml->get_object();
  else
    labels = &sel->get_object();  // Services and ReplicationControllers use a plain map
  for (const auto& kv : *labels)
    if (kv.value().is_string()) {
      if (!out.empty()) out += ",";
      out += std::string(kv.key()) + "=" + std::string(kv.value().get_string());
    }
  if (out.empty()) throw std::invalid_argument("its selector has no matchLabels");
  return out;
}

std::vector<std::string> containers_of(const json::value& pod, bool all,
                                       const std::string& wanted) {
  std::vector<std::string> names;
  const auto& spec = pod.as_object().at("spec").as_object();
  for (const auto* key : {"initContainers", "containers"}) {
    if (key == std::string("initContainers") && !all) continue;
    if (const auto* list = spec.if_contains(key); list && list->is_array())
      for (const auto& c : list->get_array()) names.emplace_back(c.at("name").as_string());
  }
  if (!wanted.empty()) {
    if (std::find(names.begin(), names.end(), wanted) == names.end()) {
      std::string known;
      for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
      throw std::invalid_argument("container '" + wanted + "' is not in pod " +
                                  std::string(pod.at("metadata").at("name").as_string()) +
                                  " (containers: " + known + ")");
    }
    return {wanted};
  }
  if (all) return names;
  // kubectl's choice: the default-container annotation, else the first container.
  if (const auto* ann = pod.at("metadata").as_object().if_contains("annotations");
      ann && ann->is_object())
    if (const auto* d = ann->get_object().if_contains("kubectl.kubernetes.io/default-container");
        d && d->is_string())
      return {std::string(d->get_string())};
  const auto& main = spec.at("containers").as_array();
  return {std::string(main.at(0).at("name").as_string())};
}

}  // namespace

Result run_logs(const json::object& args, Context& ctx) {
  const std::string pod_name = arg_string(args, "pod");
  const std::string resource = arg_string(args, "resource");
  const std::string selector = arg_string(args, "selector");
  if (static_cast<int>(!pod_name.empty()) + static_cast<int>(!resource.empty()) +
          static_cast<int>(!selector.empty()) !=
      1)
    return Result::error(
        "k8s_logs needs exactly one of pod, resource (like deployment/web) or selector (like "
        "app=web)");
  kube::LogOptions lo;
  lo.previous = arg_bool(args, "previous");
  lo.timestamps = arg_bool(args, "timestamps");
  lo.tail_lines = arg_int(args, "tail").value_or(100);
  if (*lo.tail_lines < 0) lo.tail_lines.reset();  // -1: everything, as kubectl
  if (const auto s = arg_string(args, "since"); !s.empty()) {
    const auto d = render::parse_duration(s);
    if (!d) return Result::error("since takes a duration like 30s, 5m or 2h; got '" + s + "'");
    lo.since_seconds = d->count();
  }
  lo.since_time = arg_string(args, "since_time");
  if (!lo.since_time.empty() && lo.since_seconds)
    return Result::error("give since or since_time, not both");
  lo.limit_bytes = arg_int(args, "limit_bytes");
  const bool all_containers = arg_bool(args, "all_containers");
  const std::string container = arg_string(args, "container");
  const std::string grep = arg_string(args, "grep");

  ClusterAnswer answer = on_one_cluster(ctx, args, [&](ClusterCall& call) {
    ClusterAnswer a;
    std::vector<json::value> pods;
    std::string where;
    if (!pod_name.empty()) {
      pods.push_back(
          kube::get(call.client, pods_resource(), call.namespace_, pod_name, call.ctx.cancel));
    } else {
      std::string sel = selector;
      if (!resource.empty()) {
        const auto slash = resource.find('/');
        if (slash == std::string::npos)
          throw std::invalid_argument(
              "resource takes kind/name, like deployment/web or job/backup; got '" + resource +
              "'");
        const auto r = call.client.discovery().resolve(resource.substr(0, slash), call.ctx.cancel);
        if (r.kind == "Pod") {
          pods.push_back(kube::get(call.client, r, call.namespace_, resource.substr(slash + 1),
                                   call.ctx.cancel));
        } else {
          const json::value w = kube::get(call.client, r, call.namespace_,
                                          resource.substr(slash + 1), call.ctx.cancel);
          try {
            sel = selector_of(w);
          } catch (const std::invalid_argument& e) {
            throw std::invalid_argument(resource + " has no pods to read logs from: " + e.what());
          }
        }
      }
      if (pods.empty()) {
        kube::ListOptions o;
        o.label_selector = sel;
        json::value list =
            kube::list(call.client, pods_resource(), call.namespace_, o, call.ctx.cancel);
        for (auto& p : list.as_object().at("items").as_array()) pods.push_back(std::move(p));
        where = sel;
      }
    }
    if (pods.empty()) {
      a.text = "No pods match '" + where + "' in namespace " + call.namespace_ + ".";
      a.failed = true;
      return a;
    }
    const std::size_t total = pods.size();
    if (pods.size() > kMaxPods) pods.resize(kMaxPods);
    const bool prefix = pods.size() > 1 || all_containers;
    std::size_t kept = 0, dropped_by_grep = 0;
    for (const auto& pod : pods) {
      const std::string pname(pod.at("metadata").at("name").as_string());
      for (const auto& cname : containers_of(pod, all_containers, container)) {
        kube::LogOptions one = lo;
        one.container = cname;
        std::string text;
        try {
          text = kube::read_logs(call.client, call.namespace_, pname, one, call.ctx.cancel);
        } catch (const kube::ApiError& e) {
          // One container without logs (not started, no previous instance) is reported in place.
          a.text += (prefix ? "[" + pname + "/" + cname + "] " : "") + "(" + e.message() + ")\n";
          continue;
        }
        std::size_t pos = 0;
        while (pos < text.size()) {
          std::size_t end = text.find('\n', pos);
          if (end == std::string::npos) end = text.size();
          const std::string_view line(text.data() + pos, end - pos);
          pos = end + 1;
          if (!grep.empty() && line.find(grep) == std::string_view::npos) {
            ++dropped_by_grep;
            continue;
          }
          if (prefix) a.text += "[" + pname + "/" + cname + "] ";
          a.text.append(line);
          a.text += '\n';
          ++kept;
        }
      }
    }
    if (kept == 0 && !grep.empty())
      a.text +=
          "No line matches '" + grep + "' (" + std::to_string(dropped_by_grep) + " lines read).\n";
    else if (kept == 0 && a.text.empty())
      a.text = "(no log lines)\n";
    if (total > pods.size())
      a.text += "[logs of " + std::to_string(pods.size()) + " of " + std::to_string(total) +
                " pods shown; name a pod or narrow the selector for the others]\n";
    return a;
  });
  Result r;
  r.is_error = answer.failed;
  // Logs keep their newest lines when cut: the end is what an SRE needs.
  std::string text = answer.text;
  const std::size_t budget = ctx.fleet.registry().settings().output_budget;
  if (text.size() > budget) {
    std::size_t start = text.size() - budget;
    start = text.find('\n', start);
    start = start == std::string::npos ? text.size() - budget : start + 1;
    std::size_t dropped = 0;
    for (std::size_t i = 0; i < start; ++i)
      if (text[i] == '\n') ++dropped;
    text = "[cut: " + std::to_string(dropped) + " older lines over the " + std::to_string(budget) +
           "-character budget; use a smaller tail, since or grep]\n" + text.substr(start);
  }
  r.text = text + (answer.healed.empty() ? "" : "Auto-heal: " + answer.healed + ".\n");
  return r;
}

}  // namespace kubemcp::tools
