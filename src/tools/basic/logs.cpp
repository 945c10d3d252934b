// k8s_logs: logs of a pod, or of every pod of a workload or selector (lines prefixed with
// pod and container), with kubectl's options plus `grep` to keep only what matters.
#include "kube/logs.hpp"

#include <boost/json.hpp>
#include <deque>

#include "fleet/fleet.hpp"
#include "kube/builtin_resources.hpp"
#include "kube/discovery.hpp"
#include "kube/verbs.hpp"
#include "net/rfc3339.hpp"
#include "net/utf8.hpp"
#include "render/budget.hpp"
#include "render/events.hpp"
#include "tools/basic/toolset.hpp"
#include "tools/framework/args.hpp"
#include "tools/framework/fanout.hpp"
#include "tools/framework/present.hpp"
#include "tools/framework/schema_parts.hpp"

namespace kubemcp::tools {
namespace json = boost::json;
namespace {

constexpr std::size_t kMaxPods = 10;
// Each container's share of the output budget is at least this, however many are read.
constexpr std::size_t kMinShare = 1000;
// What the notes around the log lines may take of the budget.
constexpr std::size_t kNoteRoom = 300;
// Room for " [line cut: N more bytes]" after a line cut to fit.
constexpr std::size_t kLineCutNote = 48;

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

// The newest lines of one container's log that fit `cap` bytes, kept while the log streams
// by: memory stays near `cap` whatever the log's size (lines are cut at `cap` too).
class TailKeeper {
 public:
  TailKeeper(std::size_t cap, std::string prefix, std::string_view grep)
      : cap_(cap), prefix_(std::move(prefix)), grep_(grep) {}

  bool operator()(std::string_view line) {
    ++read_;
    if (!grep_.empty() && line.find(grep_) == std::string_view::npos) return true;
    std::string kept = prefix_;
    kept.append(line);
    kept += '\n';
    bytes_ += kept.size();
    lines_.push_back(std::move(kept));
    while (bytes_ > cap_ && lines_.size() > 1) {
      bytes_ -= lines_.front().size();
      lines_.pop_front();
      ++dropped_;
    }
    return true;
  }
  void append_to(std::string& out) const {
    for (const auto& l : lines_) out += l;
  }
  std::size_t read() const { return read_; }
  std::size_t kept() const { return lines_.size(); }
  std::size_t dropped() const { return dropped_; }

