// The protobuf codec of the simulator: the wire format, the envelope, and JSON ↔ message
// through the generated field tables, including the Go rules for zero values.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "sim/proto_json.hpp"

using namespace kubemcp::sim::proto;
namespace json = boost::json;

static json::object J(const char* s) { return json::parse(s).as_object(); }

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
  {
    Reader r(std::string("\x08\x96", 2));
    r.tag();
    EXPECT_THROW(r.varint(), WireError);  // a truncated varint
  }
  {
    Reader r(std::string("\x0a\x05" "ab", 4));  // length 5, 2 bytes left
    r.tag();
    EXPECT_THROW(r.bytes(), WireError);
  }
  EXPECT_THROW(Reader(std::string("\x0b", 1)).tag(), WireError);  // wire type 3 (group)
  EXPECT_THROW(Reader(std::string("\x00", 1)).tag(), WireError);  // field number 0
  Reader r(std::string(11, '\xff'));
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
  md.varint(999, 7);    // a field from a newer release
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
