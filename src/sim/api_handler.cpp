// The HTTP face of a simulated cluster: authentication, routing of /api and /apis paths,
// content negotiation (negotiate.cpp), list and watch read points (paging.cpp), admission
// (admission.cpp), and the verbs on top of Objects.
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <map>

#include "sim/admission.hpp"
#include "sim/authz.hpp"
#include "sim/cluster.hpp"
#include "sim/crd_schema.hpp"
#include "sim/delete_answer.hpp"
#include "sim/discovery.hpp"
#include "sim/field_selectors.hpp"
#include "sim/metrics.hpp"
#include "sim/negotiate.hpp"
#include "sim/openapi.hpp"
#include "sim/paging.hpp"
#include "sim/pod_streams.hpp"
#include "sim/printers.hpp"
#include "sim/proto_json.hpp"
#include "sim/query_params.hpp"
#include "sim/reviews.hpp"
#include "sim/selectors.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

struct Query {
  std::multimap<std::string, std::string> m;
  std::string get(const std::string& k) const {
    auto it = m.find(k);
    return it == m.end() ? std::string() : it->second;
  }
  bool flag(const std::string& k) const {
    std::string v = get(k);
    return v == "1" || v == "true" || v == "True";
  }
};

net::HttpResponse json_response(int status, const std::string& body,
                                const std::string& type = "application/json") {
  net::HttpResponse r;
  r.status = status;
  r.content_type = type;
  r.body = body;
  return r;
}

net::HttpResponse json_response(int status, const json::object& o,
                                const std::string& type = "application/json") {
  return json_response(status, json::serialize(o), type);
}

net::HttpResponse error_response(const ApiError& e) {
  return json_response(e.code, status_object(e.code, e.reason, e.what(), e.details));
}

// One item of a list as kube-apiserver writes it: built-in types lose kind and apiVersion
// (the typed list encodes its items without TypeMeta, kubernetes/kubernetes#3030); custom
// resources keep them. Watch events and Table rows carry them, as they do upstream.
std::string list_item_json(const ResourceType& t, const json::object& o) {
  if (t.custom) return json::serialize(o);
  json::object item = o;
  item.erase("kind");
  item.erase("apiVersion");
  return json::serialize(item);
}

struct Route {
  ResourcePtr type;
  std::string ns, name, sub;
};

ResourcePtr find_plural(const Registry& reg, const std::string& g, const std::string& v,
                        const std::string& plural) {
  for (const auto& t : reg.all())
    if (t->group == g && t->version == v && t->plural == plural) return t;
  return nullptr;
}

std::vector<std::string> split_path(std::string_view p) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string_view::npos) j = p.size();
    if (j > i) out.emplace_back(p.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

IncludeObject include_of(const Query& q) {
  std::string v = q.get("includeObject");
  if (v == "None") return IncludeObject::None;
  if (v == "Object") return IncludeObject::Object;
  return IncludeObject::Metadata;
}

bool dry_run_of(const Query& q) {
  std::string v = q.get("dryRun");
  if (v.empty()) return false;
  if (v != "All") throw bad_request("Invalid dry run value: " + v + " (must be All)");
  return true;
}

std::string field_manager_of(const Query& q, const net::HttpRequest& req) {
  std::string m = q.get("fieldManager");
  if (!m.empty()) return m;
  std::string ua = req.header("user-agent");
  auto slash = ua.find('/');
  m = ua.substr(0, slash);
  return m.empty() ? "unknown" : m;
}

// RFC 7234 warn-code 299 with the text quoted, as apiserver's warning recorder writes it.
std::string warning_header(const std::string& text) {
  std::string quoted;
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    // Field names come from the client: no control character may reach a header line.
    quoted += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  }
  return "299 - \"" + quoted + "\"";
}

class Handler {
 public:
  Handler(Cluster& c, const net::HttpRequest& r) : c_(c), req_(r), accept_(r.header("accept")) {}

