#include "mcp/completion.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <set>

#include "fleet/fleet.hpp"
#include "kube/discovery.hpp"
#include "kube/verbs.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/prompts.hpp"
#include "mcp/resources.hpp"
#include "mcp/rpc_fault.hpp"
#include "net/worker_pool.hpp"

namespace kubemcp::mcp {
namespace json = boost::json;
using Context = std::map<std::string, std::string>;

struct Completer::Entry {
  std::vector<std::string> values;
  bool has_values = false;
  bool fetching = false;
  std::chrono::steady_clock::time_point fetched_at{};
};

namespace {

constexpr std::size_t kMaxValues = 100;  // MCP: at most 100 values per answer
constexpr std::int64_t kMaxNames = 500;  // object names fetched per list

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string get(const Context& c, const std::string& key) {
  const auto it = c.find(key);
  return it == c.end() ? "" : it->second;
}

std::vector<std::string> names_of(const json::value& list) {
  std::vector<std::string> out;
  const auto* items = list.as_object().if_contains("items");
  if (!items || !items->is_array()) return out;
  for (const auto& item : items->get_array())
    if (const auto* md = item.as_object().if_contains("metadata"); md && md->is_object())
      if (const auto* n = md->as_object().if_contains("name"); n && n->is_string())
        out.emplace_back(n->get_string());
  return out;
}

kube::ResourceInfo namespaces_resource() {
  kube::ResourceInfo r;
  r.version = "v1";
  r.resource = "namespaces";
  r.kind = "Namespace";
  r.namespaced = false;
  return r;
}

// Resource types clients can read, as kubectl names them: the plural, or plural.group when
// another group has the same plural.
std::vector<std::string> readable_types(const kube::ResourceMapper& mapper) {
  const auto readable = [](const kube::ResourceInfo& r) {
    return r.preferred && (r.verbs.empty() || r.has_verb("get"));
  };
  std::map<std::string, int> plurals;
  for (const auto& r : mapper.resources())
    if (readable(r)) ++plurals[r.resource];
  std::set<std::string> out;
  for (const auto& r : mapper.resources())
    if (readable(r)) out.insert(plurals[r.resource] > 1 ? r.group_resource() : r.resource);
  return {out.begin(), out.end()};
}

Context context_arguments(const json::object& params) {
  Context out;
  if (const auto* c = params.if_contains("context"); c && c->is_object())
    if (const auto* a = c->as_object().if_contains("arguments"); a && a->is_object())
      for (const auto& kv : a->get_object())
        if (kv.value().is_string()) out[kv.key()] = std::string(kv.value().get_string());
  return out;
}

[[noreturn]] void bad(const std::string& message) {
  throw RpcFault(code::invalid_params, message);
}

// The completion variable of a prompt argument or template variable.
std::string variable_of(const json::object& ref, const std::string& argument,
                        std::vector<std::string>& choices) {
  const auto* t = ref.if_contains("type");
  const std::string type = t && t->is_string() ? std::string(t->get_string()) : "";
  if (type == "ref/prompt") {
    const auto* name = ref.if_contains("name");
    const Prompt* p =
        name && name->is_string() ? find_prompt(std::string(name->get_string())) : nullptr;
    if (!p) bad("completion: unknown prompt in ref.name; prompts/list names them");
    for (const auto& a : p->arguments) {
      if (a.name != argument) continue;
      choices = a.choices;
      switch (a.kind) {
        case ArgKind::cluster:
          return "cluster";
        case ArgKind::clusters:
          return "clusters";
        case ArgKind::namespace_:
          return "namespace";
        case ArgKind::workload:
          return "workload";
        case ArgKind::pod:
          return "pod";
        case ArgKind::choice:
          return "choice";
      }
    }
    bad("prompt " + p->name + " has no argument '" + argument + "'");
  }
  if (type == "ref/resource") {
    const auto* uri = ref.if_contains("uri");
    const std::string u = uri && uri->is_string() ? std::string(uri->get_string()) : "";
    if (u != kNamespacedTemplate && u != kClusterScopedTemplate)
      bad("completion: ref.uri must be a resource template: " + std::string(kNamespacedTemplate) +
          " or " + kClusterScopedTemplate);
    if (argument == "cluster" || argument == "resource" || argument == "name" ||
        (argument == "namespace" && u == kNamespacedTemplate))
      return argument == "name" && u == kClusterScopedTemplate ? "cluster-name" : argument;
    bad("template " + u + " has no variable '" + argument + "'");
  }
  bad("completion: ref.type must be ref/prompt or ref/resource");
}

}  // namespace

std::vector<std::string> rank_matches(const std::vector<std::string>& candidates,
                                      std::string_view typed) {
  const std::string t = lower(typed);
  std::vector<std::string> prefix, inside;
  std::set<std::string> seen;
  for (const auto& c : candidates) {
    if (!seen.insert(c).second) continue;
    const std::string l = lower(c);
    if (l.starts_with(t))
      prefix.push_back(c);
    else if (l.find(t) != std::string::npos)
      inside.push_back(c);
  }
  prefix.insert(prefix.end(), inside.begin(), inside.end());
  return prefix;
}

Completer::Completer(fleet::Fleet& fleet, CompletionOptions options)
    : fleet_(fleet), options_(options) {}

Completer::~Completer() {
  cancel_->cancel();
  std::unique_ptr<net::WorkerPool> pool;
  {
    std::lock_guard lock(mutex_);
    pool = std::move(pool_);
  }
  pool.reset();  // runs what is queued (each sees the cancel and ends at once), then joins
}

std::vector<std::string> Completer::cached(const std::string& key, Fetch fetch) {
  using Clock = std::chrono::steady_clock;
  std::unique_lock lock(mutex_);
  auto& slot = cache_[key];
  if (!slot) slot = std::make_shared<Entry>();
  auto entry = slot;
  if (entry->has_values && Clock::now() - entry->fetched_at < options_.ttl) return entry->values;
  if (!entry->fetching && !cancel_->cancelled()) {
    entry->fetching = true;
    if (!pool_) pool_ = std::make_unique<net::WorkerPool>(options_.fetch_threads);
    pool_->post([this, entry, key, fetch = std::move(fetch)] {
      std::vector<std::string> values;
      bool ok = false;
      try {
        values = fetch(cancel_);
        ok = true;
      } catch (const std::exception& e) {
        spdlog::debug("completion list {}: {}", key, e.what());
      }
      std::lock_guard lock(mutex_);
      if (ok) {
        entry->values = std::move(values);
        entry->has_values = true;
      }
      entry->fetched_at = Clock::now();
      entry->fetching = false;
      fetched_.notify_all();
    });
  }
  fetched_.wait_for(lock, options_.deadline, [&] { return !entry->fetching; });
  // Bound the cache: drop the oldest idle list.
  while (cache_.size() > options_.max_lists) {
    auto oldest = cache_.end();
    for (auto it = cache_.begin(); it != cache_.end(); ++it)
      if (!it->second->fetching && it->second != entry &&
          (oldest == cache_.end() || it->second->fetched_at < oldest->second->fetched_at))
        oldest = it;
    if (oldest == cache_.end()) break;
    cache_.erase(oldest);
  }
  return entry->values;
}

std::vector<std::string> Completer::values_for(const std::string& variable, const Context& context,
                                               std::string_view typed) {
  const auto& registry = fleet_.registry();
  std::vector<std::string> names;
  for (const auto& c : registry.clusters()) {
    names.push_back(c.name);
    names.insert(names.end(), c.aliases.begin(), c.aliases.end());
  }
  if (variable == "cluster") return names;
  if (variable == "clusters") {  // a comma list: complete its last item
    const auto comma = typed.rfind(',');
    if (comma == std::string_view::npos) names.insert(names.begin(), "all");
    const std::string head(typed.substr(0, comma == std::string_view::npos ? 0 : comma + 1));
    for (auto& n : names) n = head + n;
    return names;
  }
  // The cluster the other arguments name (the first of a compare's list), else the default.
  std::string cluster_arg = get(context, "cluster");
  if (cluster_arg.empty())
    cluster_arg = get(context, "clusters").substr(0, get(context, "clusters").find(','));
  if (cluster_arg == "all") cluster_arg.clear();
  const fleet::ClusterConfig* cluster = nullptr;
  try {
    cluster = &registry.resolve(cluster_arg);
  } catch (const std::exception&) {
    return {};
  }
  auto& fleet = fleet_;
  const auto client = [&fleet, cluster] { return fleet.client(*cluster); };
  std::string default_ns = "default";
  try {
    default_ns = fleet_.default_namespace(*cluster);
  } catch (const std::exception&) {
    // A kubeconfig that cannot be read: its lists fail too, and complete nothing.
  }
  std::string ns = get(context, "namespace");
  if (ns.empty()) ns = default_ns;
  const std::string at = cluster->name + "|";

  if (variable == "namespace") {
    auto values = cached(at + "namespaces", [client](const net::CancelPtr& cancel) {
      return names_of(kube::list(*client(), namespaces_resource(), "", {}, cancel));
    });
    values.push_back(default_ns);  // known even without the right to list namespaces
    return values;
  }
  if (variable == "resource")
    return cached(at + "types", [client](const net::CancelPtr& cancel) {
      return readable_types(*client()->discovery().mapper(cancel));
    });
  const auto objects = [&](const std::string& type, bool cluster_scoped) {
    return cached(at + type + "|" + (cluster_scoped ? "" : ns),
                  [client, type, ns, cluster_scoped](const net::CancelPtr& cancel) {
                    auto c = client();
                    const auto r = c->discovery().resolve(type, cancel);
                    if (r.namespaced == cluster_scoped) return std::vector<std::string>{};
                    kube::ListOptions o;
                    o.limit = kMaxNames;
                    return names_of(kube::list(*c, r, r.namespaced ? ns : "", o, cancel));
                  });
  };
  if (variable == "name" || variable == "cluster-name") {
    const std::string type = get(context, "resource");
    return type.empty() ? std::vector<std::string>{} : objects(type, variable == "cluster-name");
  }
  if (variable == "pod") return objects("pods", false);
  if (variable == "workload") {
    std::vector<std::string> out;
    for (const char* kind : {"deployment", "statefulset", "daemonset"})
      for (const auto& n : objects(std::string(kind) + "s", false))
        out.push_back(std::string(kind) + "/" + n);
    return out;
  }
  return {};
}

json::object Completer::complete(const json::object& params) {
  const auto* ref = params.if_contains("ref");
  const auto* argument = params.if_contains("argument");
  if (!ref || !ref->is_object()) bad("completion/complete needs ref (ref/prompt or ref/resource)");
  if (!argument || !argument->is_object()) bad("completion/complete needs argument {name, value}");
  const auto* name = argument->as_object().if_contains("name");
  const auto* value = argument->as_object().if_contains("value");
  if (!name || !name->is_string() || !value || !value->is_string())
    bad("argument.name and argument.value must be strings");
  std::vector<std::string> choices;
  const std::string variable =
      variable_of(ref->as_object(), std::string(name->get_string()), choices);
  const std::string typed(value->get_string());
  const auto candidates =
      variable == "choice" ? choices : values_for(variable, context_arguments(params), typed);
  auto matches = rank_matches(candidates, typed);
  const std::size_t total = matches.size();
  if (matches.size() > kMaxValues) matches.resize(kMaxValues);
  return json::object{{"completion", json::object{{"values", json::value_from(matches)},
                                                  {"total", total},
                                                  {"hasMore", total > kMaxValues}}}};
}

}  // namespace kubemcp::mcp
