// The watch behind resource subscriptions, against a scripted source: notifications on change,
// resume from the last resourceVersion, re-list on 410, sharing, and nothing after detach.
#include "mcp/subscriptions.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <deque>
#include <thread>

#include "fleet/fleet.hpp"
#include "kube/errors.hpp"
#include "mcp/rpc_fault.hpp"

using namespace kubemcp;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

// A cluster in a box: the test pushes changes; watches see them in order.
struct FakeCluster {
  std::mutex mu;
  std::condition_variable cv;
  std::string object_rv = "5";
  std::int64_t rv = 5;
  std::deque<std::string> changes;  // object rvs ("" deleted) not yet delivered
  bool expire_next_watch = false;   // the next watch answers 410
  std::vector<std::string> watched_from;
  std::atomic<int> lists{0};
  std::atomic<int> sources{0};

  void change(std::string to = {}) {
    std::lock_guard lock(mu);
    object_rv = to.empty() ? std::to_string(++rv) : to;
    changes.push_back(object_rv);
    cv.notify_all();
  }
  // Changes while no watch runs (the gap a 410 covers): not delivered as events.
  void change_silently() {
    std::lock_guard lock(mu);
    object_rv = std::to_string(++rv);
  }
};

class FakeSource : public mcp::ObjectSource {
 public:
  explicit FakeSource(FakeCluster& c) : c_(c) { ++c_.sources; }
  Snapshot list(const net::CancelPtr&) override {
    ++c_.lists;
    std::lock_guard lock(c_.mu);
    return {std::to_string(c_.rv), c_.object_rv};
  }
  std::string watch(const std::string& rv, const std::function<void(const std::string&)>& on_change,
                    const net::CancelPtr& cancel) override {
    std::unique_lock lock(c_.mu);
    c_.watched_from.push_back(rv);
    if (c_.expire_next_watch) {
      c_.expire_next_watch = false;
      throw kube::ApiError(410, "Expired", "too old resource version");
    }
    for (;;) {
      c_.cv.wait_for(lock, 10ms, [&] { return !c_.changes.empty() || cancel->cancelled(); });
      if (c_.changes.empty() && !cancel->cancelled()) continue;
      if (cancel->cancelled()) throw kube::CancelledError();
      const std::string next = c_.changes.front();
      c_.changes.pop_front();
      lock.unlock();
      on_change(next);
      lock.lock();
    }
  }

 private:
  FakeCluster& c_;
};

struct Counter {
  std::atomic<int> n{0};
  bool wait_for(int want, std::chrono::milliseconds t = 3s) {
    const auto end = std::chrono::steady_clock::now() + t;
    while (std::chrono::steady_clock::now() < end) {
      if (n >= want) return true;
      std::this_thread::sleep_for(5ms);
    }
    return n >= want;
  }
};

mcp::WatchOptions fast() {
  return {.min_backoff = 0ms, .max_backoff = 20ms};
}

}  // namespace

TEST(WatchHub, NotifiesOnEachChangeAndNeverAfterDetach) {
  FakeCluster cluster;
  mcp::WatchHub hub(fast());
  Counter seen;
  auto h = hub.attach(
      "stage/pods/shop/a", [&] { return std::make_unique<FakeSource>(cluster); }, [&] { ++seen.n; },
      nullptr);
  cluster.change();
  ASSERT_TRUE(seen.wait_for(1));
  cluster.change();
  ASSERT_TRUE(seen.wait_for(2));
  hub.detach(h);
  cluster.change();
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(seen.n, 2);
  hub.reap(true);
  EXPECT_EQ(hub.running(), 0u) << "the watch's thread is joined";
}

TEST(WatchHub, SharesOneWatchPerObject) {
  FakeCluster cluster;
  mcp::WatchHub hub(fast());
  Counter a, b;
  auto make = [&] { return std::make_unique<FakeSource>(cluster); };
  auto ha = hub.attach(
      "k", make, [&] { ++a.n; }, nullptr);
  auto hb = hub.attach(
      "k", make, [&] { ++b.n; }, nullptr);
  EXPECT_EQ(cluster.sources, 1);
  EXPECT_EQ(cluster.lists, 1);
  cluster.change();
  ASSERT_TRUE(a.wait_for(1));
  ASSERT_TRUE(b.wait_for(1));
  hub.detach(ha);
  EXPECT_EQ(hub.running(), 1u) << "b still needs it";
  cluster.change();
  ASSERT_TRUE(b.wait_for(2));
  EXPECT_EQ(a.n, 1);
  hub.detach(hb);
  hub.reap(true);
  EXPECT_EQ(hub.running(), 0u);
}

