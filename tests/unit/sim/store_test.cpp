#include "sim/store.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "sim/objects.hpp"
#include "sim/util.hpp"

using namespace kubemcp::sim;
namespace json = boost::json;

static json::object named(const std::string& ns, const std::string& name) {
  return json::object{{"metadata", json::object{{"name", name}, {"namespace", ns}}}};
}

TEST(Store, ListsInKeyOrderWithPages) {
  Registry reg;
  Store store;
  auto cm = reg.find("", "v1", "configmaps");
  for (const char* n : {"c", "a", "b", "d"})
    store.upsert(*cm, "ns", n, [&](const json::object*) { return named("ns", n); });
  store.upsert(*cm, "other", "z", [&](const json::object*) { return named("other", "z"); });
  auto p1 = store.list(*cm, "ns", nullptr, 3, "");
  ASSERT_EQ(p1.items.size(), 3u);
  EXPECT_EQ(p1.items[0]->at("metadata").at("name"), "a");
  EXPECT_EQ(p1.remaining, 1);
  EXPECT_EQ(p1.next_key, "ns/c");
  auto p2 = store.list(*cm, "ns", nullptr, 3, p1.next_key);
  ASSERT_EQ(p2.items.size(), 1u);
  EXPECT_EQ(p2.items[0]->at("metadata").at("name"), "d");
  EXPECT_TRUE(p2.next_key.empty());
  EXPECT_EQ(store.list(*cm, "", nullptr, 0, "").items.size(), 5u);
}

TEST(Store, WatchReplaysHistoryInOrderAndExpiresOldVersions) {
  constexpr uint64_t kHistory = 10000;  // events a kind's watch history keeps
  Registry reg;
  Store store;
  auto cm = reg.find("", "v1", "configmaps");
  uint64_t start = store.current_rv();
  store.upsert(*cm, "ns", "a", [&](const json::object*) { return named("ns", "a"); });
  store.upsert(*cm, "ns", "a", [&](const json::object* cur) {
    json::object o = *cur;
    o["data"] = json::object{{"k", "v"}};
    return o;
  });
  store.remove(*cm, "ns", "a");
  std::vector<std::string> seen;
  store.watch(*cm, start, [&](const WatchEvent& ev) {
    seen.push_back(ev.type + "@" + std::to_string(ev.rv));
    return true;
  });
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].substr(0, 5), "ADDED");
  EXPECT_EQ(seen[1].substr(0, 8), "MODIFIED");
  EXPECT_EQ(seen[2].substr(0, 7), "DELETED");
  // Live events reach the watcher too.
  store.upsert(*cm, "ns", "b", [&](const json::object*) { return named("ns", "b"); });
  EXPECT_EQ(seen.size(), 4u);
  // Far more writes than the history keeps: the start version is gone.
  for (int i = 0; i < 10050; ++i)
    store.upsert(*cm, "ns", "b", [&](const json::object* cur) {
      json::object o = *cur;
      o["data"] = json::object{{"i", i}};
      return o;
    });
  try {
    store.watch(*cm, start, [](const WatchEvent&) { return true; });
    FAIL() << "expected 410";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code, 410);
    EXPECT_EQ(e.reason, "Expired");
    // As the watch cache words it: the version asked, then the oldest one still served (just
    // before the oldest event kept).
    uint64_t floor = store.current_rv() - kHistory;
    EXPECT_EQ(std::string(e.what()), "too old resource version: " + std::to_string(start) + " (" +
                                         std::to_string(floor) + ")");
  }
  size_t replayed = 0;
  store.watch(*cm, store.current_rv() - kHistory, [&](const WatchEvent&) {
    ++replayed;
    return true;
  });
  EXPECT_EQ(replayed, kHistory);
  EXPECT_THROW(
      store.watch(*cm, store.current_rv() - kHistory - 1, [](const WatchEvent&) { return true; }),
      ApiError);
}

TEST(Objects, OptimisticConcurrencyGenerationAndGarbageCollection) {
  Registry reg;
  Store store;
  Objects objs(reg, store);
  auto ns = reg.find("", "v1", "namespaces");
  auto deploy = reg.find("apps", "v1", "deployments");
  auto rs = reg.find("", "v1", "configmaps");  // any kind can be a dependent
  objs.create(*ns, "", named("", "shop"), {});
  auto valid = [](const char* name) {
    auto o = json::parse(R"({"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
        "template":{"metadata":{"labels":{"app":"web"}},
                    "spec":{"containers":[{"name":"c","image":"i:1"}]}}}})")
                 .as_object();
    o["metadata"] = json::object{{"name", name}};
    return o;
  };
  auto d = objs.create(*deploy, "shop", valid("web"), {});
  EXPECT_EQ(d->at("metadata").at("generation"), 1);
  try {
    objs.create(*deploy, "shop", valid("web"), {});
    FAIL() << "expected AlreadyExists";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code, 409);
    EXPECT_EQ(e.reason, "AlreadyExists");
  }
  // Validation: a workload without a selector is Invalid.
  try {
    objs.create(*deploy, "shop", named("shop", "noselector"), {});
    FAIL() << "expected Invalid";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code, 422);
  }
  // A stale resourceVersion is a 409 Conflict.
  json::object stale = *d;
  stale["metadata"].as_object()["resourceVersion"] = "1";
  try {
    objs.update(*deploy, "shop", "web", stale, "", {});
    FAIL() << "expected a conflict";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code, 409);
    EXPECT_EQ(e.reason, "Conflict");
  }
  bool created = false;
  auto p = objs.patch(*deploy, "shop", "web", PatchType::Merge, R"({"spec":{"replicas":4}})", "",
                      {}, created);
  EXPECT_EQ(p->at("metadata").at("generation"), 2);
  auto s = objs.patch(*deploy, "shop", "web", PatchType::Merge,
                      R"({"metadata":{"labels":{"a":"b"}}})", "", {}, created);
  EXPECT_EQ(s->at("metadata").at("generation"), 2);  // metadata is not spec
  // A dependent goes with its owner (Background), or stays without the reference (Orphan).
  auto owner = json::object{{"apiVersion", "apps/v1"},
                            {"kind", "Deployment"},
                            {"name", "web"},
                            {"uid", d->at("metadata").at("uid")},
                            {"controller", true}};
  auto dep = named("shop", "web-1");
  dep["metadata"].as_object()["ownerReferences"] = json::array{owner};
  objs.create(*rs, "shop", dep, {});
  objs.remove(*deploy, "shop", "web", "Background", false);
  EXPECT_EQ(store.get(*rs, "shop", "web-1"), nullptr);
  // dryRun changes nothing.
  WriteOptions dry;
  dry.dry_run = true;
  objs.create(*deploy, "shop", valid("ghost"), dry);
  EXPECT_EQ(store.get(*deploy, "shop", "ghost"), nullptr);
}
