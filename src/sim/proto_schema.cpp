#include "sim/proto_schema.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace kubemcp::sim::proto {
namespace {

const std::map<std::string, Message, std::less<>>& index() {
  static const auto* messages = [] {
    auto* m = new std::map<std::string, Message, std::less<>>();
    for (std::size_t i = 0; i < kFieldRowCount; ++i) {
      auto& msg = (*m)[kFieldRows[i].message];
      msg.name = kFieldRows[i].message;
      msg.fields.push_back(&kFieldRows[i]);
    }
    for (auto& [_, msg] : *m)
      std::sort(msg.fields.begin(), msg.fields.end(),
                [](const FieldRow* a, const FieldRow* b) { return a->number < b->number; });
    return m;
  }();
  return *messages;
}

// API group → protobuf package prefix of its kinds (the groups the tables hold).
const std::pair<std::string_view, std::string_view> kPackages[] = {
    {"", "k8s.io.api.core."},
    {"apps", "k8s.io.api.apps."},
    {"batch", "k8s.io.api.batch."},
    {"autoscaling", "k8s.io.api.autoscaling."},
    {"policy", "k8s.io.api.policy."},
    {"authentication.k8s.io", "k8s.io.api.authentication."},
    {"authorization.k8s.io", "k8s.io.api.authorization."},
    {"meta.k8s.io", "k8s.io.apimachinery.pkg.apis.meta."},
};

}  // namespace

const FieldRow* Message::by_number(uint32_t number) const {
  auto it = std::lower_bound(fields.begin(), fields.end(), number,
                             [](const FieldRow* f, uint32_t n) { return f->number < n; });
  return it != fields.end() && (*it)->number == number ? *it : nullptr;
}

const FieldRow* Message::by_json(std::string_view json) const {
  for (const auto* f : fields)
    if (json == f->json) return f;
  return nullptr;
}

const Message* find_message(std::string_view full_name) {
  const auto& m = index();
  auto it = m.find(full_name);
  return it == m.end() ? nullptr : &it->second;
}

const Message* message_for(std::string_view api_version, std::string_view kind) {
  auto slash = api_version.find('/');
  std::string_view group = slash == std::string_view::npos ? "" : api_version.substr(0, slash);
  std::string_view version =
      slash == std::string_view::npos ? api_version : api_version.substr(slash + 1);
  if (version.empty() || kind.empty()) return nullptr;
  for (const auto& [g, prefix] : kPackages)
    if (g == group)
      if (const auto* m =
              find_message(std::string(prefix) + std::string(version) + "." + std::string(kind)))
        return m;
  // Status and the option kinds live in meta/v1 and are sent under every group version.
  if (kind != "Status" && !kind.ends_with("Options")) return nullptr;
  return find_message("k8s.io.apimachinery.pkg.apis.meta.v1." + std::string(kind));
}

}  // namespace kubemcp::sim::proto
