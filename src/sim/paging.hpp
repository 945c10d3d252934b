#pragma once
// Which state a list or watch reads, as kube-apiserver decides it from resourceVersion,
// resourceVersionMatch, limit, continue and sendInitialEvents (the table in the API concepts
// "Resource versions" section, apimachinery's ValidateListOptions, the etcd3 store's
// continue tokens and the cacher's "Too large resource version").
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace kubemcp::sim {

class Store;

struct ListParams {
  bool watch = false;
  std::string resource_version, match, continue_token;
  bool limited = false;                     // limit > 0
  std::optional<bool> send_initial_events;  // unset when not given
};

struct ReadPoint {
  uint64_t rv = 0;                  // the resourceVersion to read at; 0: the latest
  std::string after;                // a continued list starts after this key
  bool continued = false;           // from a continue token: its expiry is a 410 with a fresh token
  bool initial_events = true;       // a watch first sends the current state as ADDED
  bool initial_events_end = false;  // ... then a BOOKMARK marking their end (sendInitialEvents)
  uint64_t wait_rv = 0;             // a watch's initial state must be at least this recent
};

// Throws ApiError: 422 Invalid (ListOptions.meta.k8s.io) for forbidden combinations, 400 for
// continue with a resourceVersion or a malformed token, 504 Timeout when the resourceVersion
// asked for is not reached within 3 seconds.
ReadPoint read_point(const ListParams& p, const Store& store);

// Waits up to 3 s for the store to reach `rv`, as the cacher does; then ApiError 504 Timeout
// "Too large resource version".
void wait_for_rv(const Store& store, uint64_t rv);

// A continue token as the etcd3 store writes it: base64 of {"v","rv","start"}; rv -1 means
// "continue at the latest state" (the token handed out with an expired one).
std::string encode_continue(int64_t rv, const std::string& after_key);

// The 410 answer to an expired continue token: the Status carries a fresh token resuming at the
// latest state after the same key.
boost::json::object expired_continue_status(const std::string& after_key);

}  // namespace kubemcp::sim