  net::HttpResponse run() {
    auto resp = answer();
    if (prefers_protobuf(accept_)) transcode_to_protobuf(resp);
    return resp;
  }

 private:
  // As kube-apiserver: an answer is protobuf when the client's Accept puts protobuf first and
  // the kind has a protobuf form (Status errors too); JSON otherwise, which client-go reads.
  static void transcode_to_protobuf(net::HttpResponse& resp) {
    if (resp.stream || resp.upgrade || resp.content_type != "application/json") return;
    boost::system::error_code ec;
    auto v = json::parse(resp.body, ec);
    if (ec || !v.is_object()) return;
    try {
      if (auto body = proto::encode_body(v.as_object())) {
        resp.body = std::move(*body);
        resp.content_type = std::string(proto::kMediaType);
      }
    } catch (const std::exception& e) {
      // An object our tables cannot express (a bug, not the client's): it still gets JSON.
      spdlog::warn("sim: answering JSON, protobuf encoding failed: {}", e.what());
    }
  }

  net::HttpResponse answer() {
    auto u = boost::urls::parse_origin_form(req_.target);
    if (!u) return json_response(400, status_object(400, "BadRequest", "malformed request URI"));
    path_ = std::string(u->path());
    for (auto p : u->params()) q_.m.emplace(std::string(p.key), std::string(p.value));

    if (path_ == "/healthz" || path_ == "/readyz" || path_ == "/livez") {
      return json_response(200, "ok", "text/plain; charset=utf-8");
    }
    auto user = c_.auth().authenticate(req_);
    if (!user) {
      return json_response(401, status_object(401, "Unauthorized", "Unauthorized"));
    }
    if (user->name == "system:anonymous" && path_ != "/version") {
      return json_response(401, status_object(401, "Unauthorized", "Unauthorized"));
    }
    user_ = *user;
    if (auto forbidden = authorize(user_, req_.method, path_, q_.get("watch")))
      return json_response(403, *forbidden);

    int err = c_.faults().error_percent.load();
    if (err > 0 && static_cast<int>(std::stoul(random_hex(1), nullptr, 16) % 100) < err) {
      int code = c_.faults().error_code.load();
      const char* reason = code == 429   ? "TooManyRequests"
                           : code == 503 ? "ServiceUnavailable"
                                         : "InternalError";
      auto r = json_response(code,
                             status_object(code, reason, "injected fault: " + std::string(reason)));
      if (code == 429) r.headers.emplace_back("Retry-After", "1");
      return r;
    }

    net::HttpResponse resp;
    try {
      resp = route();
    } catch (const ApiError& e) {
      resp = error_response(e);
    } catch (const std::invalid_argument& e) {
      resp = error_response(bad_request(e.what()));
    } catch (const std::exception& e) {
      // A bug, not the client's fault; still a Status, as the real server's panic handler.
      spdlog::error("sim[{}] {} {}: {}", c_.name(), req_.method, path_, e.what());
      resp = error_response(
          ApiError(500, "InternalError", std::string("Internal error occurred: ") + e.what()));
    }
    for (const auto& w : warnings_) resp.headers.emplace_back("Warning", warning_header(w));
    // `sim ctl drop`: the request was handled; its answer is lost with the connection.
    auto& drops = c_.faults().drop_responses;
    for (int n = drops.load(); n > 0;)
      if (drops.compare_exchange_weak(n, n - 1)) {
        resp.drop = true;
        break;
      }
    return resp;
  }

