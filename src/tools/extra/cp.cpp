// k8s_cp: copies files and directories between the local machine and a container, as
// `kubectl cp` does (tar over exec). Local paths stay under the allowed roots; entries that
// would escape the target (.., absolute names, links, devices) are skipped and listed; file and
// directory modes are kept; a size limit bounds what one copy may move.
#include "kube/cp.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <stdexcept>

#include "fleet/fleet.hpp"
#include "kube/builtin_resources.hpp"
#include "kube/verbs.hpp"
#include "tools/extra/cp_paths.hpp"
#include "tools/extra/pod_target.hpp"
#include "tools/extra/toolset.hpp"
#include "tools/framework/args.hpp"
#include "tools/framework/fanout.hpp"
#include "tools/framework/present.hpp"
#include "tools/framework/schema_parts.hpp"

namespace kubemcp::tools {
namespace json = boost::json;
namespace fs = std::filesystem;
namespace {

// Bytes of the regular files under `path` (links not followed), to refuse a copy before
// reading it whole into the archive.
std::uint64_t local_bytes(const fs::path& path) {
  std::error_code ec;
  const auto st = fs::symlink_status(path, ec);
  if (fs::is_regular_file(st)) return fs::file_size(path, ec);
  std::uint64_t total = 0;
  if (fs::is_directory(st))
    for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != end(it);
         it.increment(ec))
      if (it->is_regular_file(ec) && !it->is_symlink(ec)) total += it->file_size(ec);
  return total;
}

std::vector<std::string> allowed_roots(const fleet::Settings& s) {
  if (!s.cp_roots.empty()) return s.cp_roots;
  return {fs::current_path().string()};
}

std::string summary(const kube::CopyResult& r, const std::string& from, const std::string& to) {
  std::string text = "Copied " + std::to_string(r.files) + " file(s) and " +
                     std::to_string(r.directories) + " director" +
                     (r.directories == 1 ? "y" : "ies") + ", " + std::to_string(r.bytes) +
                     " bytes, from " + from + " to " + to + ".\n";
  if (!r.skipped.empty()) {
    text += "Skipped " + std::to_string(r.skipped.size()) + " entr" +
            (r.skipped.size() == 1 ? "y" : "ies") +
            " that would land outside the target or are links, devices or fifos:";
    const std::size_t shown = std::min<std::size_t>(r.skipped.size(), 20);
    for (std::size_t i = 0; i < shown; ++i) text += (i ? ", " : " ") + r.skipped[i];
    text += shown < r.skipped.size() ? ", ...\n" : "\n";
  }
  return text;
}

struct Sides {
  extra::PodPath pod;
  std::string local;  // contained, absolute
  bool to_pod = false;
};

Sides sides_of(const std::string& from, const std::string& to, const fleet::Settings& settings) {
  auto pod_from = extra::parse_pod_path(from);
  auto pod_to = extra::parse_pod_path(to);
  if (static_cast<bool>(pod_from) == static_cast<bool>(pod_to))
    throw std::invalid_argument(
        "exactly one of `from` and `to` must be a pod path written POD:/path (or "
        "NAMESPACE/POD:/path), the other a local path; got from='" +
        from + "', to='" + to + "'");
  Sides s;
  s.to_pod = static_cast<bool>(pod_to);
  s.pod = s.to_pod ? *pod_to : *pod_from;
  s.local = extra::contain_local_path(s.to_pod ? from : to, allowed_roots(settings));
  return s;
}

// The pod side's pod. `deployment/web:/p` reads as pod web in namespace deployment, as
// kubectl cp reads it; when that finds nothing, the error says so and how to name a pod.
json::value get_pod(ClusterCall& call, const std::string& ns, const extra::PodPath& side) {
  try {
    return kube::get(call.client, kube::builtin("pods"), ns, side.pod, call.ctx.cancel);
  } catch (const kube::ApiError& e) {
    if (e.code() != 404 || side.ns.empty()) throw;
    throw std::invalid_argument(
        "pod '" + side.pod + "' not found in namespace '" + ns + "': the pod side is written " +
        "POD:/path or NAMESPACE/POD:/path, as kubectl cp writes it, so '" + side.ns + "/" +
        side.pod + "' is read as namespace '" + side.ns + "'. k8s_cp copies to and from a pod " +
        "only, not a workload: name one of its pods (k8s_get pods lists them; k8s_exec with " +
        "pod=deployment/NAME names the pod it picks), and pass `namespace` for its namespace.");
  }
}

Result run_cp(const json::object& args, Context& ctx) {
  const auto& settings = ctx.fleet.registry().settings();
  Sides sides;
  try {
    sides = sides_of(arg_string(args, "from"), arg_string(args, "to"), settings);
  } catch (const std::invalid_argument& e) {
    return Result::error(std::string("k8s_cp: ") + e.what());
  }
  if (sides.to_pod) {
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(sides.local, ec)))
      return Result::error("k8s_cp: " + sides.local + " does not exist");
    if (const auto bytes = local_bytes(sides.local); bytes > settings.cp_max_bytes)
      return Result::error("k8s_cp: " + sides.local + " holds " + std::to_string(bytes) +
                           " bytes, more than cp_max_bytes (" +
                           std::to_string(settings.cp_max_bytes) +
                           ") in the kubemcp config; nothing was copied");
  }
  kube::CopyOptions o;
  o.max_bytes = settings.cp_max_bytes;
  o.timeout = std::chrono::seconds(settings.exec_timeout_max);
  ClusterAnswer a = on_one_cluster(
      ctx, args,
      [&](ClusterCall& call) {
        const std::string ns = sides.pod.ns.empty() ? call.namespace_ : sides.pod.ns;
        extra::require_pod_allowed(call.cluster, ns, sides.pod.pod);
        const auto pod = get_pod(call, ns, sides.pod);
        o.container = extra::pick_container(pod, arg_string(args, "container"));
        const std::string remote = ns + "/" + sides.pod.pod + ":" + sides.pod.path;
        ClusterAnswer answer;
        if (sides.to_pod) {
          const auto r = kube::copy_to_pod(call.client, ns, sides.pod.pod, sides.local,
                                           sides.pod.path, o, ctx.cancel);
          answer.text = summary(r, sides.local, remote + " (container " + o.container + ")");
        } else {
          const auto r = kube::copy_from_pod(call.client, ns, sides.pod.pod, sides.pod.path,
                                             sides.local, o, ctx.cancel);
          answer.text = summary(r, remote + " (container " + o.container + ")", sides.local);
        }
        return answer;
      },
      /*idempotent=*/false);
  return single_result(a);
}

}  // namespace

