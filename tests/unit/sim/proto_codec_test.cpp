// The protobuf codec of the simulator: the wire format, the envelope, and JSON ↔ message
// through the generated field tables, including the Go rules for zero values.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "sim/proto_json.hpp"

using namespace kubemcp::sim::proto;
namespace json = boost::json;

static json::object J(const char* s) {
  return json::parse(s).as_object();
}

static std::string envelope(const std::string& api_version, const std::string& kind,
                            const std::string& raw) {
  Writer tm;
  tm.bytes(1, api_version);
  tm.bytes(2, kind);
  Writer u;
  u.bytes(1, tm.str());
  u.bytes(2, raw);
  return std::string("k8s\0", 4) + u.take();
}

TEST(ProtoWire, VarintAsTheSpecWritesIt) {
  Writer w;
  w.varint(1, 150);
  EXPECT_EQ(w.str(), std::string("\x08\x96\x01"));
  Reader r(w.str());
  auto tag = r.tag();
  EXPECT_EQ(tag.number, 1u);
  EXPECT_EQ(tag.type, WireType::Varint);
  EXPECT_EQ(r.varint(), 150u);
  EXPECT_TRUE(r.done());
}

TEST(ProtoWire, NegativeInt32IsTenBytes) {
  Writer w;
  w.varint(2, static_cast<uint64_t>(int64_t{-1}));
  EXPECT_EQ(w.str().size(), 11u);
  Reader r(w.str());
  r.tag();
  EXPECT_EQ(static_cast<int64_t>(r.varint()), -1);
}

TEST(ProtoWire, MalformedInputThrows) {
  const std::string truncated("\x08\x96", 2),
      short_len(
          "\x0a\x05"
          "ab",
          4),
      group("\x0b", 1), zero("\x00", 1), too_long(11, '\xff');
  {
    Reader r(truncated);
    r.tag();
    EXPECT_THROW(r.varint(), WireError);  // a truncated varint
  }
  {
    Reader r(short_len);  // length 5, 2 bytes left
    r.tag();
    EXPECT_THROW(r.bytes(), WireError);
  }
  EXPECT_THROW(Reader(group).tag(), WireError);  // wire type 3 (group)
  EXPECT_THROW(Reader(zero).tag(), WireError);   // field number 0
  Reader r(too_long);
  EXPECT_THROW(r.varint(), WireError);
}

TEST(ProtoSchema, FindsMessagesOfKinds) {
  ASSERT_NE(message_for("apps/v1", "Deployment"), nullptr);
  EXPECT_EQ(message_for("apps/v1", "Deployment")->name, "k8s.io.api.apps.v1.Deployment");
  EXPECT_EQ(message_for("v1", "ConfigMap")->name, "k8s.io.api.core.v1.ConfigMap");
  EXPECT_EQ(message_for("v1", "Status")->name, "k8s.io.apimachinery.pkg.apis.meta.v1.Status");
  EXPECT_EQ(message_for("authorization.k8s.io/v1", "SelfSubjectAccessReview")->name,
            "k8s.io.api.authorization.v1.SelfSubjectAccessReview");
  EXPECT_EQ(message_for("example.com/v1", "Widget"), nullptr);
  EXPECT_EQ(message_for("v1", "ObjectMeta"), nullptr);
  const auto* spec = find_message("k8s.io.api.apps.v1.DeploymentSpec");
  ASSERT_NE(spec, nullptr);
  EXPECT_STREQ(spec->by_number(1)->json, "replicas");
  EXPECT_TRUE(spec->by_number(1)->pointer);
  EXPECT_EQ(spec->by_number(8), nullptr);  // 8 is reserved upstream (rollbackTo)
}

TEST(ProtoJson, DecodesAConfigMapAsKubectlSendsIt) {
  Writer md;
  md.bytes(1, "settings");
  md.bytes(2, "");  // Go writes every non-pointer field, empty or not
  md.bytes(3, "");
  md.varint(7, 0);
  md.bytes(8, "");  // the zero Time
  Writer entry;
  entry.bytes(1, "mode");
  entry.bytes(2, "fast");
  Writer cm;
  cm.bytes(1, md.str());
  cm.bytes(2, entry.str());
  auto obj = decode_body(envelope("v1", "ConfigMap", cm.str()));
  EXPECT_EQ(obj, J(R"({"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"settings"},
                        "data":{"mode":"fast"}})"));
}