  // /openapi/v3 and /openapi/v3/api/v1, /openapi/v3/apis/G/V (sim/openapi.cpp).
  net::HttpResponse openapi(const std::vector<std::string>& segs) {
    std::string gv;
    for (size_t i = 2; i < segs.size(); ++i) gv += (i > 2 ? "/" : "") + segs[i];
    auto& store = c_.store();
    auto& reg = c_.registry();
    CrdSchemaLookup crd_schema = [&](const ResourceType& t) -> std::optional<json::object> {
      auto crds = reg.find("apiextensions.k8s.io", "v1", "customresourcedefinitions");
      auto crd = crds ? store.get(*crds, "", t.plural + "." + t.group) : nullptr;
      const json::object* s = crd ? crd_schema_of(*crd, t.version) : nullptr;
      if (!s) return std::nullopt;
      return *s;
    };
    auto reply = openapi_v3_get(reg, crd_schema, c_.epoch(), gv, q_.get("hash"),
                                req_.header("if-none-match"));
    if (!reply) return not_found_path();
    auto r = json_response(reply->status, reply->body);
    r.headers = std::move(reply->headers);
    return r;
  }

  net::HttpResponse route() {
    const std::string& p = path_;
    auto& reg = c_.registry();
    if (p == "/version") return json_response(200, version_info());
    // Aggregated discovery when asked for (kubectl 1.30+, client-go); legacy otherwise.
    bool aggregated = accept_.find("as=APIGroupDiscoveryList") != std::string::npos &&
                      accept_.find("v=v2;") != std::string::npos;
    if (p == "/api" || p == "/api/") {
      if (aggregated)
        return json_response(200, aggregated_discovery(reg, true), kAggregatedDiscoveryType);
      return json_response(200, api_versions("127.0.0.1:" + std::to_string(c_.port())));
    }
    if (p == "/apis" || p == "/apis/") {
      if (aggregated)
        return json_response(200, aggregated_discovery(reg, false), kAggregatedDiscoveryType);
      return json_response(200, api_group_list(reg));
    }
    if (p == "/openapi/v2") return json_response(200, "", "application/octet-stream");
    auto segs = split_path(p);
    if (segs.size() >= 2 && segs[0] == "openapi" && segs[1] == "v3") return openapi(segs);
    std::string group, version;
    size_t rest;
    if (segs.size() >= 2 && segs[0] == "api") {
      version = segs[1];
      rest = 2;
    } else if (segs.size() >= 2 && segs[0] == "apis") {
      group = segs[1];
      if (segs.size() == 2) {
        auto g = api_group(reg, group);
        return g ? json_response(200, *g) : not_found_path();
      }
      version = segs[2];
      rest = 3;
    } else {
      return not_found_path();
    }
    std::vector<std::string> r(segs.begin() + rest, segs.end());
    if (r.empty()) {
      auto list = api_resource_list(reg, group, version);
      return list ? json_response(200, *list) : not_found_path();
    }
    Route route;
    if (r[0] == "namespaces" && r.size() >= 3 &&
        (route.type = find_plural(reg, group, version, r[2])) && route.type->namespaced) {
      route.ns = r[1];
      if (r.size() > 3) route.name = r[3];
      if (r.size() > 4) route.sub = r[4];
      if (r.size() > 5) return not_found_path();
    } else {
      route.type = find_plural(reg, group, version, r[0]);
      if (!route.type) return not_found_path();
      if (r.size() > 1) route.name = r[1];
      if (r.size() > 2) route.sub = r[2];
      if (r.size() > 3) return not_found_path();
      if (route.type->namespaced && !route.name.empty()) return not_found_path();
    }
    return dispatch(route);
  }

  net::HttpResponse not_found_path() {
    return json_response(
        404, status_object(404, "NotFound", "the server could not find the requested resource",
                           json::object{}));
  }

