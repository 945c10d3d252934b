#include "sim/proto_json.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <ctime>
#include <stdexcept>
#include <vector>

#include "net/base64.hpp"
#include "net/rfc3339.hpp"

namespace kubemcp::sim::proto {
namespace json = boost::json;

namespace {

constexpr int kMaxDepth = 64;  // nesting of messages; the deepest built-in kind needs ~15
constexpr std::string_view kMagic{"k8s\0", 4};

// Types whose Go code marshals them by hand instead of as their generated message.
enum class Special { None, Time, MicroTime, IntOrString, Quantity, Raw, StringList };

Special special_of(std::string_view type) {
  static const std::pair<std::string_view, Special> table[] = {
      {"k8s.io.apimachinery.pkg.apis.meta.v1.Time", Special::Time},
      {"k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime", Special::MicroTime},
      {"k8s.io.apimachinery.pkg.util.intstr.IntOrString", Special::IntOrString},
      {"k8s.io.apimachinery.pkg.api.resource.Quantity", Special::Quantity},
      {"k8s.io.apimachinery.pkg.runtime.RawExtension", Special::Raw},
      {"k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1", Special::Raw},
      {"k8s.io.api.authentication.v1.ExtraValue", Special::StringList},
      {"k8s.io.api.authorization.v1.ExtraValue", Special::StringList},
      {"k8s.io.apimachinery.pkg.apis.meta.v1.Verbs", Special::StringList},
  };
  for (const auto& [name, s] : table)
    if (name == type) return s;
  return Special::None;
}

bool is_scalar(std::string_view t) {
  return t == "string" || t == "bytes" || t == "bool" || t == "int32" || t == "int64";
}

const Message& message_of(std::string_view type) {
  const auto* m = find_message(type);
  if (!m) throw WireError("no field table for " + std::string(type));
  return *m;
}

void expect(WireType got, WireType want, const FieldRow& f) {
  if (got != want)
    throw WireError("field " + std::to_string(f.number) + " (" + f.json + ") of " + f.message +
                    " has wire type " + std::to_string(static_cast<int>(got)) + ", expected " +
                    std::to_string(static_cast<int>(want)));
}

std::string format_time(int64_t seconds, int micros) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (!gmtime_r(&t, &tm)) throw WireError("timestamp out of range");
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out = buf;
  if (micros >= 0) {
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%06d", micros);
    out += frac;
  }
  return out + "Z";
}

// --- decoding ---------------------------------------------------------------------------

void decode_into(const Message& m, std::string_view bytes, json::object& out, int depth);

json::value decode_special(Special s, std::string_view bytes) {
  Reader r(bytes);
  switch (s) {
    case Special::Time:
    case Special::MicroTime: {
      if (bytes.empty()) return nullptr;  // the zero time
      int64_t seconds = 0;
      int64_t nanos = 0;
      while (!r.done()) {
        auto tag = r.tag();
        if (tag.number == 1 && tag.type == WireType::Varint)
          seconds = static_cast<int64_t>(r.varint());
        else if (tag.number == 2 && tag.type == WireType::Varint)
          nanos = static_cast<int32_t>(r.varint());
        else
          r.skip(tag.type);
      }
      // Time keeps whole seconds only, as metav1.Time's Unmarshal does.
      int micros = s == Special::MicroTime
                       ? static_cast<int>(std::clamp<int64_t>(nanos, 0, 999999999) / 1000)
                       : -1;
      return json::value(format_time(seconds, micros));
    }
    case Special::IntOrString: {
      int64_t type = 0, int_val = 0;
      std::string str_val;
      while (!r.done()) {
        auto tag = r.tag();
        if (tag.number == 1 && tag.type == WireType::Varint)
          type = static_cast<int64_t>(r.varint());
        else if (tag.number == 2 && tag.type == WireType::Varint)
          int_val = static_cast<int32_t>(r.varint());
        else if (tag.number == 3 && tag.type == WireType::Len)
          str_val = std::string(r.bytes());
        else
          r.skip(tag.type);
      }
      return type == 1 ? json::value(str_val) : json::value(int_val);
    }
    case Special::Quantity: {
      std::string q;
      while (!r.done()) {
        auto tag = r.tag();
        if (tag.number == 1 && tag.type == WireType::Len)
          q = std::string(r.bytes());
        else
          r.skip(tag.type);
      }
      return json::value(q);
    }
    case Special::Raw: {
      std::string_view raw;
      while (!r.done()) {
        auto tag = r.tag();
        if (tag.number == 1 && tag.type == WireType::Len)
          raw = r.bytes();
        else
          r.skip(tag.type);
      }
      if (raw.empty()) return nullptr;
      boost::system::error_code ec;
      auto v = json::parse(raw, ec);
      if (ec) throw WireError("an embedded object (RawExtension) is not JSON");
      return v;
    }
    case Special::StringList: {
      json::array items;
      while (!r.done()) {
        auto tag = r.tag();
        if (tag.number == 1 && tag.type == WireType::Len)
          items.emplace_back(std::string(r.bytes()));
        else
          r.skip(tag.type);
      }
      return items;
    }
    case Special::None:
      break;
  }
  return nullptr;
}

json::value decode_scalar(std::string_view type, Reader& r, WireType wt, const FieldRow& f) {
  if (type == "string" || type == "bytes") {
    expect(wt, WireType::Len, f);
    auto b = r.bytes();
    return type == "string" ? json::value(std::string(b)) : json::value(net::base64_encode(b));
  }
  expect(wt, WireType::Varint, f);
  uint64_t v = r.varint();
  if (type == "bool") return json::value(v != 0);
  if (type == "int32") return json::value(static_cast<int64_t>(static_cast<int32_t>(v)));
  return json::value(static_cast<int64_t>(v));
}

// One value of `type` (a scalar or a message) at the reader.
json::value decode_value(std::string_view type, Reader& r, WireType wt, const FieldRow& f,
                         int depth) {
  if (is_scalar(type)) return decode_scalar(type, r, wt, f);
  expect(wt, WireType::Len, f);
  auto bytes = r.bytes();
  if (auto s = special_of(type); s != Special::None) return decode_special(s, bytes);
  json::object nested;
  decode_into(message_of(type), bytes, nested, depth + 1);
  return nested;
}

json::value zero_of(std::string_view type) {
  if (type == "string" || type == "bytes") return json::value("");
  if (type == "bool") return json::value(false);
  if (is_scalar(type)) return json::value(0);
  return json::object{};
}

void decode_map_entry(const FieldRow& f, std::string_view entry, json::object& map, int depth) {
  Reader r(entry);
  std::string key;
  std::optional<json::value> value;
  while (!r.done()) {
    auto tag = r.tag();
    if (tag.number == 1) {
      expect(tag.type, WireType::Len, f);
      key = std::string(r.bytes());
    } else if (tag.number == 2) {
      value = decode_value(f.type, r, tag.type, f, depth);
    } else {
      r.skip(tag.type);
    }
  }
  map[key] = value ? std::move(*value) : zero_of(f.type);
}

bool is_zero(const json::value& v, const FieldRow& f) {
  switch (v.kind()) {
    case json::kind::null:
      return true;
    case json::kind::bool_:
      return !v.as_bool();
    case json::kind::int64:
      return v.as_int64() == 0;
    case json::kind::uint64:
      return v.as_uint64() == 0;
    case json::kind::string:
      return v.as_string().empty();
    case json::kind::array:
      return v.as_array().empty();
    case json::kind::object:  // a Go struct is never empty; a map is
      return f.label == Label::Map && v.as_object().empty();
    default:
      return false;
  }
}

void decode_field(const FieldRow& f, Reader& r, WireType wt, json::object& out, int depth) {
  if (f.label == Label::Map) {
    expect(wt, WireType::Len, f);
    auto entry = r.bytes();
    auto& slot = out[f.json];
    if (!slot.is_object()) slot = json::object{};
    decode_map_entry(f, entry, slot.as_object(), depth);
    return;
  }
  if (f.label == Label::Repeated) {
    auto& slot = out[f.json];
    if (!slot.is_array()) slot = json::array{};
    auto& arr = slot.as_array();
    bool packed = wt == WireType::Len && is_scalar(f.type) &&
                  std::string_view(f.type) != "string" && std::string_view(f.type) != "bytes";
    if (!packed) {
      arr.push_back(decode_value(f.type, r, wt, f, depth));
      return;
    }
    Reader p(r.bytes());
    while (!p.done()) arr.push_back(decode_scalar(f.type, p, WireType::Varint, f));
    return;
  }
  if (*f.json == '\0') {  // an embedded struct: its fields are the parent's in JSON
    expect(wt, WireType::Len, f);
    decode_into(message_of(f.type), r.bytes(), out, depth + 1);
    return;
  }
  out[f.json] = decode_value(f.type, r, wt, f, depth);
}

void decode_into(const Message& m, std::string_view bytes, json::object& out, int depth) {
  if (depth > kMaxDepth)
    throw WireError("messages nested deeper than " + std::to_string(kMaxDepth));
  Reader r(bytes);
  while (!r.done()) {
    auto tag = r.tag();
    const auto* f = m.by_number(tag.number);
    if (!f || std::string_view(f->json) == "-") {
      r.skip(tag.type);  // a field newer than our tables: ignored, as Go's decoder does
      continue;
    }
    decode_field(*f, r, tag.type, out, depth);
  }
  for (const auto* f : m.fields) {
    if (!f->omitempty || f->pointer || *f->json == '\0') continue;
    auto it = out.find(f->json);
    if (it != out.end() && is_zero(it->value(), *f)) out.erase(it);
  }
}

// --- encoding ---------------------------------------------------------------------------

void encode_into(const Message& m, const json::object& o, Writer& w, int depth);

std::optional<std::string> encode_special(Special s, const json::value& v) {
  Writer w;
  switch (s) {
    case Special::Time:
    case Special::MicroTime: {
      if (!v.is_string()) return std::nullopt;
      auto tp = net::parse_rfc3339(v.as_string());
      if (!tp) return std::nullopt;
      auto ns =
          std::chrono::duration_cast<std::chrono::nanoseconds>(tp->time_since_epoch()).count();
      int64_t seconds = ns / 1000000000, nanos = ns % 1000000000;
      if (nanos < 0) {
        nanos += 1000000000;
        --seconds;
      }
      w.varint(1, static_cast<uint64_t>(seconds));
      if (s == Special::MicroTime) w.varint(2, static_cast<uint64_t>(nanos / 1000 * 1000));
      break;
    }
    case Special::IntOrString:
      if (v.is_string()) {
        w.varint(1, 1);
        w.varint(2, 0);
        w.bytes(3, v.as_string());
      } else if (v.is_int64()) {
        w.varint(1, 0);
        w.varint(2, static_cast<uint64_t>(v.as_int64()));
        w.bytes(3, "");
      } else {
        return std::nullopt;
      }
      break;
    case Special::Quantity:
      if (v.is_string())
        w.bytes(1, v.as_string());
      else if (v.is_number())
        w.bytes(1, json::serialize(v));
      else
        return std::nullopt;
      break;
    case Special::Raw:
      w.bytes(1, json::serialize(v));
      break;
    case Special::StringList:
      if (!v.is_array()) return std::nullopt;
      for (const auto& x : v.as_array())
        if (x.is_string()) w.bytes(1, x.as_string());
      break;
    case Special::None:
      return std::nullopt;
  }
  return w.take();
}

void encode_value(Writer& w, uint32_t number, std::string_view type, const json::value& v,
                  int depth) {
  if (type == "string") {
    if (v.is_string()) w.bytes(number, v.as_string());
  } else if (type == "bytes") {
    if (!v.is_string()) return;
    if (auto b = net::base64_decode(v.as_string())) w.bytes(number, *b);
  } else if (type == "bool") {
    if (v.is_bool()) w.varint(number, v.as_bool() ? 1 : 0);
  } else if (is_scalar(type)) {
    if (v.is_int64()) w.varint(number, static_cast<uint64_t>(v.as_int64()));
    if (v.is_uint64()) w.varint(number, v.as_uint64());
    if (v.is_double()) w.varint(number, static_cast<uint64_t>(static_cast<int64_t>(v.as_double())));
  } else if (auto s = special_of(type); s != Special::None) {
    if (auto bytes = encode_special(s, v)) w.bytes(number, *bytes);
  } else if (v.is_object()) {
    Writer sub;
    encode_into(message_of(type), v.as_object(), sub, depth + 1);
    w.bytes(number, sub.str());
  }
}

void encode_into(const Message& m, const json::object& o, Writer& w, int depth) {
  if (depth > kMaxDepth) throw WireError("objects nested deeper than " + std::to_string(kMaxDepth));
  for (const auto* f : m.fields) {
    std::string_view name = f->json;
    if (name == "-") continue;
    if (name.empty()) {  // an embedded struct takes its fields from this same object
      Writer sub;
      encode_into(message_of(f->type), o, sub, depth + 1);
      w.bytes(f->number, sub.str());
      continue;
    }
    const auto* v = o.if_contains(name);
    if (!v || v->is_null()) continue;
    if (f->label == Label::Map && v->is_object()) {
      // Go writes map entries in key order.
      std::vector<const json::key_value_pair*> entries;
      for (const auto& kv : v->as_object()) entries.push_back(&kv);
      std::sort(entries.begin(), entries.end(),
                [](const auto* a, const auto* b) { return a->key() < b->key(); });
      for (const auto* kv : entries) {
        Writer e;
        e.bytes(1, kv->key());
        encode_value(e, 2, f->type, kv->value(), depth);
        w.bytes(f->number, e.str());
      }
    } else if (f->label == Label::Repeated && v->is_array()) {
      for (const auto& x : v->as_array()) encode_value(w, f->number, f->type, x, depth);
    } else if (f->label == Label::Optional) {
      encode_value(w, f->number, f->type, *v, depth);
    }
  }
}

std::string str_of(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

json::object decode_message(const Message& message, std::string_view bytes) {
  json::object out;
  decode_into(message, bytes, out, 0);
  return out;
}

std::string encode_message(const Message& message, const json::object& object) {
  Writer w;
  encode_into(message, object, w, 0);
  return w.take();
}

json::object decode_body(std::string_view body) {
  if (body.size() < kMagic.size() || body.substr(0, kMagic.size()) != kMagic)
    throw WireError("the body does not start with the Kubernetes protobuf prefix k8s\\0");
  Reader r(body.substr(kMagic.size()));
  std::string api_version, kind, encoding;
  std::string_view raw;
  while (!r.done()) {
    auto tag = r.tag();
    if (tag.number == 1 && tag.type == WireType::Len) {
      Reader tm(r.bytes());
      while (!tm.done()) {
        auto t = tm.tag();
        if (t.number == 1 && t.type == WireType::Len)
          api_version = std::string(tm.bytes());
        else if (t.number == 2 && t.type == WireType::Len)
          kind = std::string(tm.bytes());
        else
          tm.skip(t.type);
      }
    } else if (tag.number == 2 && tag.type == WireType::Len) {
      raw = r.bytes();
    } else if (tag.number == 3 && tag.type == WireType::Len) {
      encoding = std::string(r.bytes());
    } else {
      r.skip(tag.type);
    }
  }
  if (!encoding.empty())
    throw WireError("unsupported contentEncoding \"" + encoding + "\" in the protobuf envelope");
  if (kind.empty() || api_version.empty())
    throw WireError("the protobuf envelope names no apiVersion and kind");
  const auto* m = message_for(api_version, kind);
  if (!m)
    throw std::invalid_argument("no protobuf message for " + api_version + ", Kind=" + kind +
                                " in this simulator; send it as application/json");
  json::object out{{"kind", kind}, {"apiVersion", api_version}};
  decode_into(*m, raw, out, 0);
  return out;
}

std::optional<std::string> encode_body(const json::object& object) {
  std::string api_version = str_of(object, "apiVersion"), kind = str_of(object, "kind");
  const auto* m = message_for(api_version, kind);
  if (!m) return std::nullopt;
  Writer type_meta;
  type_meta.bytes(1, api_version);
  type_meta.bytes(2, kind);
  Writer unknown;
  unknown.bytes(1, type_meta.str());
  unknown.bytes(2, encode_message(*m, object));
  unknown.bytes(3, "");
  unknown.bytes(4, "");
  return std::string(kMagic) + unknown.take();
}

}  // namespace kubemcp::sim::proto