TEST(ProtoJson, ZeroValuesFollowGoOmitempty) {
  Writer spec;
  spec.varint(1, 0);  // replicas: *int32, a sent 0 is kept
  spec.varint(5, 0);  // minReadySeconds: int32 omitempty, 0 is left out
  spec.varint(7, 0);  // paused: bool omitempty
  Writer d;
  d.bytes(2, spec.str());
  auto obj = decode_body(envelope("apps/v1", "Deployment", d.str()));
  EXPECT_EQ(obj.at("spec"), J(R"({"replicas":0})"));
}

TEST(ProtoJson, SpecialTypesAndInlinedStructs) {
  auto in = J(R"({"kind":"Deployment","apiVersion":"apps/v1",
    "metadata":{"name":"web","namespace":"default","labels":{"app":"web"},
                "creationTimestamp":"2026-11-30T12:00:05Z"},
    "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
      "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":1}},
      "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx",
        "image":"nginx","ports":[{"containerPort":80,"protocol":"TCP"}],
        "resources":{"limits":{"cpu":"500m","memory":"128Mi"}},
        "readinessProbe":{"httpGet":{"path":"/","port":"http"},"periodSeconds":5}}]}}}})");
  auto body = encode_body(in);
  ASSERT_TRUE(body);
  EXPECT_EQ(body->substr(0, 4), std::string("k8s\0", 4));
  EXPECT_EQ(decode_body(*body), in);
}

TEST(ProtoJson, SecretBytesAreBase64InJson) {
  auto in = J(R"({"kind":"Secret","apiVersion":"v1","metadata":{"name":"s"},
                  "data":{"password":"aHVudGVyMg=="},"type":"Opaque"})");
  auto body = encode_body(in);
  ASSERT_TRUE(body);
  EXPECT_NE(body->find("hunter2"), std::string::npos);  // raw bytes on the wire
  EXPECT_EQ(decode_body(*body), in);
}

TEST(ProtoJson, ReviewsAndStatusRoundTrip) {
  auto ssar = J(R"({"kind":"SelfSubjectAccessReview","apiVersion":"authorization.k8s.io/v1",
    "metadata":{},"spec":{"resourceAttributes":{"namespace":"shop","verb":"get",
    "resource":"pods"}},"status":{"allowed":true,"reason":"member of system:masters"}})");
  EXPECT_EQ(decode_body(*encode_body(ssar)), ssar);
  auto ssr = J(R"({"kind":"SelfSubjectReview","apiVersion":"authentication.k8s.io/v1",
    "metadata":{},"status":{"userInfo":{"username":"u","groups":["g","system:authenticated"],
    "extra":{"k":["v1","v2"]}}}})");
  EXPECT_EQ(decode_body(*encode_body(ssr)), ssr);
  auto status = J(R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
    "message":"m","reason":"NotFound","details":{"name":"x","kind":"pods"},"code":404})");
  EXPECT_EQ(decode_body(*encode_body(status)), status);
}

TEST(ProtoJson, UnknownFieldsAreSkipped) {
  Writer md;
  md.bytes(1, "n");
  md.varint(999, 7);  // a field from a newer release
  md.fixed32(998, 1);
  md.fixed64(997, 1);
  Writer ns;
  ns.bytes(1, md.str());
  ns.bytes(500, "future");
  EXPECT_EQ(decode_body(envelope("v1", "Namespace", ns.str())),
            J(R"({"kind":"Namespace","apiVersion":"v1","metadata":{"name":"n"}})"));
}