  net::HttpResponse dispatch(const Route& r) {
    const std::string& m = req_.method;
    const auto& t = *r.type;
    bool known_sub =
        r.sub.empty() || (r.sub == "status" && t.has_status) || (r.sub == "scale" && t.has_scale);
    if (is_review(t)) return review(r);
    if (!r.sub.empty() && t.kind == "Pod" &&
        (r.sub == "log" || r.sub == "exec" || r.sub == "attach" || r.sub == "portforward" ||
         r.sub == "eviction" || r.sub == "binding"))
      return pod_subresource(c_, r.ns, r.name, r.sub, m, q_.m, req_);
    if (t.group == "metrics.k8s.io") {
      if (!r.sub.empty()) return not_found_path();
      return metrics_request(c_, t, r.ns, r.name, m, q_.m);
    }
    if (!known_sub) return not_found_path();
    if (m == "GET") {
      if (r.name.empty()) return q_.flag("watch") ? watch(r) : list(r);
      if (q_.flag("watch")) return watch(r);
      return get(r);
    }
    if (m == "POST") {
      if (!r.name.empty())
        return error_response(
            ApiError(405, "MethodNotAllowed",
                     "the server does not allow this method on the requested resource"));
      return create(r);
    }
    if (m == "PUT" && !r.name.empty()) return update(r);
    if (m == "PATCH" && !r.name.empty()) return patch(r);
    if (m == "DELETE") return r.name.empty() ? delete_collection(r) : remove(r);
    return error_response(
        ApiError(405, "MethodNotAllowed",
                 "the server does not allow this method on the requested resource"));
  }

  MediaChoice media(Endpoint e) const { return negotiate(accept_, e); }

  net::HttpResponse object_response(int status, const ResourceType& t, const ObjPtr& obj) {
    auto m = media(Endpoint::Object);
    switch (m.form) {
      case Form::Table:
        return json_response(status, make_table(t, {obj}, include_of(q_), now_unix()),
                             m.content_type);
      case Form::Metadata:
        return json_response(status, partial_metadata(*obj), m.content_type);
      case Form::Yaml:
        return json_response(status, to_yaml(*obj), m.content_type);
      case Form::Json:
        break;
    }
    return json_response(status, json::serialize(*obj));
  }

  net::HttpResponse get(const Route& r) {
    auto obj = c_.store().get(*r.type, r.ns, r.name);
    if (!obj) throw not_found(*r.type, r.name);
    if (r.sub == "scale") return json_response(200, Objects::scale_of(*r.type, *obj));
    return object_response(200, *r.type, obj);
  }

  std::function<bool(const json::object&)> matcher(const Route& r) {
    auto ls = std::make_shared<LabelSelector>(LabelSelector::parse(q_.get("labelSelector")));
    auto fs = std::make_shared<FieldSelector>(field_selector_for(*r.type, q_.get("fieldSelector")));
    std::string name = r.name;
    if (ls->empty() && fs->empty() && name.empty()) return nullptr;
    return [ls, fs, name](const json::object& o) {
      const auto* md = obj_at(o, "metadata");
      if (!name.empty() && (!md || str_at(*md, "name") != name)) return false;
      if (!ls->empty() && !ls->matches(md ? obj_at(*md, "labels") : nullptr)) return false;
      return fs->empty() || fs->matches(o);
    };
  }

  ListParams list_params(bool watch) const {
    ListParams p;
    p.watch = watch;
    p.resource_version = q_.get("resourceVersion");
    p.match = q_.get("resourceVersionMatch");
    p.continue_token = q_.get("continue");
    p.limited = !q_.get("limit").empty() && q_.get("limit") != "0";
    if (q_.m.count("sendInitialEvents")) p.send_initial_events = q_.flag("sendInitialEvents");
    return p;
  }

