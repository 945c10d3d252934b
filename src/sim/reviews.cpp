#include "sim/reviews.hpp"

#include <boost/json.hpp>
#include <string_view>
#include <utility>

#include "sim/authz.hpp"
#include "sim/field_errors.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

json::object user_info(const User& user) {
  json::object info{{"username", user.name}};
  if (!user.uid.empty()) info["uid"] = user.uid;
  json::array groups;
  for (const auto& g : user.groups) groups.emplace_back(g);
  if (!groups.empty()) info["groups"] = std::move(groups);
  if (!user.extra.empty()) {
    json::object extra;
    for (const auto& [k, values] : user.extra) {
      json::array vs;
      for (const auto& v : values) vs.emplace_back(v);
      extra[k] = std::move(vs);
    }
    info["extra"] = std::move(extra);
  }
  return info;
}

json::object self_subject_review(const User& user) {
  // The server stamps the review it answers with the time it was made.
  return {{"kind", "SelfSubjectReview"},
          {"apiVersion", "authentication.k8s.io/v1"},
          {"metadata", json::object{{"creationTimestamp", now_rfc3339()}}},
          {"status", json::object{{"userInfo", user_info(user)}}}};
}

Attributes attributes_of(const json::object& spec) {
  Attributes a;
  if (const auto* r = obj_at(spec, "resourceAttributes")) {
    a.verb = str_at(*r, "verb");
    a.group = str_at(*r, "group");
    a.resource = str_at(*r, "resource");
    a.subresource = str_at(*r, "subresource");
    a.namespace_ = str_at(*r, "namespace");
    a.name = str_at(*r, "name");
  } else if (const auto* n = obj_at(spec, "nonResourceAttributes")) {
    a.resource_request = false;
    a.verb = str_at(*n, "verb");
    a.path = str_at(*n, "path");
  }
  return a;
}

json::object access_review(const User& user, json::object review) {
  const auto* spec = obj_at(review, "spec");
  json::object empty;
  if (!spec) spec = &empty;
  bool res = obj_at(*spec, "resourceAttributes") != nullptr;
  bool non_res = obj_at(*spec, "nonResourceAttributes") != nullptr;
  // ValidateSelfSubjectAccessReviewSpec, word for word.
  FieldErrors errs;
  if (res && non_res)
    errs.invalid("spec.nonResourceAttributes", *spec->if_contains("nonResourceAttributes"),
                 "cannot be specified in combination with resourceAttributes");
  if (!res && !non_res)
    errs.invalid("spec.resourceAttributes", nullptr,
                 "exactly one of nonResourceAttributes or resourceAttributes must be specified");
  errs.raise("SelfSubjectAccessReview", "authorization.k8s.io", "");
  Decision d = decide(user, attributes_of(*spec));
  json::object status{{"allowed", d.allowed}};
  if (!d.reason.empty()) status["reason"] = d.reason;
  review["status"] = std::move(status);
  return review;
}

json::object rules_review(const User& user, json::object review, const Registry& registry) {
  std::vector<std::pair<std::string, std::string>> served;
  for (const auto& t : registry.all())
    if (t->verbs.empty()) served.emplace_back(t->group, t->plural);
  review["status"] = rules_status(user, served);
  return review;
}

using Answer = json::object (*)(const User&, json::object, const Registry&);

// Kind → its answer; the kinds are unique across the two groups.
const std::pair<std::string_view, Answer> kReviews[] = {
    {"SelfSubjectReview",
     [](const User& u, json::object, const Registry&) { return self_subject_review(u); }},
    {"SelfSubjectAccessReview",
     [](const User& u, json::object r, const Registry&) { return access_review(u, std::move(r)); }},
    {"SelfSubjectRulesReview", &rules_review},
};

Answer answer_of(const ResourceType& t) {
  if (t.group != "authentication.k8s.io" && t.group != "authorization.k8s.io") return nullptr;
  for (const auto& [kind, answer] : kReviews)
    if (kind == t.kind) return answer;
  return nullptr;
}

}  // namespace

bool is_review(const ResourceType& t) {
  return answer_of(t) != nullptr;
}

json::object answer_review(const ResourceType& t, const User& user, json::object review,
                           const Registry& registry) {
  review["kind"] = t.kind;
  review["apiVersion"] = t.group_version();
  auto& md = review["metadata"];
  if (!md.is_object()) md = json::object{};
  if (!md.as_object().contains("creationTimestamp")) md.as_object()["creationTimestamp"] = nullptr;
  return answer_of(t)(user, std::move(review), registry);
}

}  // namespace kubemcp::sim
