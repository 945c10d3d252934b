#include "tools/extra/forwards.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <charconv>
#include <condition_variable>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "kube/builtin_resources.hpp"
#include "kube/errors.hpp"
#include "kube/port_forward.hpp"
#include "kube/verbs.hpp"

namespace kubemcp::tools::extra {
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

bool port_name(std::string_view s) {
  // IANA service names, as Kubernetes names container ports: 1-15 of [a-z0-9-], a letter.
  bool letter = false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    letter = letter || (c >= 'a' && c <= 'z');
  }
  return !s.empty() && s.size() <= 15 && letter && s.front() != '-' && s.back() != '-';
}

std::optional<int> number(std::string_view s, int low) {
  int n = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || n < low || n > 65535)
    return std::nullopt;
  return n;
}

}  // namespace

PortMapping parse_port_mapping(const std::string& spec) {
  const auto colon = spec.find(':');
  const std::string local = colon == std::string::npos ? spec : spec.substr(0, colon);
  const std::string remote = colon == std::string::npos ? spec : spec.substr(colon + 1);
  const auto bad = [&](const std::string& why) {
    return std::invalid_argument("ports '" + spec + "': " + why +
                                 "; write LOCAL:REMOTE (8080:80), :REMOTE for a free local port "
                                 "(:80), or one port (5432)");
  };
  if (remote.empty() || remote.find(':') != std::string::npos) throw bad("no remote port");
  if (!number(remote, 1) && !port_name(remote))
    throw bad("the remote port must be 1-65535 or a port name");
  PortMapping m;
  m.remote = remote;
  if (colon != std::string::npos && local.empty()) return m;  // ":80"
  const auto l = number(local, 0);
  if (!l) throw bad("the local port must be 0-65535 (0 or empty: a free port)");
  m.local = static_cast<std::uint16_t>(*l);
  return m;
}

namespace {

struct Entry {
  std::string id;
  ForwardInfo info;
  std::shared_ptr<kube::PortForward> forward;
  std::shared_ptr<kube::Client> client;
  Clock::time_point started;
  std::optional<Clock::time_point> deadline;
  std::string broken;  // why, once the pod went away
};

// Why the forward's pod can no longer be reached, or "" while it can. Throws what the check
// itself met (the cluster unreachable), which says nothing about the pod.
std::string pod_gone(const Entry& e) {
  json::value pod;
  try {
    pod = kube::get(*e.client, kube::builtin("pods"), e.info.ns, e.forward->pod());
  } catch (const kube::ApiError& err) {
    if (err.code() == 404) return "pod " + e.forward->pod() + " was deleted";
    throw;
  }
  const auto& meta = pod.at("metadata").as_object();
  if (meta.contains("deletionTimestamp")) return "pod " + e.forward->pod() + " is terminating";
  if (const auto* uid = meta.if_contains("uid");
      uid && uid->is_string() && !e.info.pod_uid.empty() && uid->get_string() != e.info.pod_uid)
    return "pod " + e.forward->pod() + " was replaced by a new pod of the same name";
  const auto* status = pod.as_object().if_contains("status");
  const auto* phase =
      status && status->is_object() ? status->get_object().if_contains("phase") : nullptr;
  if (phase && phase->is_string() && phase->get_string() != "Running")
    return "pod " + e.forward->pod() + " is " + std::string(phase->get_string());
  return {};
}

}  // namespace

struct Forwards::State {
  std::mutex mu;
  std::condition_variable changed;
  std::map<std::uint64_t, Entry> entries;  // by number: oldest first
  std::uint64_t next = 1;

  // Stops forwards past their ttl; runs for the life of the process.
  void reap() {
    std::unique_lock lock(mu);
    for (;;) {
      std::optional<Clock::time_point> soonest;
      for (auto it = entries.begin(); it != entries.end();) {
        if (it->second.deadline && *it->second.deadline <= Clock::now()) {
          spdlog::info("port-forward {} ended: its ttl passed", it->second.id);
          it->second.forward->stop();
          it = entries.erase(it);
          changed.notify_all();
          continue;
        }
        if (it->second.deadline && (!soonest || *it->second.deadline < *soonest))
          soonest = it->second.deadline;
        ++it;
      }
      if (soonest)
        changed.wait_until(lock, *soonest);
      else
        changed.wait(lock);
    }
  }
};

