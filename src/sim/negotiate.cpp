#include "sim/negotiate.hpp"

#include <yaml-cpp/yaml.h>
#include <zlib.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <optional>
#include <stdexcept>
#include <vector>

#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t");
  auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == sep)
      out.emplace_back();
    else
      out.back() += c;
  }
  return out;
}

// What a clause's "as" asks for, per endpoint (the targetEncodingRestrictions of the REST
// handlers: Tables everywhere, PartialObjectMetadata for objects and watch events,
// PartialObjectMetadataList for lists and watches).
std::optional<Form> target(const std::string& as, Endpoint e) {
  if (as == "Table") return Form::Table;
  if (as == "PartialObjectMetadata" && e != Endpoint::List) return Form::Metadata;
  if (as == "PartialObjectMetadataList" && e != Endpoint::Object) return Form::Metadata;
  return std::nullopt;
}

std::optional<MediaChoice> clause(const std::string& text, Endpoint e) {
  auto parts = split(text, ';');
  std::string type = trim(parts[0]);
  for (auto& ch : type) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  std::map<std::string, std::string> params;
  for (size_t i = 1; i < parts.size(); ++i) {
    auto kv = trim(parts[i]);
    auto eq = kv.find('=');
    if (eq != std::string::npos) params[trim(kv.substr(0, eq))] = trim(kv.substr(eq + 1));
  }
  bool json_like = type == "application/json" || type == "*/*" || type == "application/*";
  if (!json_like && type != "application/yaml") return std::nullopt;
  if (type == "application/yaml" && e == Endpoint::Watch) return std::nullopt;  // no YAML stream
  if (!params.count("as")) {
    if (type == "application/yaml") return MediaChoice{Form::Yaml, "application/yaml"};
    return MediaChoice{};
  }
  // A transformed answer is JSON only here, from meta.k8s.io v1 (and v1beta1 for Tables).
  const std::string& v = params["v"];
  if (type != "application/json" || params["g"] != "meta.k8s.io") return std::nullopt;
  auto form = target(params["as"], e);
  if (!form || (v != "v1" && !(v == "v1beta1" && *form == Form::Table))) return std::nullopt;
  return MediaChoice{*form, "application/json;as=" + params["as"] + ";v=" + v + ";g=meta.k8s.io"};
}

// Strings a YAML reader would take for another type ("3", "true", "null", "") are quoted,
// as sigs.k8s.io/yaml writes them.
bool ambiguous(std::string_view s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return true;
  static const char* words[] = {"true", "false", "True", "False", "TRUE", "FALSE",
                                "yes",  "no",    "Yes",  "No",    "YES",  "NO",
                                "on",   "off",   "On",   "Off",   "y",    "n"};
  for (const char* w : words)
    if (s == w) return true;
  try {
    size_t used = 0;
    std::stod(std::string(s), &used);
    return used == s.size();
  } catch (const std::exception&) {
    return false;
  }
}

void emit(YAML::Emitter& out, const json::value& v) {
  switch (v.kind()) {
    case json::kind::object: {
      // Keys sorted, as sigs.k8s.io/yaml writes them (JSON decoded into a map).
      std::vector<const json::key_value_pair*> kvs;
      for (const auto& kv : v.as_object()) kvs.push_back(&kv);
      std::sort(kvs.begin(), kvs.end(),
                [](const auto* a, const auto* b) { return a->key() < b->key(); });
      out << YAML::BeginMap;
      for (const auto* kv : kvs) {
        out << YAML::Key << std::string(kv->key()) << YAML::Value;
        emit(out, kv->value());
      }
      out << YAML::EndMap;
      return;
    }
    case json::kind::array:
      out << YAML::BeginSeq;
      for (const auto& x : v.as_array()) emit(out, x);
      out << YAML::EndSeq;
      return;
    case json::kind::string: {
      std::string s(v.as_string());
      if (ambiguous(s)) out << YAML::DoubleQuoted;
      out << s;
      return;
    }
    case json::kind::null:
      out << YAML::Null;
      return;
    default:
      out << json::serialize(v);  // numbers and booleans as JSON writes them
  }
}

}  // namespace

MediaChoice negotiate(const std::string& accept, Endpoint endpoint) {
  if (trim(accept).empty()) return {};
  bool protobuf = false;
  for (const auto& c : split(accept, ',')) {
    if (auto m = clause(c, endpoint)) return *m;
    protobuf = protobuf || trim(c).starts_with("application/vnd.kubernetes.protobuf");
  }
  // Protobuf answers are transcoded from JSON after the fact (api_handler.cpp); what has no
  // protobuf form goes out as JSON, which client-go decodes by the Content-Type.
  if (protobuf) return {};
  throw ApiError(406, "NotAcceptable",
                 "only the following media types are accepted: application/json, "
                 "application/yaml, application/vnd.kubernetes.protobuf");
}

bool prefers_protobuf(const std::string& accept) {
  for (const auto& c : split(accept, ',')) {
    auto parts = split(c, ';');
    std::string type = trim(parts[0]);
    if (type.empty()) continue;
    if (type == "application/vnd.kubernetes.protobuf") {
      bool transformed = false;  // as=Table and friends: answered in JSON here
      for (size_t i = 1; i < parts.size(); ++i) transformed |= trim(parts[i]).starts_with("as=");
      if (!transformed) return true;
      continue;
    }
    return false;
  }
  return false;
}

json::object partial_metadata(const json::object& object) {
  json::object out{{"kind", "PartialObjectMetadata"}, {"apiVersion", "meta.k8s.io/v1"}};
  const auto* md = obj_at(object, "metadata");
  out["metadata"] = md ? *md : json::object{};
  return out;
}

std::string to_yaml(const json::value& value) {
  YAML::Emitter out;
  emit(out, value);
  return std::string(out.c_str()) + "\n";
}

void gzip_if_large(net::HttpResponse& r, const std::string& accept_encoding) {
  constexpr size_t kThreshold = 128 * 1024;
  if (r.stream || r.upgrade || r.body.size() < kThreshold) return;
  if (accept_encoding.find("gzip") == std::string::npos) return;
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return;
  std::string out(deflateBound(&zs, r.body.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(r.body.data());
  zs.avail_in = static_cast<uInt>(r.body.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return;
  r.body = std::move(out);
  r.headers.emplace_back("Content-Encoding", "gzip");
  r.headers.emplace_back("Vary", "Accept-Encoding");
}

}  // namespace kubemcp::sim
