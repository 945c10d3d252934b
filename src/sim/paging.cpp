#include "sim/paging.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <thread>
#include <vector>

#include "net/base64.hpp"
#include "sim/store.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

struct FieldError {
  std::string reason, field, detail;  // detail: "Forbidden: ..." / "Unsupported value: ..."
};

// field.ErrorList as errors.NewInvalid renders it for ListOptions.meta.k8s.io.
[[noreturn]] void invalid_options(const std::vector<FieldError>& errs) {
  std::string all;
  json::array causes;
  for (const auto& e : errs) {
    all += (all.empty() ? "" : ", ") + e.field + ": " + e.detail;
    causes.push_back(json::object{{"reason", e.reason}, {"message", e.detail}, {"field", e.field}});
  }
  if (errs.size() > 1) all = "[" + all + "]";
  throw ApiError(
      422, "Invalid", "ListOptions.meta.k8s.io \"\" is invalid: " + all,
      json::object{{"group", "meta.k8s.io"}, {"kind", "ListOptions"}, {"causes", causes}});
}

FieldError forbidden(const std::string& field, const std::string& why) {
  return {"FieldValueForbidden", field, "Forbidden: " + why};
}

FieldError unsupported(const std::string& value, const std::string& supported) {
  return {"FieldValueNotSupported", "resourceVersionMatch",
          "Unsupported value: \"" + value + "\": supported values: " + supported};
}

// ValidateListOptions / validateWatchOptions (WatchList is on by default in 1.32).
void validate(const ListParams& p) {
  std::vector<FieldError> errs;
  const std::string& m = p.match;
  if (p.watch) {
    if (p.send_initial_events && m != "NotOlderThan")
      errs.push_back(forbidden("resourceVersionMatch",
                               "sendInitialEvents requires setting resourceVersionMatch to "
                               "NotOlderThan"));
    if (!m.empty()) {
      if (!p.send_initial_events)
        errs.push_back(forbidden("resourceVersionMatch",
                                 "resourceVersionMatch is forbidden for watch unless "
                                 "sendInitialEvents is provided"));
      if (m != "NotOlderThan") errs.push_back(unsupported(m, "\"NotOlderThan\""));
      if (!p.continue_token.empty())
        errs.push_back(forbidden("resourceVersionMatch",
                                 "resourceVersionMatch is forbidden when continue is provided"));
    }
  } else {
    if (!m.empty()) {
      if (p.resource_version.empty())
        errs.push_back(forbidden("resourceVersionMatch",
                                 "resourceVersionMatch is forbidden unless resourceVersion is "
                                 "provided"));
      if (!p.continue_token.empty())
        errs.push_back(forbidden("resourceVersionMatch",
                                 "resourceVersionMatch is forbidden when continue is provided"));
      if (m != "Exact" && m != "NotOlderThan")
        errs.push_back(unsupported(m, "\"Exact\", \"NotOlderThan\", \"\""));
      if (m == "Exact" && p.resource_version == "0")
        errs.push_back(forbidden("resourceVersionMatch",
                                 "resourceVersionMatch \"exact\" is forbidden for resourceVersion "
                                 "\"0\""));
    }
    if (p.send_initial_events)
      errs.push_back(forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
  }
  if (!errs.empty()) invalid_options(errs);
}

uint64_t parse_rv(const std::string& text) {
  size_t used = 0;
  uint64_t v = 0;
  try {
    v = std::stoull(text, &used, 10);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || text[0] == '-' || text[0] == '+')
    throw bad_request("invalid resource version \"" + text + "\"");
  return v;
}

}  // namespace

void wait_for_rv(const Store& store, uint64_t rv) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (store.current_rv() < rv) {
    if (std::chrono::steady_clock::now() >= deadline)
      throw ApiError(
          504, "Timeout",
          "Too large resource version: " + std::to_string(rv) +
              ", current: " + std::to_string(store.current_rv()),
          json::object{
              {"causes", json::array{json::object{{"reason", "ResourceVersionTooLarge"},
                                                  {"message", "Too large resource version"}}}},
              {"retryAfterSeconds", 1}});
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

namespace {

std::pair<int64_t, std::string> decode_continue(const std::string& token) {
  auto raw = net::base64_decode(token);
  if (!raw) throw bad_request("continue key is not valid: illegal base64 data at input byte 0");
  boost::system::error_code ec;
  json::value v = json::parse(*raw, ec);
  if (ec || !v.is_object()) throw bad_request("continue key is not valid: invalid character");
  const auto& o = v.as_object();
  if (str_at(o, "v") != "meta.k8s.io/v1")
    throw bad_request("continue key is not valid: server does not recognize this encoded key");
  const auto* rv = o.if_contains("rv");
  std::string start = str_at(o, "start");
  if (!rv || !rv->is_int64() || rv->as_int64() == 0 || start.empty())
    throw bad_request(
        "continue key is not valid: incorrect encoded start resourceVersion (version "
        "meta.k8s.io/v1)");
  // The store's keys are "ns/name"; a token's start is the key after which to go on, "\0"-ended.
  if (start.back() == '\0') start.pop_back();
  return {rv->as_int64(), start};
}

}  // namespace

std::string encode_continue(int64_t rv, const std::string& after_key) {
  json::object o{{"v", "meta.k8s.io/v1"}, {"rv", rv}, {"start", after_key + std::string(1, '\0')}};
  return net::base64_encode(json::serialize(o));
}

json::object expired_continue_status(const std::string& after_key) {
  auto s = status_object(
      410, "Expired",
      "The provided continue parameter is too old to display a consistent list result. You can "
      "start a new list without the continue parameter, or use the continue token in this "
      "response to retrieve the remainder of the results. Continuing with the provided token "
      "results in an inconsistent list - objects that were created, modified, or deleted between "
      "the time the first chunk was returned and now may show up in the list.");
  s["metadata"] = json::object{{"continue", encode_continue(-1, after_key)}};
  return s;
}

ReadPoint read_point(const ListParams& p, const Store& store) {
  validate(p);
  ReadPoint rp;
  const std::string& rv = p.resource_version;
  if (!p.continue_token.empty() && !p.watch) {
    if (!rv.empty() && rv != "0")
      throw bad_request("specifying resource version is not allowed when using continue");
    auto [token_rv, after] = decode_continue(p.continue_token);
    rp.after = after;
    rp.continued = true;
    rp.rv = token_rv > 0 ? static_cast<uint64_t>(token_rv) : 0;
    return rp;
  }
  if (p.watch) {
    bool send = p.send_initial_events.value_or(rv.empty() || rv == "0");
    rp.initial_events = send;
    rp.initial_events_end = p.send_initial_events.value_or(false);
    if (!rv.empty() && rv != "0") {
      uint64_t n = parse_rv(rv);
      if (send) rp.wait_rv = n;  // waited for in the stream: an ERROR event there
      if (!send) rp.rv = n;      // events after n
    }
    return rp;
  }
  if (rv.empty() || rv == "0") return rp;
  uint64_t n = parse_rv(rv);
  wait_for_rv(store, n);
  // Exact reads at n; so does a paginated list without a match (the documented table).
  if (p.match == "Exact" || (p.match.empty() && p.limited)) rp.rv = n;
  return rp;
}

}  // namespace kubemcp::sim
