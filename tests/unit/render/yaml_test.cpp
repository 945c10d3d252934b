#include "render/yaml.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <thread>

#include "net/json_limits.hpp"

using kubemcp::render::to_yaml;
namespace json = boost::json;

TEST(Yaml, PrintsLikeKubectl) {
  const auto v = json::parse(R"({
    "kind": "Deployment", "apiVersion": "apps/v1",
    "metadata": {"name": "web", "labels": {"app": "web"}, "annotations": {}},
    "spec": {"replicas": 3, "template": {"spec": {"containers": [
      {"name": "web", "image": "nginx:1.25", "ports": [{"containerPort": 80}], "args": []}]}}},
    "status": {"ready": true, "ratio": 0.5, "x": null}
  })");
  EXPECT_EQ(to_yaml(v),
            "apiVersion: apps/v1\n"
            "kind: Deployment\n"
            "metadata:\n"
            "  annotations: {}\n"
            "  labels:\n"
            "    app: web\n"
            "  name: web\n"
            "spec:\n"
            "  replicas: 3\n"
            "  template:\n"
            "    spec:\n"
            "      containers:\n"
            "      - args: []\n"
            "        image: nginx:1.25\n"
            "        name: web\n"
            "        ports:\n"
            "        - containerPort: 80\n"
            "status:\n"
            "  ratio: 0.5\n"
            "  ready: true\n"
            "  x: null\n");
}

TEST(Yaml, QuotesStringsThatWouldReadBackAsSomethingElse) {
  const auto v = json::parse(
      R"({"a":"true","b":"123","c":"","d":"a: b","e":"it's","f":"-","g":"-x","h":"1.5","i":"yes",)"
      R"("j":"*ref","k":"x #y","l":"2026-11-14T07:12:45Z","m":"7e67052d-7c9f-40ff","q":"1e3","o":"0x1F"})");
  EXPECT_EQ(
      to_yaml(v),
      "a: \"true\"\nb: \"123\"\nc: \"\"\nd: \"a: b\"\ne: it's\nf: \"-\"\ng: -x\nh: \"1.5\"\ni: "
      "\"yes\"\n"
      "j: \"*ref\"\nk: \"x #y\"\nl: \"2026-11-14T07:12:45Z\"\nm: 7e67052d-7c9f-40ff\no: \"0x1F\"\n"
      "q: \"1e3\"\n");
}

TEST(Yaml, MultiLineStringsBecomeLiteralBlocks) {
  const auto v = json::parse(R"({"script":"echo hi\necho there\n","noeol":"a\nb"})");
  EXPECT_EQ(to_yaml(v), "noeol: |-\n  a\n  b\nscript: |\n  echo hi\n  echo there\n");
}

TEST(Yaml, ControlCharactersAreEscaped) {
  const auto v = json::parse(R"({"bell":"a\u0007b"})");
  EXPECT_EQ(to_yaml(v), "bell: \"a\\x07b\"\n");
}

TEST(Yaml, NestedListsAndScalars) {
  EXPECT_EQ(to_yaml(json::parse(R"([[1,2],"x",{}])")), "- - 1\n  - 2\n- x\n- {}\n");
  EXPECT_EQ(to_yaml(json::parse(R"({})")), "{}\n");
}

namespace {
// {"a":{"a":...{"a":[[...[1]...]]}}}: `maps` objects around `lists` arrays (parsed: building
// it by nesting values would copy each level again).
json::value nested(int maps, int lists) {
  std::string text;
  for (int i = 0; i < maps; ++i) text += "{\"a\":";
  text += std::string(lists, '[') + "1" + std::string(lists, ']') + std::string(maps, '}');
  return kubemcp::net::parse_kube_json(text);
}
}  // namespace

TEST(Yaml, DeepDocumentsSwitchToFlowStyleWithoutDeepRecursion) {
  // 100 levels: block style down to 64 levels of indentation, then the rest as JSON flow,
  // which YAML reads as the same value.
  const auto v100 = nested(100, 0);
  const std::string y = to_yaml(v100);
  EXPECT_EQ(y.rfind("a:\n", 0), 0u);
  EXPECT_NE(y.find("a: {\"a\":{\"a\":"), std::string::npos) << y;
  EXPECT_LT(y.size(), 20000u);
  // At the parse limit (net/json_limits.hpp: 10,000), maps and lists, on a thread.
  struct Case {
    int maps, lists;
    const char* innermost;
  };
  for (const auto& c :
       {Case{10000, 0, "{\"a\":1}"}, Case{0, 10000, "[[[[1]]]]"}, Case{5000, 4999, "[[1]]"}}) {
    std::string out;
    std::thread t([&] { out = to_yaml(nested(c.maps, c.lists)); });  // as a tool call runs
    t.join();
    EXPECT_LT(out.size(), 200000u) << "indentation must not grow with the depth";
    EXPECT_NE(out.find(c.innermost), std::string::npos);
  }
}
