#include "sim/paging.hpp"

#include <boost/json.hpp>
#include <cctype>
#include <chrono>
#include <optional>
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

// The token is base64.RawURLEncoding (no padding, '-' and '_'), as storage.EncodeContinue.
std::string to_raw_url(std::string b64) {
  for (auto& ch : b64) ch = ch == '+' ? '-' : ch == '/' ? '_' : ch;
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  return b64;
}

// base64.RawURLEncoding.DecodeString; on failure the offset Go's CorruptInputError names.
std::optional<std::string> from_raw_url(std::string text, size_t& bad_at) {
  for (size_t i = 0; i < text.size(); ++i) {
    char& ch = text[i];
    bool ok = std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_';
    if (!ok) {
      bad_at = i;
      return std::nullopt;
    }
    ch = ch == '-' ? '+' : ch == '_' ? '/' : ch;
  }
  if (text.size() % 4 == 1) {  // a lone last character cannot carry a byte
    bad_at = text.size() - 1;
    return std::nullopt;
  }
  while (text.size() % 4 != 0) text += '=';
  auto raw = net::base64_decode(text);
  if (!raw) bad_at = 0;
  return raw;
}

// storage.DecodeContinue's errors, wrapped as the etcd3 store's GetList wraps them.
[[noreturn]] void invalid_token(const std::string& why) {
  throw bad_request("invalid continue token: continue key is not valid" + why);
}

std::pair<int64_t, std::string> decode_continue(const std::string& token) {
  size_t bad_at = 0;
  auto raw = from_raw_url(token, bad_at);
  if (!raw) invalid_token(": illegal base64 data at input byte " + std::to_string(bad_at));
  boost::system::error_code ec;
  json::value v = json::parse(*raw, ec);
  if (ec || !v.is_object()) invalid_token(": invalid character");
  const auto& o = v.as_object();
  if (std::string version = str_at(o, "v"); version != "meta.k8s.io/v1")
    invalid_token(": server does not recognize this encoded version " + version);
  const auto* rv = o.if_contains("rv");
  if (!rv || !rv->is_int64() || rv->as_int64() == 0)
    invalid_token(": incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
  std::string start = str_at(o, "start");
  if (start.empty()) invalid_token(": encoded start key empty (version meta.k8s.io/v1)");
  // The store's keys are "ns/name"; a token's start is the key after which to go on, "\0"-ended.
  if (start.back() == '\0') start.pop_back();
  return {rv->as_int64(), start};
}

}  // namespace

std::string encode_continue(int64_t rv, const std::string& after_key) {
  json::object o{{"v", "meta.k8s.io/v1"}, {"rv", rv}, {"start", after_key + std::string(1, '\0')}};
  return to_raw_url(net::base64_encode(json::serialize(o)));
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
    // The token is decoded before the resourceVersion is looked at, as in the etcd3 store.
    auto [token_rv, after] = decode_continue(p.continue_token);
    if (!rv.empty() && rv != "0")
      throw bad_request("specifying resource version is not allowed when using continue");
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