 private:
  std::size_t cap_;
  std::string prefix_;
  std::string_view grep_;
  std::deque<std::string> lines_;
  std::size_t bytes_ = 0, read_ = 0, dropped_ = 0;
};

struct LogRequest {
  kube::LogOptions options;
  std::string grep;
  bool all_containers = false;
  std::string container;
  std::size_t budget = 0;
};

struct LogTally {
  std::size_t kept = 0, read = 0, dropped = 0;
  bool older_unread = false;  // the server-side tail we set stopped it, not the log's start
};

std::vector<json::value> find_pods(ClusterCall& call, const std::string& pod_name,
                                   const std::string& resource, std::string selector) {
  std::vector<json::value> pods;
  if (!pod_name.empty()) {
    pods.push_back(
        kube::get(call.client, kube::builtin("pods"), call.namespace_, pod_name, call.ctx.cancel));
    return pods;
  }
  if (!resource.empty()) {
    const auto slash = resource.find('/');
    if (slash == std::string::npos)
      throw std::invalid_argument(
          "resource takes kind/name, like deployment/web or job/backup; got '" + resource + "'");
    const auto r = call.client.discovery().resolve(resource.substr(0, slash), call.ctx.cancel);
    const json::value w =
        kube::get(call.client, r, call.namespace_, resource.substr(slash + 1), call.ctx.cancel);
    if (r.kind == "Pod") return {w};
    try {
      selector = selector_of(w);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(resource + " has no pods to read logs from: " + e.what());
    }
  }
  kube::ListOptions o;
  o.label_selector = selector;
  json::value list =
      kube::list(call.client, kube::builtin("pods"), call.namespace_, o, call.ctx.cancel);
  for (auto& p : list.as_object().at("items").as_array()) pods.push_back(std::move(p));
  return pods;
}

// Streams one container's log into `out`, keeping the newest lines that fit `cap`.
void read_container(ClusterCall& call, const LogRequest& req, const std::string& pod,
                    const std::string& container, const std::string& prefix, std::size_t cap,
                    std::string& out, LogTally& tally) {
  kube::LogOptions one = req.options;
  one.container = container;
  const std::size_t frame = prefix.size() + 1 + kLineCutNote;
  one.max_line = cap > frame + 1 ? cap - frame : 1;
  // At most `cap` lines can show (each takes at least its '\n'); without grep the server
  // need not send more. With grep every line must be read to find the matches.
  const bool tail_by_us = req.grep.empty() && (!one.tail_lines || *one.tail_lines > int64_t(cap));
  if (tail_by_us) one.tail_lines = static_cast<std::int64_t>(cap);
  TailKeeper keep(cap, prefix, req.grep);
  try {
    kube::stream_logs(call.client, call.namespace_, pod, one, std::ref(keep), call.ctx.cancel);
  } catch (const kube::ApiError& e) {
    // One container without logs (not started, no previous instance) is reported in place.
    out += prefix + "(" + e.message() + ")\n";
    return;
  }
  keep.append_to(out);
  tally.kept += keep.kept();
  tally.read += keep.read();
  tally.dropped += keep.dropped();
  if (tail_by_us && keep.read() >= cap) tally.older_unread = true;
}

// Logs keep their newest lines when cut: the end is what an SRE needs. Counts the lines
// dropped into `dropped`.
std::string keep_newest(const std::string& text, std::size_t budget, std::size_t& dropped) {
  if (text.size() <= budget) return text;
  std::size_t start = text.find('\n', text.size() - budget);
  start = start == std::string::npos ? net::utf8_next_start(text, text.size() - budget) : start + 1;
  for (std::size_t i = 0; i < start; ++i)
    if (text[i] == '\n') ++dropped;
  return text.substr(start);
}

ClusterAnswer read_pods(ClusterCall& call, const LogRequest& req, std::vector<json::value> pods,
                        const std::string& where) {
  ClusterAnswer a;
  if (pods.empty()) {  // nothing matched: an answer, as in every tool, not an error
    a.text = "No pods match '" + where + "' in namespace " + call.namespace_ + ".\n";
    return a;
  }
  const std::size_t total = pods.size();
  if (pods.size() > kMaxPods) pods.resize(kMaxPods);
  std::vector<std::pair<std::string, std::string>> streams;
  for (const auto& pod : pods) {
    const std::string pname(pod.at("metadata").at("name").as_string());
    for (auto& cname : containers_of(pod, req.all_containers, req.container))
      streams.emplace_back(pname, std::move(cname));
  }
  const bool prefix = pods.size() > 1 || req.all_containers;
  // Room for the notes around the lines.
  const std::size_t room = std::max(kMinShare, req.budget - std::min(req.budget, kNoteRoom));
  const std::size_t cap = std::max(kMinShare, room / std::max<std::size_t>(1, streams.size()));
  LogTally tally;
  std::string body;
  for (const auto& [pname, cname] : streams)
    read_container(call, req, pname, cname, prefix ? "[" + pname + "/" + cname + "] " : "", cap,
                   body, tally);
  body = keep_newest(body, room, tally.dropped);
  a.cut = tally.dropped > 0 || tally.older_unread;
  if (a.cut)
    a.text = "[cut: " + (tally.older_unread ? std::string() : std::to_string(tally.dropped) + " ") +
             "older lines over the " + std::to_string(req.budget) +
             "-character budget; use a smaller tail, since or grep]\n";
  a.text += body;
  if (tally.kept == 0 && !req.grep.empty())
    a.text +=
        "No line matches '" + req.grep + "' (" + std::to_string(tally.read) + " lines read).\n";
  else if (tally.kept == 0 && body.empty())
    a.text = "(no log lines)\n";
  if (total > pods.size())
    a.text += "[logs of " + std::to_string(pods.size()) + " of " + std::to_string(total) +
              " pods shown; name a pod or narrow the selector for the others]\n";
  return a;
}

}  // namespace

static Result run_logs(const json::object& args, Context& ctx) {
  const std::string pod_name = arg_string(args, "pod");
  const std::string resource = arg_string(args, "resource");
  const std::string selector = arg_string(args, "selector");
  if (static_cast<int>(!pod_name.empty()) + static_cast<int>(!resource.empty()) +
          static_cast<int>(!selector.empty()) !=
      1)
    return Result::error(
        "k8s_logs needs exactly one of pod, resource (like deployment/web) or selector (like "
        "app=web)");
  LogRequest req;
  kube::LogOptions& lo = req.options;
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
  // Checked here: the server's refusal would come back per container, inside the log text.
  if (!lo.since_time.empty() && !net::parse_rfc3339(lo.since_time))
    return Result::error("since_time takes an RFC 3339 time like 2026-01-02T15:04:05Z; got '" +
                         lo.since_time + "'");
  if (!lo.since_time.empty() && lo.since_seconds)
    return Result::error("give since or since_time, not both");
  lo.limit_bytes = arg_int(args, "limit_bytes");
  req.all_containers = arg_bool(args, "all_containers");
  req.container = arg_string(args, "container");
  req.grep = arg_string(args, "grep");
  req.budget = ctx.fleet.registry().settings().output_budget;

  ClusterAnswer answer = on_one_cluster(ctx, args, [&](ClusterCall& call) {
    auto pods = find_pods(call, pod_name, resource, selector);
    return read_pods(call, req, std::move(pods), selector.empty() ? resource : selector);
  });
  Result r = single_result(answer);
  if (r.cut) r.cut_note = answer.text.substr(0, answer.text.find('\n'));
  return r;
}

Tool logs_tool() {
  return parts::record(
      {.name = "k8s_logs",
       .title = "Read logs",
       .description =
           "Read container logs like `kubectl logs`: of a pod, of every pod of a workload "
           "(resource=deployment/web, job/x, statefulset/db) or of a label selector, lines "
           "prefixed [pod/container] when several. It reads the last 100 lines by default; `grep` "
           "keeps only "
           "lines containing the text; `previous` reads the crashed instance. "
           "Example: {\"pod\": \"api-5d9c-x2kq\", \"namespace\": \"shop\", \"previous\": true, "
           "\"tail\": 50}.",
       .schema = parts::object_schema(
           {R"("pod": {"type": "string", "description": "Pod name."})",
            R"("resource": {"type": "string", "description": "Workload as kind/name, e.g. deployment/web."})",
            R"("selector": {"type": "string", "description": "Label selector of pods, e.g. app=web."})",
            parts::kNamespace,
            R"("container": {"type": "string", "description": "Container (default: the pod's default container)."})",
            R"("all_containers": {"type": "boolean", "description": "Every container of each pod."})",
            R"("tail": {"type": "integer", "minimum": -1, "description": "Last N lines (default 100; -1 for all)."})",
            R"("since": {"type": "string", "description": "Only newer than a duration, e.g. 10m, 2h."})",
            R"("since_time": {"type": "string", "description": "Only after an RFC 3339 time."})",
            R"("previous": {"type": "boolean", "description": "The previous (crashed) container instance."})",
            R"("timestamps": {"type": "boolean", "description": "Prefix each line with its timestamp."})",
            R"("grep": {"type": "string", "description": "Keep only lines containing this text."})",
            R"("limit_bytes": {"type": "integer", "minimum": 1, "description": "Read at most this many bytes per container."})",
            parts::kClusterOne})},
      run_logs);
}

}  // namespace kubemcp::tools
