#pragma once
// Layer 5 of the client: the REST verbs on any resource (built-in or CRD), addressed by a
// ResourceInfo from discovery. Namespaced objects with an empty namespace use the client's
// default namespace; lists with an empty namespace span all namespaces.
#include <algorithm>
#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "kube/resource_mapper.hpp"
#include "kube/rest_client.hpp"
#include "net/utf8.hpp"

namespace kubemcp::kube {

struct ListOptions {
  std::string label_selector;
  std::string field_selector;
  std::int64_t limit = 0;      // 0: no paging
  std::string continue_token;  // from metadata.continue
  std::string resource_version;
  std::string resource_version_match;  // NotOlderThan | Exact
  std::optional<int> timeout_seconds;  // server-side timeout (watch)
  bool allow_bookmarks = false;        // watch
};

// Adds the query parameters of `o` (selectors, paging, resourceVersion, timeoutSeconds).
void add_list_query(Query& q, const ListOptions& o);

enum class IncludeObject { None, Metadata, Object };
inline constexpr const char* kTableAccept =
    "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s."
    "io,application/json";

struct WriteOptions {
  bool dry_run = false;          // dryRun=All
  std::string field_manager;     // fieldManager
  std::string field_validation;  // Strict | Warn | Ignore
};

enum class PatchType { Merge, Json, Strategic, Apply };
const char* patch_content_type(PatchType type);

struct ApplyOptions {
  std::string field_manager = "kubemcp";
  bool force = false;
  bool dry_run = false;
};

struct DeleteOptions {
  std::string propagation;  // Foreground | Background | Orphan; empty: server default
  std::optional<std::int64_t> grace_period_seconds;
  bool dry_run = false;
  std::string precondition_uid;
  std::string precondition_resource_version;
};
// The DeleteOptions body the API server expects.
boost::json::value delete_body(const DeleteOptions& o);

struct WatchEvent {
  std::string type;  // ADDED | MODIFIED | DELETED | BOOKMARK | ERROR
  boost::json::value object;
};

// The path of a collection (name empty) or object, honouring the resource's scope.
std::string object_path(const Client& client, const ResourceInfo& r, std::string_view ns,
                        std::string_view name = {}, std::string_view subresource = {});

boost::json::value get(Client& c, const ResourceInfo& r, std::string_view ns, std::string_view name,
                       const net::CancelPtr& cancel = {});

// One page (or everything when limit is 0).
boost::json::value list(Client& c, const ResourceInfo& r, std::string_view ns,
                        const ListOptions& o = {}, const net::CancelPtr& cancel = {});

// Follows `continue` tokens (page size `o.limit`, default 500) up to `max_items` items;
// returns the merged list with metadata.continue set when more remain.
boost::json::value list_all(Client& c, const ResourceInfo& r, std::string_view ns,
                            ListOptions o = {}, std::size_t max_items = SIZE_MAX,
                            const net::CancelPtr& cancel = {});

// Server-side printing: a meta.k8s.io/v1 Table for a list (name empty) or one object.
// Throws KubeError when the server does not answer with a Table.
boost::json::value get_table(Client& c, const ResourceInfo& r, std::string_view ns,
                             std::string_view name, const ListOptions& o = {},
                             IncludeObject include = IncludeObject::Metadata,
                             const net::CancelPtr& cancel = {});

// Watches until `on_event` returns false, the server ends the watch or `cancel` fires
// (CancelledError). Returns the last resourceVersion seen. An ERROR event carrying a Status
// becomes ApiError (410 Expired: list again).
std::string watch(Client& c, const ResourceInfo& r, std::string_view ns, const ListOptions& o,
                  const std::function<bool(const WatchEvent&)>& on_event,
                  const net::CancelPtr& cancel = {});

boost::json::value create(Client& c, const ResourceInfo& r, std::string_view ns,
                          const boost::json::value& object, const WriteOptions& w = {},
                          const net::CancelPtr& cancel = {});

boost::json::value replace(Client& c, const ResourceInfo& r, std::string_view ns,
                           std::string_view name, const boost::json::value& object,
                           const WriteOptions& w = {}, const net::CancelPtr& cancel = {},
                           std::string_view subresource = {});

boost::json::value patch(Client& c, const ResourceInfo& r, std::string_view ns,
                         std::string_view name, PatchType type, const std::string& body,
                         const WriteOptions& w = {}, const net::CancelPtr& cancel = {},
                         std::string_view subresource = {});

// Server-side apply of a full object (JSON or YAML text): creates or merges.
boost::json::value apply(Client& c, const ResourceInfo& r, std::string_view ns,
                         std::string_view name, const std::string& manifest,
                         const ApplyOptions& a = {}, const net::CancelPtr& cancel = {});

// DELETE; returns what the server answered (the object or a Status).
boost::json::value remove(Client& c, const ResourceInfo& r, std::string_view ns,
                          std::string_view name, const DeleteOptions& d = {},
                          const net::CancelPtr& cancel = {});

// DELETE on the collection with selectors.
boost::json::value remove_collection(Client& c, const ResourceInfo& r, std::string_view ns,
                                     const ListOptions& o, const DeleteOptions& d = {},
                                     const net::CancelPtr& cancel = {});

// The scale subresource (autoscaling/v1 Scale).
boost::json::value get_scale(Client& c, const ResourceInfo& r, std::string_view ns,
                             std::string_view name, const net::CancelPtr& cancel = {});
boost::json::value scale(Client& c, const ResourceInfo& r, std::string_view ns,
                         std::string_view name, std::int64_t replicas, const WriteOptions& w = {},
                         const net::CancelPtr& cancel = {});

// GET of any subresource (status, ...).
boost::json::value get_subresource(Client& c, const ResourceInfo& r, std::string_view ns,
                                   std::string_view name, std::string_view subresource,
                                   const net::CancelPtr& cancel = {});

// Waits until `done(object)` holds for one object (`object` is null while it does not exist),
// the way kubectl wait / rollout status do: list by metadata.name, then watch from that
// resourceVersion, re-listing when the watch ends or expires (410). Returns the object (or
// null). Throws KubeError on timeout, CancelledError when cancelled.
boost::json::value wait_for(Client& c, const ResourceInfo& r, std::string_view ns,
                            std::string_view name,
                            const std::function<bool(const boost::json::value&)>& done,
                            std::chrono::milliseconds timeout, const net::CancelPtr& cancel = {});

// Splits a stream (watch events, log lines) into lines; feed chunks, get complete lines.
// A line longer than `max_line` bytes is cut there (never inside a UTF-8 character) and the
// rest of it skipped: `line_cut()` tells, inside `on_line`, how many bytes were dropped.
class LineSplitter {
 public:
  explicit LineSplitter(std::size_t max_line = std::string::npos) : max_line_(max_line) {}

  template <class Fn>
  bool feed(std::string_view chunk, Fn&& on_line) {
    while (!chunk.empty()) {
      const auto nl = chunk.find('\n');
      append(chunk.substr(0, nl));
      if (nl == std::string_view::npos) return true;
      chunk.remove_prefix(nl + 1);
      std::string_view line(buffer_);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      const bool go = on_line(line);
      buffer_.clear();
      cut_ = 0;
      if (!go) return false;
    }
    return true;
  }
  // The unterminated tail (a last log line without '\n').
  std::string take_rest() { return std::exchange(buffer_, {}); }
  std::size_t line_cut() const { return cut_; }

 private:
  void append(std::string_view piece) {
    if (cut_ > 0) {
      cut_ += piece.size();
      return;
    }
    const std::size_t room = max_line_ - std::min(max_line_, buffer_.size());
    if (piece.size() <= room) {
      buffer_.append(piece);
      return;
    }
    const std::size_t keep = net::utf8_cut(piece, room);
    buffer_.append(piece.substr(0, keep));
    cut_ = piece.size() - keep;
  }
  std::size_t max_line_;
  std::string buffer_;
  std::size_t cut_ = 0;
};

}  // namespace kubemcp::kube
