#pragma once
// The API verbs on objects, independent of HTTP: create, update (whole object or a
// subresource), patch in the four formats, delete with owner-reference garbage collection.
// The HTTP handler, the seed and the controllers all write through here, so every change gets
// the same metadata bookkeeping (uid, resourceVersion, generation, managedFields) and the same
// watch events.
#include <boost/json/object.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "sim/resources.hpp"
#include "sim/store.hpp"
#include "sim/validation.hpp"

namespace kubemcp::sim {

struct WriteOptions {
  bool dry_run = false;
  std::string field_manager;             // "" = none recorded
  bool force = false;                    // server-side apply conflicts
  bool keep_creation_timestamp = false;  // the seed back-dates its world
  // Unknown fields: kept for the simulator's own writes; the HTTP handler passes the
  // request's fieldValidation (Warn by default) and collects warnings here.
  FieldValidation field_validation = FieldValidation::Keep;
  std::vector<std::string>* warnings = nullptr;
  bool validate = true;  // required fields (off for controllers' own writes)
};

enum class PatchType { Merge, Json, Strategic, Apply };

struct DeleteOptions {
  std::string propagation = "Background";  // or Foreground, Orphan
  bool dry_run = false;
  std::string precondition_uid, precondition_rv;  // "" = none
  std::optional<int64_t> grace;  // gracePeriodSeconds; unset = the object's own (pods: 30)
};

class Objects {
 public:
  Objects(Registry& registry, Store& store) : reg_(registry), store_(store) {}

  // Called after every committed write with the resource type, event type and new object.
  using Listener = std::function<void(const ResourceType&, const std::string&, const ObjPtr&)>;
  // Safe while other threads write: listeners are added after the controllers' thread has
  // started, so the list is copied on change and each notify walks a snapshot.
  void add_listener(Listener l);

  ObjPtr create(const ResourceType& t, const std::string& ns, boost::json::object obj,
                const WriteOptions& opts);
  // subresource "" (main: status changes ignored when the kind has a status subresource),
  // "status" (only status changes), or "scale" (body is an autoscaling/v1 Scale).
  ObjPtr update(const ResourceType& t, const std::string& ns, const std::string& name,
                boost::json::object obj, const std::string& subresource, const WriteOptions& opts);
  // Returns the patched object; `created` is set when an apply patch created it.
  ObjPtr patch(const ResourceType& t, const std::string& ns, const std::string& name,
               PatchType type, const std::string& body, const std::string& subresource,
               const WriteOptions& opts, bool& created);
  // Deletes at once, without grace or finalizers (the controllers' own deletes and the last
  // step of a graceful one), with propagation "Background", "Foreground" or "Orphan".
  ObjPtr remove(const ResourceType& t, const std::string& ns, const std::string& name,
                const std::string& propagation, bool dry_run);
  // A client's DELETE (deletion.cpp), as kube-apiserver's registry store does it: preconditions
  // (409 when unmet); a scheduled pod is only marked (deletionTimestamp, deletionGracePeriod-
  // Seconds) and goes when the kubelet has stopped it; an object with finalizers stays marked
  // until an update removes the last one; Foreground keeps the owner (finalizer
  // "foregroundDeletion") until its blocking dependents are gone. `stays` is set when the
  // object is still there afterwards.
  ObjPtr remove(const ResourceType& t, const std::string& ns, const std::string& name,
                const DeleteOptions& opts, bool* stays);

  // A change made by a controller: fn edits a copy of the current object; no-op if absent.
  ObjPtr mutate(const ResourceType& t, const std::string& ns, const std::string& name,
                const std::function<bool(boost::json::object&)>& fn);

  // The autoscaling/v1 Scale view of a scalable object.
  static boost::json::object scale_of(const ResourceType& t, const boost::json::object& obj);

  Registry& registry() { return reg_; }
  Store& store() { return store_; }

 private:
  void notify(const ResourceType& t, const std::string& type, const ObjPtr& obj);
  void collect_garbage(const std::string& uid, const std::string& propagation);
  // Deletes the dependents of a foreground-deleted owner (deletion.cpp).
  void delete_dependents(const std::string& uid, bool dry_run);
  // The objects that name `uid` among their owners, with their resource types.
  std::vector<std::pair<ResourcePtr, ObjPtr>> dependents_of(const std::string& uid);
  // After `gone` left the store: owners waiting in foreground deletion for it may go now.
  void release_foreground_owners(const boost::json::object& gone);
  void after_crd_change(const std::string& type, const ObjPtr& crd);
  // A custom resource against its CRD's schema (validation and pruning).
  void check_custom(const ResourceType& t, boost::json::object& obj, const WriteOptions& opts);
  // After an update: an object marked for deletion whose finalizers are all gone is deleted.
  void finish_pending_delete(const ResourceType& t, const ObjPtr& obj);
  Registry& reg_;
  Store& store_;
  std::mutex listeners_mu_;
  std::shared_ptr<const std::vector<Listener>> listeners_ =
      std::make_shared<const std::vector<Listener>>();
};

// Parses a request body: JSON, or YAML (apply-patch+yaml) converted to JSON.
boost::json::value parse_body(const std::string& body, bool yaml_allowed);

}  // namespace kubemcp::sim
