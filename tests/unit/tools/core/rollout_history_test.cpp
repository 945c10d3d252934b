// Revisions of deployments (ReplicaSets) and statefulsets/daemonsets (ControllerRevisions),
// and kubectl's rule for the revision an undo goes back to — with no cluster.
#include "tools/core/rollout_history.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "tools/core/change.hpp"

using namespace kubemcp::tools::core;
namespace json = boost::json;

namespace {

json::value replicaset(const char* name, const char* revision, const char* owner_uid,
                       const char* image, const char* cause = nullptr) {
  json::object annotations;
  if (revision) annotations["deployment.kubernetes.io/revision"] = revision;
  if (cause) annotations["kubernetes.io/change-cause"] = cause;
  json::object owner{{"uid", owner_uid}, {"controller", true}};
  json::object metadata{
      {"name", name}, {"annotations", annotations}, {"ownerReferences", json::array{owner}}};
  json::object labels{{"app", "web"}, {"pod-template-hash", name}};
  json::object container{{"name", "c"}, {"image", image}};
  json::object pod_template{{"metadata", json::object{{"labels", labels}}},
                            {"spec", json::object{{"containers", json::array{container}}}}};
  return json::object{{"metadata", metadata}, {"spec", json::object{{"template", pod_template}}}};
}

}  // namespace

TEST(RolloutHistory, DeploymentRevisionsAreItsOwnReplicaSetsInOrder) {
  const json::array rss{replicaset("web-3", "3", "u1", "nginx:3", "set image 3"),
                        replicaset("web-1", "1", "u1", "nginx:1"),
                        replicaset("other-1", "2", "u2", "busybox"),    // another deployment's
                        replicaset("web-x", nullptr, "u1", "nginx:x"),  // no revision: skipped
                        replicaset("web-2", "2", "u1", "nginx:2")};
  const auto revs = deployment_revisions(rss, "u1");
  ASSERT_EQ(revs.size(), 3u);
  EXPECT_EQ(revs[0].number, 1);
  EXPECT_EQ(revs[2].number, 3);
  EXPECT_EQ(revs[2].change_cause, "set image 3");
  EXPECT_EQ(revs[1].images, std::vector<std::string>{"nginx:2"});
  const std::string table = history_table(revs);
  EXPECT_EQ(table.substr(0, table.find('\n')), "REVISION  CHANGE-CAUSE  IMAGES");
  EXPECT_NE(table.find("1         <none>        nginx:1"), std::string::npos) << table;
  EXPECT_NE(table.find("set image 3"), std::string::npos);
}

TEST(RolloutHistory, UndoPicksThePreviousRevisionOrTheOneAskedFor) {
  const json::array rss{replicaset("web-1", "1", "u1", "a"), replicaset("web-5", "5", "u1", "c"),
                        replicaset("web-4", "4", "u1", "b")};
  const auto revs = deployment_revisions(rss, "u1");
  EXPECT_EQ(pick_revision(revs, 0, true, "deployment \"web\"").number, 4);
  EXPECT_EQ(pick_revision(revs, 1, true, "deployment \"web\"").number, 1);
  try {
    pick_revision(revs, 2, true, "deployment \"web\"");
    FAIL() << "revision 2 does not exist";
  } catch (const Refusal& e) {
    EXPECT_STREQ(e.what(), "unable to find specified revision 2 in history");
  }
  const auto one = deployment_revisions(json::array{replicaset("web-1", "1", "u1", "a")}, "u1");
  try {
    pick_revision(one, 0, true, "deployment \"web\"");
    FAIL() << "no previous revision";
  } catch (const Refusal& e) {
    EXPECT_STREQ(e.what(), "no rollout history found for deployment \"web\"");
  }
  EXPECT_THROW(pick_revision(one, 0, false, "statefulset \"db\""), Refusal);
}

TEST(RolloutHistory, ControllerRevisionsCarryTheirTemplateInData) {
  const json::array crs = json::parse(R"([
    {"metadata": {"name": "db-b", "ownerReferences": [{"uid": "s1", "controller": true}]},
     "revision": 2, "data": {"spec": {"template": {"$patch": "replace",
       "spec": {"containers": [{"name": "db", "image": "postgres:17"}]}}}}},
    {"metadata": {"name": "db-a", "ownerReferences": [{"uid": "s1", "controller": true}]},
     "revision": 1, "data": {"spec": {"template": {"$patch": "replace",
       "spec": {"containers": [{"name": "db", "image": "postgres:16"}]}}}}},
    {"metadata": {"name": "x-a", "ownerReferences": [{"uid": "s2", "controller": true}]},
     "revision": 7, "data": {}}])")
                              .as_array();
  const auto revs = controller_revisions(crs, "s1");
  ASSERT_EQ(revs.size(), 2u);
  EXPECT_EQ(revs[0].images, std::vector<std::string>{"postgres:16"});
  EXPECT_EQ(pick_revision(revs, 0, false, "statefulset \"db\"").name, "db-a");
  // The $patch directive and the pod-template-hash label do not make templates differ.
  const json::object current =
      json::parse(R"({"spec": {"containers": [{"name": "db", "image": "postgres:17"}]}})")
          .as_object();
  EXPECT_EQ(comparable_template(revs[1].pod_template), comparable_template(current));
  EXPECT_NE(comparable_template(revs[0].pod_template), comparable_template(current));
}