Forwards::Forwards() : state_(std::make_shared<State>()) {
  std::thread([s = state_] { s->reap(); }).detach();
}

Forwards& Forwards::instance() {
  // Never destroyed: its reaper thread waits on it until the process ends.
  static Forwards* forwards = new Forwards();
  return *forwards;
}

void Forwards::check_room(std::size_t max) const {
  std::lock_guard lock(state_->mu);
  if (state_->entries.size() < max) return;
  std::string ids;
  for (const auto& [n, e] : state_->entries) ids += (ids.empty() ? "" : ", ") + e.id;
  throw std::invalid_argument(
      std::to_string(max) + " port-forwards are running (" + (ids.empty() ? "none" : ids) +
      "), the most max_port_forwards in the kubemcp config allows. Stop one with "
      "{\"action\": \"stop\", \"id\": \"...\"} first.");
}

std::string Forwards::add(std::shared_ptr<kube::PortForward> forward,
                          std::shared_ptr<kube::Client> client, ForwardInfo info,
                          std::optional<std::chrono::seconds> ttl, std::size_t max) {
  check_room(max);
  std::lock_guard lock(state_->mu);
  const std::uint64_t n = state_->next++;
  Entry e{"pf-" + std::to_string(n),
          std::move(info),
          std::move(forward),
          std::move(client),
          Clock::now(),
          std::nullopt,
          {}};
  if (ttl) e.deadline = e.started + *ttl;
  const std::string id = e.id;
  state_->entries.emplace(n, std::move(e));
  state_->changed.notify_all();
  return id;
}

bool Forwards::stop(const std::string& id) {
  std::lock_guard lock(state_->mu);
  for (auto it = state_->entries.begin(); it != state_->entries.end(); ++it)
    if (it->second.id == id) {
      it->second.forward->stop();
      state_->entries.erase(it);
      state_->changed.notify_all();
      return true;
    }
  return false;
}

std::string Forwards::cluster_of(const std::string& id) const {
  std::lock_guard lock(state_->mu);
  for (const auto& [n, e] : state_->entries)
    if (e.id == id) return e.info.cluster;
  return {};
}

std::vector<ForwardRow> Forwards::list() {
  std::vector<Entry> snapshot;
  {
    std::lock_guard lock(state_->mu);
    for (const auto& [n, e] : state_->entries) snapshot.push_back(e);
  }
  std::vector<ForwardRow> rows;
  for (auto& e : snapshot) {
    ForwardRow row;
    row.last_error = e.forward->last_error();
    if (e.broken.empty()) {
      try {
        if (auto why = pod_gone(e); !why.empty()) {
          e.forward->stop();  // nothing to reach any more: new connections are refused
          e.broken = why;
          std::lock_guard lock(state_->mu);
          for (auto& [n, held] : state_->entries)
            if (held.id == e.id) held.broken = why;
        }
      } catch (const std::exception& err) {
        row.last_error = std::string("checking the pod failed: ") + err.what();
      }
    }
    row.id = e.id;
    row.info = e.info;
    row.local = "127.0.0.1:" + std::to_string(e.forward->local_port());
    row.connections_open = e.forward->connections_open();
    row.connections_total = e.forward->connections_total();
    row.bytes_to_pod = e.forward->bytes_to_pod();
    row.bytes_from_pod = e.forward->bytes_from_pod();
    row.age = std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - e.started);
    if (e.deadline)
      row.ttl_left = std::chrono::duration_cast<std::chrono::seconds>(*e.deadline - Clock::now());
    row.state = e.broken.empty() ? "active" : "broken: " + e.broken;
    rows.push_back(std::move(row));
  }
  return rows;
}

void Forwards::stop_all() {
  std::lock_guard lock(state_->mu);
  for (auto& [n, e] : state_->entries) e.forward->stop();
  state_->entries.clear();
  state_->changed.notify_all();
}

void Forwards::wait_until_none(const net::CancelPtr& cancel) {
  std::unique_lock lock(state_->mu);
  while (!state_->entries.empty() && !(cancel && cancel->cancelled()))
    state_->changed.wait_for(lock, std::chrono::milliseconds(200));
}

}  // namespace kubemcp::tools::extra
