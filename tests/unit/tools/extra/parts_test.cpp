// The extra tier's pure parts: port mappings, POD:/path sides, local-path containment, pod and
// container choice, service port mapping, and exec output cut to the budget.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "tools/extra/cp_paths.hpp"
#include "tools/extra/exec_output.hpp"
#include "tools/extra/forwards.hpp"
#include "tools/extra/pod_target.hpp"
#include "tools/framework/target_args.hpp"

using namespace kubemcp::tools::extra;
namespace json = boost::json;
namespace fs = std::filesystem;

TEST(PortMapping, ParsesKubectlForms) {
  auto m = parse_port_mapping("8080:80");
  EXPECT_EQ(m.local, 8080);
  EXPECT_EQ(m.remote, "80");
  m = parse_port_mapping(":80");
  EXPECT_EQ(m.local, 0);
  EXPECT_EQ(m.remote, "80");
  m = parse_port_mapping("0:5432");
  EXPECT_EQ(m.local, 0);
  m = parse_port_mapping("5432");
  EXPECT_EQ(m.local, 5432);
  EXPECT_EQ(m.remote, "5432");
  m = parse_port_mapping("9000:http");
  EXPECT_EQ(m.local, 9000);
  EXPECT_EQ(m.remote, "http");
  for (const char* bad : {"", ":", "8080:", "70000:80", "8080:0", "8080:99999", "a:80", "1:2:3",
                          "8080:HTTP", "8080:-x", "8080:waytoolongportname"})
    EXPECT_THROW(parse_port_mapping(bad), std::invalid_argument) << bad;
}

TEST(PodPath, SplitsPodSidesAsKubectl) {
  auto p = parse_pod_path("db-0:/var/lib/data");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->ns, "");
  EXPECT_EQ(p->pod, "db-0");
  EXPECT_EQ(p->path, "/var/lib/data");
  p = parse_pod_path("shop/web-1:tmp/x");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->ns, "shop");
  EXPECT_EQ(p->pod, "web-1");
  EXPECT_EQ(p->path, "tmp/x");
  for (const char* local : {"out", "./a:b", "/tmp/x:y", "dir/sub/file:x", ":x"})
    EXPECT_FALSE(parse_pod_path(local)) << local;
  EXPECT_THROW(parse_pod_path("db-0:"), std::invalid_argument);
  EXPECT_THROW(parse_pod_path("bad%pod:/x"), std::invalid_argument);
  EXPECT_THROW(parse_pod_path("NS/db-0:/x"), std::invalid_argument);
}

TEST(LocalPath, StaysUnderTheRoots) {
  char tmpl[] = "/tmp/kubemcp-cp-roots-XXXXXX";
  const fs::path base = ::mkdtemp(tmpl);
  const fs::path root = base / "root";
  fs::create_directories(root / "in");
  fs::create_directories(base / "outside");
  fs::create_directory_symlink(base / "outside", root / "link-out");
  fs::create_directory_symlink(root / "in", root / "link-in");
  const std::vector<std::string> roots = {root.string()};
  EXPECT_EQ(contain_local_path("in/file", roots), (root / "in" / "file").string());
  EXPECT_EQ(contain_local_path((root / "new").string(), roots), (root / "new").string());
  EXPECT_EQ(contain_local_path("link-in/x", roots), (root / "in" / "x").string());
  EXPECT_EQ(contain_local_path(".", roots), root.string());
  for (const std::string& bad :
       {std::string("../outside/x"), std::string("in/../../outside"), std::string("link-out/x"),
        std::string("link-out"), (base / "outside").string(), std::string("/etc/passwd"),
        (base / "root-sibling").string()})
    EXPECT_THROW(contain_local_path(bad, roots), std::invalid_argument) << bad;
  try {
    contain_local_path("/etc", roots);
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("cp_roots"), std::string::npos) << e.what();
  }
  fs::remove_all(base);
}

namespace {
json::value pod_json(const char* text) {
  return json::parse(text);
}
}  // namespace

TEST(PodTarget, ContainerChoiceFollowsKubectl) {
  const auto pod = pod_json(R"({"metadata": {"name": "p", "annotations":
      {"kubectl.kubernetes.io/default-container": "app"}},
      "spec": {"containers": [{"name": "sidecar"}, {"name": "app"}]}})");
  EXPECT_EQ(pick_container(pod, ""), "app");
  EXPECT_EQ(pick_container(pod, "sidecar"), "sidecar");
  try {
    pick_container(pod, "nope");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "container 'nope' is not in pod p (containers: sidecar, app)");
  }
  const auto plain = pod_json(R"({"metadata": {"name": "q"},
      "spec": {"containers": [{"name": "first"}, {"name": "second"}]}})");
  EXPECT_EQ(pick_container(plain, ""), "first");
}