TEST(WatchHub, ResumesFromTheListAndRelistsOn410) {
  FakeCluster cluster;
  mcp::WatchHub hub(fast());
  Counter seen;
  cluster.expire_next_watch = true;
  cluster.change_silently();  // before the subscription: part of its baseline
  auto h = hub.attach(
      "k", [&] { return std::make_unique<FakeSource>(cluster); }, [&] { ++seen.n; }, nullptr);
  // The first watch got 410, the loop listed again; the object had not changed since the
  // subscription's own list, so nobody was told.
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  while (cluster.lists < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(5ms);
  EXPECT_EQ(cluster.lists, 2);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(seen.n, 0);
  {
    std::lock_guard lock(cluster.mu);
    ASSERT_GE(cluster.watched_from.size(), 2u);
    EXPECT_EQ(cluster.watched_from[0], "6") << "watched from the first list's resourceVersion";
  }
  cluster.change();
  ASSERT_TRUE(seen.wait_for(1));
  hub.detach(h);
}

TEST(WatchHub, AChangeDuringAnExpiredGapIsReported) {
  FakeCluster cluster;
  mcp::WatchHub hub(fast());
  Counter seen;
  cluster.expire_next_watch = true;
  std::atomic<bool> first_list_done{false};
  // The object changes between the subscription's list and the re-list after 410.
  struct GapSource : FakeSource {
    GapSource(FakeCluster& c, std::atomic<bool>& done) : FakeSource(c), c_(c), done_(done) {}
    Snapshot list(const net::CancelPtr& cancel) override {
      if (done_.exchange(true)) c_.change_silently();
      return FakeSource::list(cancel);
    }
    FakeCluster& c_;
    std::atomic<bool>& done_;
  };
  auto h = hub.attach(
      "k", [&] { return std::make_unique<GapSource>(cluster, first_list_done); }, [&] { ++seen.n; },
      nullptr);
  EXPECT_TRUE(seen.wait_for(1)) << "the re-list saw a new resourceVersion";
  hub.detach(h);
}

TEST(WatchHub, AMissingObjectCannotBeWatched) {
  FakeCluster cluster;
  cluster.object_rv = "";
  mcp::WatchHub hub(fast());
  try {
    hub.attach(
        "k", [&] { return std::make_unique<FakeSource>(cluster); }, [] {}, nullptr);
    FAIL();
  } catch (const kube::ApiError& e) {
    EXPECT_EQ(e.code(), 404);
  }
  EXPECT_EQ(hub.running(), 0u);
}

TEST(WatchHub, DestructionStopsEveryWatch) {
  FakeCluster cluster;
  auto hub = std::make_unique<mcp::WatchHub>(fast());
  for (const char* k : {"a", "b", "c"})
    hub->attach(
        k, [&] { return std::make_unique<FakeSource>(cluster); }, [] {}, nullptr);
  EXPECT_EQ(hub->running(), 3u);
  hub.reset();  // joins: the test would hang or crash otherwise
}

TEST(Subscriptions, LimitAndFleetUri) {
  fleet::Fleet fleet{fleet::Registry{fleet::FleetConfig{}}};
  std::vector<std::string> sent;
  mcp::Subscriptions subs(
      fleet, std::make_shared<mcp::WatchHub>(), [&](const std::string& l) { sent.push_back(l); },
      0);
  // The fleet does not change while kubemcp runs: accepted, nothing watched.
  subs.subscribe(json::object{{"uri", "k8s://clusters"}}, nullptr);
  EXPECT_EQ(subs.size(), 0u);
  try {
    subs.subscribe(json::object{{"uri", "k8s://s/shop/pods/x"}}, nullptr);
    FAIL();
  } catch (const mcp::RpcFault& f) {
    EXPECT_EQ(f.code, -32000);
    EXPECT_NE(std::string(f.what()).find("max_watches"), std::string::npos);
  }
  try {
    subs.subscribe(json::object{{"uri", "k8s://s/shop/pods/../x"}}, nullptr);
    FAIL();
  } catch (const mcp::RpcFault& f) {
    EXPECT_EQ(f.code, -32602);
  }
  subs.unsubscribe(json::object{{"uri", "k8s://s/shop/pods/x"}});  // not subscribed: fine
  EXPECT_THROW(subs.unsubscribe(json::object{}), mcp::RpcFault);
}
