#include "kube/discovery.hpp"

#include <spdlog/spdlog.h>

#include <future>

#include "kube/rest_client.hpp"

namespace kubemcp::kube {
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {
constexpr const char* kAggregatedAccept =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";

bool is_aggregated(const Response& r) {
  return r.content_type().find("as=APIGroupDiscoveryList") != std::string::npos;
}
}  // namespace

std::shared_ptr<const ResourceMapper> Discovery::fetch(const net::CancelPtr& cancel) {
  Request api_req;
  api_req.path = "/api";
  api_req.accept = kAggregatedAccept;
  Request apis_req = api_req;
  apis_req.path = "/apis";
  auto api_f = client_.send_async(api_req, cancel);
  auto apis_f = client_.send_async(apis_req, cancel);
  Response api = api_f.get();
  Response apis = apis_f.get();
  std::vector<ResourceInfo> resources;
  bool aggregated = false;
  if (is_aggregated(api) && is_aggregated(apis)) {
    resources = parse_aggregated_discovery(api.json(), apis.json());
    aggregated = true;
  } else {
    // Legacy documents; re-ask as plain JSON when one side answered aggregated.
    json::value api_doc = is_aggregated(api) ? [&] {
      Request r = api_req;
      r.accept = "application/json";
      return client_.send(r, cancel).json();
    }()
                                             : api.json();
    json::value apis_doc = is_aggregated(apis) ? [&] {
      Request r = apis_req;
      r.accept = "application/json";
      return client_.send(r, cancel).json();
    }()
                                               : apis.json();
    const auto gvs = legacy_group_versions(api_doc, apis_doc);
    std::vector<std::pair<std::string, std::future<Response>>> pending;
    for (const auto& gv : gvs) {
      Request r;
      r.path = (gv.find('/') == std::string::npos ? "/api/" : "/apis/") + gv;
      pending.emplace_back(gv, client_.send_async(std::move(r), cancel));
    }
    std::map<std::string, json::value> lists;
    for (auto& [gv, f] : pending) {
      try {
        lists.emplace(gv, f.get().json());
      } catch (const CancelledError&) {
        throw;
      } catch (const AuthError&) {
        throw;
      } catch (const std::exception& e) {
        // One broken aggregated API (metrics, say) must not hide the rest, like kubectl.
        spdlog::warn("cluster '{}': discovery of {} failed: {}", client_.name(), gv, e.what());
      }
    }
    resources = parse_legacy_discovery(api_doc, apis_doc, lists);
  }
  auto m = std::make_shared<const ResourceMapper>(std::move(resources));
  std::lock_guard lock(mu_);
  mapper_ = m;
  fetched_ = Clock::now();
  aggregated_ = aggregated;
  return m;
}

std::shared_ptr<const ResourceMapper> Discovery::mapper(const net::CancelPtr& cancel) {
  {
    std::lock_guard lock(mu_);
    if (mapper_ && Clock::now() - fetched_ < ttl) return mapper_;
  }
  std::lock_guard fetching(fetch_mu_);  // single flight
  {
    std::lock_guard lock(mu_);
    if (mapper_ && Clock::now() - fetched_ < ttl) return mapper_;
  }
  return fetch(cancel);
}

std::shared_ptr<const ResourceMapper> Discovery::refresh_if_allowed(const net::CancelPtr& cancel) {
  const auto before = Clock::now();
  std::lock_guard fetching(fetch_mu_);
  {
    std::lock_guard lock(mu_);
    // Someone refreshed while we waited, or a refresh happened very recently.
    if (mapper_ && (fetched_ >= before || Clock::now() - fetched_ < min_refresh)) return mapper_;
  }
  return fetch(cancel);
}

ResourceInfo Discovery::resolve(std::string_view name, const net::CancelPtr& cancel) {
  auto m = mapper(cancel);
  if (auto c = m->candidates(name); !c.empty()) return *c.front();
  m = refresh_if_allowed(cancel);
  return m->resolve(name);
}

std::vector<ResourceInfo> Discovery::resolve_many(std::string_view name,
                                                  const net::CancelPtr& cancel) {
  auto m = mapper(cancel);
  if (m->category(name).empty() && m->candidates(name).empty()) m = refresh_if_allowed(cancel);
  std::vector<ResourceInfo> out;
  for (const auto* r : m->resolve_many(name)) out.push_back(*r);
  return out;
}

ResourceInfo Discovery::for_kind(std::string_view api_version, std::string_view kind,
                                 const net::CancelPtr& cancel) {
  auto m = mapper(cancel);
  const ResourceInfo* r = m->for_kind(api_version, kind);
  if (!r) {
    m = refresh_if_allowed(cancel);
    r = m->for_kind(api_version, kind);
  }
  if (!r)
    throw MappingError("no matches for kind \"" + std::string(kind) + "\" in version \"" +
                           std::string(api_version) + "\"",
                       true);
  return *r;
}

json::value Discovery::server_version(const net::CancelPtr& cancel) {
  Request r;
  r.path = "/version";
  return client_.send(r, cancel).json();
}

void Discovery::invalidate() {
  std::lock_guard lock(mu_);
  mapper_.reset();
}

bool Discovery::aggregated() const {
  std::lock_guard lock(mu_);
  return aggregated_;
}

}  // namespace kubemcp::kube