Tool cp_tool() {
  return parts::record(
      {.name = "k8s_cp",
       .title = "Copy files to or from a container",
       .description =
           "Copy a file or directory between the local machine and a container, like `kubectl "
           "cp` (tar over exec; the container needs tar). Write the pod side as POD:/path (or "
           "NAMESPACE/POD:/path). Local paths must lie under the allowed roots (cp_roots in the "
           "config; default the server's working directory); relative ones are taken from the "
           "first root. Modes are kept; entries that would escape the target, links and devices "
           "are skipped and listed. Example: {\"from\": \"db-0:/var/log/postgres\", \"to\": "
           "\"logs/db-0\", \"namespace\": \"shop\"}.",
       .schema = parts::object_schema(
           {R"("from": {"type": "string", "description": "Source: a local path, or POD:/path in the container."})",
            R"("to": {"type": "string", "description": "Destination: POD:/path in the container, or a local path."})",
            R"("container": {"type": "string", "description": "Container (default: the pod's default-container annotation, else the first)."})",
            parts::kNamespace, parts::kClusterOne, parts::kConfirm}),
       .required = R"(["from", "to"])",
       .tier = Tier::extra,
       .annotations =
           {.read_only = false, .destructive = true, .idempotent = false, .open_world = true}},
      run_cp);
}

}  // namespace kubemcp::tools
