#pragma once
// Discovery with an in-memory cache per cluster: aggregated discovery (apidiscovery.k8s.io/v2)
// when the server offers it on both /api and /apis, else legacy discovery (/api, /apis, then
// every group version, fetched concurrently). Refreshed on an unknown name (at most every
// `min_refresh`) and after `ttl`. Thread-safe.
#include <boost/json/value.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <string_view>

#include "kube/resource_mapper.hpp"
#include "net/cancel.hpp"

namespace kubemcp::kube {

class Client;

class Discovery {
 public:
  explicit Discovery(Client& client) : client_(client) {}

  // The current mapper, fetched if missing or older than ttl.
  std::shared_ptr<const ResourceMapper> mapper(const net::CancelPtr& cancel = {});

  // Resolves a name; an unknown name triggers one refresh before MappingError.
  ResourceInfo resolve(std::string_view name, const net::CancelPtr& cancel = {});
  // Category ("all") or single resource, with the same refresh rule.
  std::vector<ResourceInfo> resolve_many(std::string_view name, const net::CancelPtr& cancel = {});
  // apiVersion + kind of a manifest; refreshes once on a miss. MappingError when unknown.
  ResourceInfo for_kind(std::string_view api_version, std::string_view kind,
                        const net::CancelPtr& cancel = {});

  // GET /version.
  boost::json::value server_version(const net::CancelPtr& cancel = {});

  void invalidate();
  bool aggregated() const;  // whether the last fetch used aggregated discovery

  std::chrono::seconds ttl{600};
  std::chrono::seconds min_refresh{5};

 private:
  std::shared_ptr<const ResourceMapper> fetch(const net::CancelPtr& cancel);
  std::shared_ptr<const ResourceMapper> refresh_if_allowed(const net::CancelPtr& cancel);

  Client& client_;
  mutable std::mutex mu_;
  std::mutex fetch_mu_;
  std::shared_ptr<const ResourceMapper> mapper_;
  std::chrono::steady_clock::time_point fetched_{};
  bool aggregated_ = false;
};

}  // namespace kubemcp::kube