  net::HttpResponse list(const Route& r) {
    const auto& t = *r.type;
    auto m = media(Endpoint::List);
    size_t limit = 0;
    limit = static_cast<size_t>(std::max<int64_t>(0, query_int(q_.get("limit")).value_or(0)));
    auto match = matcher(r);
    ReadPoint at = read_point(list_params(false), c_.store());
    Store::Page page;
    try {
      page = c_.store().list(t, r.ns, match, limit, at.after, at.rv);
    } catch (const ApiError& e) {
      if (e.code == 410 && at.continued)
        return json_response(410, expired_continue_status(at.after));
      throw;
    }
    json::object meta{{"resourceVersion", std::to_string(page.rv)}};
    if (!page.next_key.empty()) {
      // Every page of this list is read at the first page's resourceVersion.
      meta["continue"] = encode_continue(static_cast<int64_t>(page.rv), page.next_key);
      // Like the real server: a count only when no selector makes it expensive to know.
      if (!match) meta["remainingItemCount"] = page.remaining;
    }
    if (m.form == Form::Table) {
      json::object table = make_table(t, page.items, include_of(q_), now_unix());
      table["metadata"] = meta;
      return json_response(200, table, m.content_type);
    }
    bool partial = m.form == Form::Metadata;
    std::string body =
        partial ? R"({"kind":"PartialObjectMetadataList","apiVersion":"meta.k8s.io/v1")"
                : "{\"kind\":\"" + t.kind + "List\",\"apiVersion\":\"" + t.group_version() + "\"";
    body += ",\"metadata\":" + json::serialize(meta) + ",\"items\":[";
    for (size_t i = 0; i < page.items.size(); ++i) {
      if (i) body += ',';
      body += partial ? json::serialize(partial_metadata(*page.items[i]))
                      : list_item_json(t, *page.items[i]);
    }
    body += "]}";
    if (m.form == Form::Yaml) return json_response(200, to_yaml(json::parse(body)), m.content_type);
    return json_response(200, body, m.content_type);
  }

  net::HttpResponse watch(const Route& r) {
    auto t = r.type;
    std::string ns = r.ns;
    auto match = matcher(r);
    ReadPoint at = read_point(list_params(true), c_.store());
    auto m = media(Endpoint::Watch);
    bool table = m.form == Form::Table, partial = m.form == Form::Metadata;
    IncludeObject include = include_of(q_);
    bool bookmarks = q_.flag("allowWatchBookmarks");
    int timeout = 1800;
    // Like the server: no positive timeout means the default; a year bounds the timer.
    if (auto ts = query_int(q_.get("timeoutSeconds")); ts && *ts > 0)
      timeout = static_cast<int>(std::min<int64_t>(*ts, 365LL * 86400));
    Cluster* c = &c_;
    net::HttpResponse resp;
    resp.content_type = m.content_type;
    resp.stream = [=](std::shared_ptr<net::StreamSink> sink) {
      auto emit = [=](const std::string& type, const ObjPtr& obj) {
        json::value o = table     ? json::value(make_table(*t, {obj}, include, now_unix()))
                        : partial ? json::value(partial_metadata(*obj))
                                  : json::value(*obj);
        return sink->write("{\"type\":\"" + type + "\",\"object\":" + json::serialize(o) + "}\n");
      };
      auto in_scope = [=](const json::object& o) {
        if (!ns.empty()) {
          const auto* md = obj_at(o, "metadata");
          if (!md || str_at(*md, "namespace") != ns) return false;
        }
        return !match || match(o);
      };
      auto bookmark = [=](uint64_t rv, bool initial_end) {
        json::object md{{"resourceVersion", std::to_string(rv)}, {"creationTimestamp", nullptr}};
        // sendInitialEvents: this BOOKMARK says the current state has been sent whole.
        if (initial_end) md["annotations"] = json::object{{"k8s.io/initial-events-end", "true"}};
        json::object bm{{"kind", t->kind}, {"apiVersion", t->group_version()}, {"metadata", md}};
        return sink->write("{\"type\":\"BOOKMARK\",\"object\":" + json::serialize(bm) + "}\n");
      };
      auto fail = [=](const ApiError& e) {
        sink->write("{\"type\":\"ERROR\",\"object\":" +
                    json::serialize(status_object(e.code, e.reason, e.what(), e.details)) + "}\n");
        sink->close();
      };
      uint64_t start = at.rv;
      if (at.initial_events) {
        try {
          if (at.wait_rv) wait_for_rv(c->store(), at.wait_rv);
        } catch (const ApiError& e) {
          return fail(e);
        }
        auto page = c->store().list(*t, ns, match, 0, "");
        for (const auto& o : page.items) emit("ADDED", o);
        start = page.rv;
        if (bookmarks && at.initial_events_end) bookmark(start, true);
      } else if (start == 0) {
        start = c->store().current_rv();
      }
      try {
        auto last_rv = std::make_shared<std::atomic<uint64_t>>(start);
        uint64_t id = c->store().watch(*t, start, [=](const WatchEvent& ev) {
          if (!sink->is_open()) return false;
          if (ev.rv <= start) return true;  // a watch from a resourceVersion not reached yet
          last_rv->store(ev.rv);
          bool now_in = in_scope(*ev.object);
          bool was_in = ev.previous ? in_scope(*ev.previous) : now_in;
          // An object entering or leaving the selection is ADDED or DELETED for this watch,
          // as the API server's watch cache reports it.
          if (ev.type == "MODIFIED" && now_in != was_in)
            return emit(now_in ? "ADDED" : "DELETED", ev.object);
          if (!now_in) return true;
          return emit(ev.type, ev.object);
        });
        // A watcher is dropped at its next event once the client is gone; this sweep also
        // drops it when its kind sees no more writes.
        auto sweep = std::make_shared<std::function<void()>>();
        *sweep = [c, t, id, sink, weak = std::weak_ptr<std::function<void()>>(sweep)] {
          if (!sink->is_open()) {
            c->store().unwatch(*t, id);
            return;
          }
          if (auto p = weak.lock()) c->scheduler().after(std::chrono::seconds(15), [p] { (*p)(); });
        };
        c->scheduler().after(std::chrono::seconds(15), [sweep] { (*sweep)(); });
        if (bookmarks) {
          // Periodic BOOKMARKs carry the latest resourceVersion to resume from.
          auto tick = std::make_shared<std::function<void()>>();
          Scheduler* sched = &c->scheduler();
          *tick = [=, weak = std::weak_ptr<std::function<void()>>(tick)] {
            if (!sink->is_open()) return;
            if (!bookmark(last_rv->load(), false)) return;
            if (auto p = weak.lock()) sched->after(std::chrono::seconds(10), [p] { (*p)(); });
          };
          sched->after(std::chrono::seconds(10), [tick] { (*tick)(); });
        }
      } catch (const ApiError& e) {
        return fail(e);
      }
      c->scheduler().after(std::chrono::seconds(timeout), [sink] { sink->close(); });
      if (int cut = c->faults().cut_streams_after_ms.load(); cut > 0)
        c->scheduler().after(std::chrono::milliseconds(cut), [sink] { sink->close(); });
    };
    return resp;
  }