TEST(PodTarget, ReadinessAndPorts) {
  const auto ready = pod_json(R"({"metadata": {"name": "p"}, "spec": {"containers": [
      {"name": "a", "ports": [{"name": "http", "containerPort": 8080}, {"containerPort": 9090}]}]},
      "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}})");
  EXPECT_TRUE(pod_ready(ready));
  EXPECT_FALSE(pod_ready(pod_json(R"({"metadata": {}, "status": {"phase": "Running",
      "conditions": [{"type": "Ready", "status": "False"}]}})")));
  EXPECT_FALSE(pod_ready(pod_json(R"({"metadata": {"deletionTimestamp": "x"},
      "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}})")));
  EXPECT_EQ(container_port(ready, "80"), 80);
  EXPECT_EQ(container_port(ready, "http"), 8080);
  EXPECT_THROW(container_port(ready, "grpc"), std::invalid_argument);
  const auto svc = pod_json(R"({"metadata": {"name": "web"}, "spec": {"ports": [
      {"name": "web", "port": 80, "targetPort": "http"},
      {"name": "metrics", "port": 9100, "targetPort": 9090},
      {"port": 7000}]}})");
  EXPECT_EQ(service_target_port(svc, ready, "80"), 8080);
  EXPECT_EQ(service_target_port(svc, ready, "web"), 8080);
  EXPECT_EQ(service_target_port(svc, ready, "9100"), 9090);
  EXPECT_EQ(service_target_port(svc, ready, "7000"), 7000);
  EXPECT_THROW(service_target_port(svc, ready, "8080"), std::invalid_argument);
  EXPECT_EQ(split_kind_name("deployment/web"),
            std::make_pair(std::string("deployment"), std::string("web")));
  EXPECT_EQ(split_kind_name("web-1"), std::make_pair(std::string(""), std::string("web-1")));
}

TEST(PodTarget, ThePodArgumentTakesWorkloadsButNoSubresource) {
  using kubemcp::tools::check_target_arguments;
  for (const char* ok : {R"({"pod":"web-1"})", R"({"pod":"deployment/web"})", R"({"pod":"sts/db"})",
                         R"({"pod":"service/web"})"})
    EXPECT_EQ(check_target_arguments(json::parse(ok).as_object()), "") << ok;
  for (const char* bad : {R"({"pod":"web/exec"})", R"({"pod":"deployment/web/exec"})",
                          R"({"pod":"deployment/.."})", R"({"pod":"secrets/x"})"})
    EXPECT_NE(check_target_arguments(json::parse(bad).as_object()), "") << bad;
}

TEST(ExecOutput, EachStreamGetsItsShareAndUnusedShareMoves) {
  const std::string big(5000, 'o');
  auto text = show_streams({"stdout", big, 5000}, {"stderr", "err\n", 4}, 1000);
  EXPECT_NE(text.find("stderr:\nerr\n"), std::string::npos);
  // A stream held whole shows its start and its end, half of its share each.
  EXPECT_NE(text.find("[cut: 4004 bytes of stdout left out here; it showed the first 498 and the "
                      "last 498 of 5000 bytes;"),
            std::string::npos)
      << text;
  // The cut travels as a note for the result's flag, naming each stream that was cut.
  std::string note;
  show_streams({"stdout", big, 5000}, {"stderr", "err\n", 4}, 1000, &note);
  EXPECT_EQ(note, "stdout: first 498 and last 498 of 5000 bytes shown");
  note.clear();
  show_streams({"stdout", "ok\n", 3}, {"stderr", "", 0}, 1000, &note);
  EXPECT_EQ(note, "") << "nothing was cut";
  text = show_streams({"stdout", big, 10'000'000}, {"stderr", big, 5000}, 1000);
  // Without its end kept (a head only), the start alone.
  EXPECT_NE(text.find("showed the first 500 of 10000000 bytes"), std::string::npos) << text;
  EXPECT_NE(text.find("it showed the first 250 and the last 250 of 5000 bytes"), std::string::npos)
      << text;
  EXPECT_EQ(show_streams({"stdout", "", 0}, {"stderr", "", 0}, 1000),
            "stdout: (empty)\nstderr: (empty)\n");
  // A cut never splits a UTF-8 character.
  text = show_streams({"stdout", "aé", 3}, {"stderr", "", 0}, 2);
  EXPECT_NE(text.find("stdout:\na\n[cut: stdout showed the first 1 of 3 bytes"), std::string::npos)
      << text;
}

TEST(ExecOutput, ALongStreamShowsItsStartAndItsEnd) {
  // 10,000 bytes written: the first 4,000 kept as the start, the last 3,000 as the end.
  const std::string start = "begin\n" + std::string(3994, 'a');
  const std::string end = std::string(2990, 'z') + "\nerror: x\n";
  std::string note;
  const auto text = show_streams({"stdout", start, 10000, end}, {"stderr", "", 0}, 1000, &note);
  EXPECT_EQ(text,
            "stdout:\nbegin\n" + std::string(494, 'a') +
                "\n[cut: 9000 bytes of stdout left out here; it showed the first 500 and the last "
                "500 of 10000 bytes; narrow the command (| tail -n 50, | grep ..., | head -c N) to "
                "see the rest]\n" +
                std::string(490, 'z') + "\nerror: x\nstderr: (empty)\n");
  EXPECT_EQ(note, "stdout: first 500 and last 500 of 10000 bytes shown");
  // A short stream whose end rolled past the start is shown whole.
  EXPECT_EQ(show_streams({"stdout", "ab", 4, "cd"}, {"stderr", "", 0}, 1000),
            "stdout:\nabcd\nstderr: (empty)\n");
  // The end never starts inside a UTF-8 character: of "b\xC3\xA9b" (béb) the last 2 bytes
  // start inside "é", so only "b" is shown.
  const auto utf = show_streams({"stdout", "aaaa", 8, "béb"}, {"stderr", "", 0}, 4);
  EXPECT_NE(utf.find("the last 1 of 8 bytes"), std::string::npos) << utf;
  EXPECT_EQ(utf.find("\xA9"), std::string::npos) << "no stray continuation byte";
}