TEST(ProtoJson, CustomKindsAndBadEnvelopesAreRefused) {
  EXPECT_FALSE(encode_body(J(R"({"kind":"Widget","apiVersion":"example.com/v1"})")));
  EXPECT_THROW(decode_body("{\"kind\":\"Pod\"}"), WireError);
  EXPECT_THROW(decode_body(envelope("example.com/v1", "Widget", "")), std::invalid_argument);
  EXPECT_THROW(decode_body(envelope("", "", "")), WireError);
  Writer cm;
  cm.varint(1, 5);  // metadata with the wire type of a number
  EXPECT_THROW(decode_body(envelope("v1", "ConfigMap", cm.str())), WireError);
}

TEST(ProtoJson, EveryTruncationOfABodyFailsCleanly) {
  auto body = *encode_body(J(R"({"kind":"Pod","apiVersion":"v1","metadata":{"name":"p",
    "labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"busybox",
    "command":["sh","-c","sleep 1"],"ports":[{"containerPort":8080}]}]}})"));
  for (std::size_t n = 0; n < body.size(); ++n) {
    try {
      decode_body(body.substr(0, n));
    } catch (const WireError&) {
    } catch (const std::invalid_argument&) {
    }
  }
  SUCCEED();
}

// The bytes kubectl 1.32 sent for `kubectl create deployment web3 --image=nginx --replicas=0
// --port=8080` (from its -v=9 log): Go writes every non-pointer field, empty or not.
static const char kKubectlDeployment[] =
    "\x6b\x38\x73\x00\x0a\x15\x0a\x07\x61\x70\x70\x73\x2f\x76\x31\x12\x0a\x44\x65\x70\x6c\x6f\x79"
    "\x6d"
    "\x65\x6e\x74\x12\xbd\x01\x0a\x21\x0a\x04\x77\x65\x62\x33\x12\x00\x1a\x00\x22\x00\x2a\x00\x32"
    "\x00"
    "\x38\x00\x42\x00\x5a\x0b\x0a\x03\x61\x70\x70\x12\x04\x77\x65\x62\x33\x12\x89\x01\x08\x00\x12"
    "\x0d"
    "\x0a\x0b\x0a\x03\x61\x70\x70\x12\x04\x77\x65\x62\x33\x1a\x6e\x0a\x1d\x0a\x00\x12\x00\x1a\x00"
    "\x22"
    "\x00\x2a\x00\x32\x00\x38\x00\x42\x00\x5a\x0b\x0a\x03\x61\x70\x70\x12\x04\x77\x65\x62\x33\x12"
    "\x4d"
    "\x12\x2f\x0a\x05\x6e\x67\x69\x6e\x78\x12\x05\x6e\x67\x69\x6e\x78\x2a\x00\x32\x0b\x0a\x00\x10"
    "\x00"
    "\x18\x90\x3f\x22\x00\x2a\x00\x42\x00\x6a\x00\x72\x00\x80\x01\x00\x88\x01\x00\x90\x01\x00\xa2"
    "\x01"
    "\x00\x1a\x00\x32\x00\x42\x00\x4a\x00\x52\x00\x58\x00\x60\x00\x68\x00\x82\x01\x00\x8a\x01\x00"
    "\x9a"
    "\x01\x00\xc2\x01\x00\x22\x02\x0a\x00\x28\x00\x38\x00\x1a\x0c\x08\x00\x10\x00\x18\x00\x20\x00"
    "\x28"
    "\x00\x38\x00\x1a\x00\x22\x00";

TEST(ProtoJson, DecodesWhatKubectlSends) {
  auto obj = decode_body(std::string(kKubectlDeployment, sizeof kKubectlDeployment - 1));
  EXPECT_EQ(obj, J(R"({"kind":"Deployment","apiVersion":"apps/v1",
    "metadata":{"name":"web3","labels":{"app":"web3"}},
    "spec":{"replicas":0,"selector":{"matchLabels":{"app":"web3"}},
      "template":{"metadata":{"labels":{"app":"web3"}},"spec":{"containers":[{"name":"nginx",
        "image":"nginx","ports":[{"containerPort":8080}],"resources":{}}]}},
      "strategy":{}},
    "status":{}})"))
      << json::serialize(obj);
}