  WriteOptions write_options() {
    WriteOptions o;
    o.dry_run = dry_run_of(q_);
    o.field_manager = field_manager_of(q_, req_);
    o.force = q_.flag("force");
    std::string fv = q_.get("fieldValidation");
    if (!fv.empty() && fv != "Strict" && fv != "Warn" && fv != "Ignore")
      throw bad_request("fieldValidation: Unsupported value: \"" + fv +
                        "\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
    // Like kube-apiserver: Warn unless the client asks otherwise.
    o.field_validation = fv == "Strict"   ? FieldValidation::Strict
                         : fv == "Ignore" ? FieldValidation::Ignore
                                          : FieldValidation::Warn;
    o.warnings = &warnings_;
    return o;
  }

  net::HttpResponse review(const Route& r) {
    if (!r.sub.empty()) return not_found_path();
    if (req_.method != "POST" || !r.name.empty())
      return error_response(
          ApiError(405, "MethodNotAllowed",
                   "the server does not allow this method on the requested resource"));
    auto body = body_object(*r.type);
    check_kind(*r.type, body);
    return json_response(201, answer_review(*r.type, user_, std::move(body), c_.registry()));
  }

  bool protobuf_body() const { return req_.header("content-type").starts_with(proto::kMediaType); }

  // A protobuf body as the JSON object it encodes; 415 for a kind without a protobuf form
  // (custom resources, as upstream), 400 for bytes that do not decode.
  json::object protobuf_object(const ResourceType* t) {
    if (t && (t->custom || !proto::message_for(t->group_version(), t->kind)))
      throw ApiError(415, "UnsupportedMediaType",
                     "the body of the request was in an unknown format - accepted media types "
                     "include: application/json, application/yaml");
    try {
      return proto::decode_body(req_.body);
    } catch (const proto::WireError& e) {
      throw bad_request(std::string("the body of the request could not be decoded as ") +
                        std::string(proto::kMediaType) + ": " + e.what());
    }
  }

  json::object body_object(const ResourceType& t) {
    if (protobuf_body()) return protobuf_object(&t);
    std::string ct = req_.header("content-type");
    bool yaml = ct.find("yaml") != std::string::npos;
    json::value v = parse_body(req_.body, yaml);
    if (!v.is_object()) throw bad_request("the request body must be a JSON object");
    return v.as_object();
  }

  void check_kind(const ResourceType& t, const json::object& body) {
    std::string kind = str_at(body, "kind"), av = str_at(body, "apiVersion");
    if (!kind.empty() && kind != t.kind)
      throw bad_request("the API version in the data (" + av +
                        ") does not match the expected API "
                        "version (" +
                        t.group_version() + ") or kind " + kind + " is not " + t.kind);
  }

  net::HttpResponse create(const Route& r) {
    auto body = body_object(*r.type);
    check_kind(*r.type, body);
    admit_create(c_, *r.type, r.ns, body);
    auto obj = c_.objects().create(*r.type, r.ns, std::move(body), write_options());
    return object_response(201, *r.type, obj);
  }

  net::HttpResponse update(const Route& r) {
    auto body = body_object(*r.type);
    if (r.sub != "scale") check_kind(*r.type, body);
    auto obj = c_.objects().update(*r.type, r.ns, r.name, std::move(body), r.sub, write_options());
    if (r.sub == "scale") return json_response(200, Objects::scale_of(*r.type, *obj));
    return object_response(200, *r.type, obj);
  }

  net::HttpResponse patch(const Route& r) {
    std::string ct = req_.header("content-type");
    auto semi = ct.find(';');
    if (semi != std::string::npos) ct = ct.substr(0, semi);
    PatchType pt;
    if (ct == "application/merge-patch+json")
      pt = PatchType::Merge;
    else if (ct == "application/json-patch+json")
      pt = PatchType::Json;
    else if (ct == "application/strategic-merge-patch+json")
      pt = PatchType::Strategic;
    else if (ct == "application/apply-patch+yaml")
      pt = PatchType::Apply;
    else
      throw ApiError(415, "UnsupportedMediaType",
                     "the body of the request was in an unknown format - accepted media types "
                     "include: application/json-patch+json, application/merge-patch+json, "
                     "application/apply-patch+yaml, application/strategic-merge-patch+json");
    bool created = false;
    auto obj =
        c_.objects().patch(*r.type, r.ns, r.name, pt, req_.body, r.sub, write_options(), created);
    if (r.sub == "scale") return json_response(200, Objects::scale_of(*r.type, *obj));
    return object_response(created ? 201 : 200, *r.type, obj);
  }

  // DeleteOptions from the query and the body (the body wins, as in the real server).
  struct DeleteRequest {
    DeleteOptions opts;
  };
  DeleteRequest delete_options() {
    DeleteRequest d;
    std::string propagation = q_.get("propagationPolicy");
    d.opts.dry_run = dry_run_of(q_);
    d.opts.grace = query_int(q_.get("gracePeriodSeconds"));
    if (q_.get("orphanDependents") == "true") propagation = "Orphan";
    if (req_.body.find_first_not_of(" \r\n\t") != std::string::npos) {
      // client-go's typed clients send DeleteOptions as protobuf.
      json::value v =
          protobuf_body() ? json::value(protobuf_object(nullptr)) : parse_body(req_.body, true);
      if (v.is_object()) {
        const auto& o = v.as_object();
        if (auto p = str_at(o, "propagationPolicy"); !p.empty()) propagation = p;
        if (const auto* od = o.if_contains("orphanDependents");
            od && od->is_bool() && od->as_bool())
          propagation = "Orphan";
        if (const auto* d2 = arr_at(o, "dryRun"))
          for (const auto& x : *d2)
            if (x.is_string() && x.as_string() == "All") d.opts.dry_run = true;
        if (const auto* g = o.if_contains("gracePeriodSeconds"); g && g->is_int64())
          d.opts.grace = g->as_int64();
        if (const auto* pre = obj_at(o, "preconditions")) {
          d.opts.precondition_uid = str_at(*pre, "uid");
          d.opts.precondition_rv = str_at(*pre, "resourceVersion");
        }
      }
    }
    if (propagation.empty()) propagation = "Background";
    if (propagation != "Background" && propagation != "Foreground" && propagation != "Orphan")
      throw bad_request("propagationPolicy: Unsupported value: \"" + propagation + "\"");
    d.opts.propagation = propagation;
    return d;
  }

  net::HttpResponse remove(const Route& r) {
    auto d = delete_options();
    bool stays = false;
    auto obj = c_.objects().remove(*r.type, r.ns, r.name, d.opts, &stays);
    return json_response(200, delete_answer(*r.type, *obj, stays));
  }

  net::HttpResponse delete_collection(const Route& r) {
    // Namespaced kinds are deleted by collection per namespace only: the all-namespaces path
    // serves list and watch, as upstream.
    if (r.type->namespaced && r.ns.empty())
      throw ApiError(405, "MethodNotAllowed",
                     "the server does not allow this method on the requested resource");
    auto d = delete_options();
    auto page = c_.store().list(*r.type, r.ns, matcher(r), 0, "");
    std::string body = "{\"kind\":\"" + r.type->kind + "List\",\"apiVersion\":\"" +
                       r.type->group_version() + "\",\"metadata\":{},\"items\":[";
    bool first = true;
    for (const auto& o : page.items) {
      const auto& md = *obj_at(*o, "metadata");
      try {
        auto gone = c_.objects().remove(*r.type, str_at(md, "namespace"), str_at(md, "name"),
                                        d.opts, nullptr);
        body += (first ? "" : ",") + list_item_json(*r.type, *gone);
        first = false;
      } catch (const ApiError&) {
        // Deleted meanwhile.
      }
    }
    body += "]}";
    return json_response(200, body);
  }

  Cluster& c_;
  const net::HttpRequest& req_;
  std::string path_, accept_;
  Query q_;
  User user_;
  std::vector<std::string> warnings_;  // from validation, sent as Warning headers
};

}  // namespace

net::HttpResponse handle_api_request(Cluster& cluster, const net::HttpRequest& req) {
  Handler h(cluster, req);
  auto resp = h.run();
  gzip_if_large(resp, req.header("accept-encoding"));
  spdlog::debug("sim[{}] {} {} -> {}", cluster.name(), req.method,
                req.target.substr(0, req.target.find('?')), resp.status);
  int ms = cluster.faults().latency_ms.load();
  if (ms > 0 && !resp.upgrade) {
    // Injected latency without holding an I/O thread: the answer leaves after `ms`.
    Scheduler* sched = &cluster.scheduler();
    auto delay = std::chrono::milliseconds(ms);
    if (resp.stream) {
      auto inner = std::move(resp.stream);
      resp.stream = [sched, delay, inner](std::shared_ptr<net::StreamSink> sink) {
        sched->after(delay, [inner, sink] { inner(sink); });
      };
    } else {
      auto body = std::make_shared<std::string>(std::move(resp.body));
      resp.stream = [sched, delay, body](std::shared_ptr<net::StreamSink> sink) {
        sched->after(delay, [body, sink] {
          sink->write(*body);
          sink->close();
        });
      };
    }
  }
  return resp;
}

}  // namespace kubemcp::sim
