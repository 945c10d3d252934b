// The manifest parser reads what kubectl reads: YAML streams, JSON streams, List kinds,
// YAML 1.1 scalars; and refuses a bad document with its index and line.
#include "kube/manifest.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

using namespace kubemcp::kube;
namespace json = boost::json;

namespace {

std::string error_of(const std::string& text) {
  try {
    parse_manifests(text);
  } catch (const ManifestError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(Manifest, MultiDocumentYamlSkipsEmptyDocumentsAndKeepsLines) {
  const auto objs = parse_manifests(
      "---\n# only a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"
      "---   # separator with a comment\n\napiVersion: apps/v1\nkind: Deployment\n"
      "metadata: {name: web, namespace: shop}\n");
  ASSERT_EQ(objs.size(), 2u);
  EXPECT_EQ(objs[0].kind(), "ConfigMap");
  EXPECT_EQ(objs[0].document, 1u);
  EXPECT_EQ(objs[0].line, 4u);
  EXPECT_EQ(objs[1].api_version(), "apps/v1");
  EXPECT_EQ(objs[1].name(), "web");
  EXPECT_EQ(objs[1].namespace_(), "shop");
  EXPECT_EQ(objs[1].document, 2u);
  EXPECT_EQ(objs[1].line, 10u);
}

TEST(Manifest, ListKindsExpandIntoTheirItems) {
  const auto objs = parse_manifests(
      "apiVersion: v1\nkind: List\nitems:\n"
      "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: one}\n"
      "- apiVersion: v1\n  kind: Secret\n  metadata: {name: two}\n");
  ASSERT_EQ(objs.size(), 2u);
  EXPECT_EQ(objs[0].name(), "one");
  EXPECT_EQ(objs[1].kind(), "Secret");
  EXPECT_EQ(objs[1].line, 7u);
  // Any *List with items, as kubectl's resource builder flattens them.
  const auto cms = parse_manifests(
      R"({"apiVersion":"v1","kind":"ConfigMapList","items":[{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}]})");
  ASSERT_EQ(cms.size(), 1u);
  EXPECT_EQ(cms[0].name(), "x");
}

TEST(Manifest, JsonStreamOfObjects) {
  const auto objs = parse_manifests(
      "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"}}\n"
      "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"b\"},"
      "\"data\":{\"k\":\"v\"}}");
  ASSERT_EQ(objs.size(), 2u);
  EXPECT_EQ(objs[1].name(), "b");
  EXPECT_EQ(objs[1].line, 2u);
  EXPECT_EQ(objs[1].object.at("data").at("k"), "v");
}

TEST(Manifest, ScalarsResolveAsGoYamlV2) {
  const auto objs = parse_manifests(
      "apiVersion: v1\nkind: X\nmetadata: {name: s}\n"
      "spec:\n  octal: 0644\n  hex: 0x1F\n  dec: 42\n  neg: -7\n  float: 1.5\n"
      "  yes: yes\n  off: off\n  quoted: \"true\"\n  single: '0644'\n  nil: ~\n  word: hello\n"
      "  big: 18446744073709551615\n  version: 1.10.3\n");
  const auto& spec = objs.at(0).object.at("spec").as_object();
  EXPECT_EQ(spec.at("octal"), 420);
  EXPECT_EQ(spec.at("hex"), 31);
  EXPECT_EQ(spec.at("dec"), 42);
  EXPECT_EQ(spec.at("neg"), -7);
  EXPECT_EQ(spec.at("float"), 1.5);
  EXPECT_EQ(spec.at("yes"), true);
  EXPECT_EQ(spec.at("off"), false);
  EXPECT_EQ(spec.at("quoted"), "true");
  EXPECT_EQ(spec.at("single"), "0644");
  EXPECT_TRUE(spec.at("nil").is_null());
  EXPECT_EQ(spec.at("word"), "hello");
  EXPECT_EQ(spec.at("big").as_uint64(), 18446744073709551615ull);
  EXPECT_EQ(spec.at("version"), "1.10.3");
}

TEST(Manifest, BadYamlNamesTheDocumentAndTheLine) {
  const std::string e = error_of(
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\n"
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [broken\n");
  EXPECT_NE(e.find("manifest: document 2 (line "), std::string::npos) << e;
  EXPECT_NE(e.find("not valid YAML"), std::string::npos) << e;
  const std::string line = e.substr(e.find("(line ") + 6);
  EXPECT_GE(std::stoi(line), 8) << e;
}

TEST(Manifest, MissingKindApiVersionAndName) {
  EXPECT_NE(
      error_of("metadata: {name: a}\n")
          .find("document 1 (line 1): error validating data: [apiVersion not set, kind not set]"),
      std::string::npos);
  EXPECT_NE(error_of("apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: Pod\n")
                .find("document 1 (line 1): ConfigMap: metadata.name is required"),
            std::string::npos);
  EXPECT_NE(error_of("apiVersion: v1\nkind: Pod\nmetadata: {generateName: web-}\n")
                .find("cannot use generateName with apply"),
            std::string::npos);
  EXPECT_NE(error_of("apiVersion: v1\nkind: Pod\nmetadata: {name: a/b}\n").find("may not contain"),
            std::string::npos);
  EXPECT_NE(error_of("- a\n- b\n").find("a document must be an object"), std::string::npos);
  EXPECT_NE(error_of("apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: ../x}\n")
                .find("metadata.namespace: Invalid value: \"../x\": a lowercase RFC 1123 label"),
            std::string::npos);
  EXPECT_NE(error_of("apiVersion: v1\nkind: Namespace\nmetadata: {name: no}\n")
                .find("Namespace: metadata.name must be a string, not false (unquoted y, n, yes"),
            std::string::npos);
}

TEST(Manifest, BadListItemNamesItsLine) {
  const std::string e = error_of(
      "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n"
      "  metadata: {name: a}\n- kind: ConfigMap\n  metadata: {name: b}\n");
  EXPECT_NE(e.find("(line 7): List item 2: error validating data: [apiVersion not set]"),
            std::string::npos)
      << e;
}

TEST(Manifest, BadJsonNamesTheLine) {
  const std::string e = error_of(
      "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"}}\n"
      "{\"apiVersion\": \"v1\",\n \"kind\": }");
  EXPECT_NE(e.find("document 2 (line 3): not valid JSON"), std::string::npos) << e;
}

TEST(Manifest, AliasBombsAndInfinityAreRefused) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'i'; ++c, ++prev)
    bomb += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" +
            prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev +
            ", *" + prev + "]\n";
  EXPECT_NE(error_of("apiVersion: v1\nkind: X\nmetadata: {name: a}\n" + bomb).find("expands"),
            std::string::npos);
  EXPECT_NE(error_of("apiVersion: v1\nkind: X\nmetadata: {name: a}\nv: .inf\n")
                .find("cannot be represented in JSON"),
            std::string::npos);
}

TEST(Manifest, EmptyManifestHasNoObjects) {
  EXPECT_TRUE(parse_manifests("").empty());
  EXPECT_TRUE(parse_manifests("---\n# nothing\n---\n").empty());
}
