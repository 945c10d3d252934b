// The render path of a k8s_get list, the part of a warm `list pods` that is kubemcp's own
// (bench/compare's slowest kubemcp read: tens of ms for the first page of 1,000 pods, against
// ~2 ms for one pod): parse the API server's Table answer, turn it into kubectl's rows, lay
// out the text table, fit it to the output budget. docs/benchmarks.md has the figures: about
// 1 ms of CPU for a 500-row page, so the rest of a list's time is the API round trip.
//
//   bench_render_table
#include <benchmark/benchmark.h>

#include <boost/json.hpp>
#include <string>

#include "render/budget.hpp"
#include "render/kube_table.hpp"
#include "render/text_table.hpp"

namespace json = boost::json;
using namespace kubemcp::render;

namespace {

// A Table as kube-apiserver sends for `kubectl get pods` (includeObject=Metadata): kubectl's
// pod columns, each row with its PartialObjectMetadata.
std::string pod_table(int n) {
  json::array columns;
  for (const char* c : {"Name", "Ready", "Status", "Restarts", "Age", "IP", "Node",
                        "Nominated Node", "Readiness Gates"}) {
    columns.push_back(
        {{"name", c}, {"type", "string"}, {"format", ""}, {"description", ""}, {"priority", 0}});
  }
  for (std::size_t i = 5; i < columns.size(); ++i) columns[i].as_object()["priority"] = 1;
  json::array rows;
  for (int i = 0; i < n; ++i) {
    const std::string name = "load-" + std::to_string(10000 + i);
    rows.push_back(
        {{"cells",
          json::array{name.c_str(), "1/1", "Running", 0, "60m",
                      ("10.244." + std::to_string(i / 250) + "." + std::to_string(i % 250)).c_str(),
                      ("node-" + std::to_string(i % 3)).c_str(), "<none>", "<none>"}},
         {"object",
          {{"kind", "PartialObjectMetadata"},
           {"apiVersion", "meta.k8s.io/v1"},
           {"metadata",
            {{"name", name},
             {"namespace", "load"},
             {"uid", "8a3c9d6e-1f2b-4c5d-9e8f-" + std::to_string(100000000000 + i)},
             {"resourceVersion", std::to_string(1000 + i)},
             {"creationTimestamp", "2026-11-20T10:00:00Z"},
             {"labels", {{"app", "load"}, {"shard", std::to_string(i % 10)}}}}}}}});
  }
  json::object table{{"kind", "Table"},
                     {"apiVersion", "meta.k8s.io/v1"},
                     {"metadata", {{"resourceVersion", "5000"}}},
                     {"columnDefinitions", columns},
                     {"rows", rows}};
  return json::serialize(table);
}

std::string render(const json::object& table, const TableOptions& opts) {
  TableView view = table_view(table, opts);
  TextTable text(view.headers);
  for (auto& row : view.rows) text.add_row(std::move(row));
  return text.str();
}

void BM_ParsePodTable(benchmark::State& state) {
  const std::string body = pod_table(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(json::parse(body));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
}
BENCHMARK(BM_ParsePodTable)->Arg(500)->Arg(1000)->Unit(benchmark::kMillisecond);

void BM_RenderPodTable(benchmark::State& state) {
  const json::object table = json::parse(pod_table(static_cast<int>(state.range(0)))).as_object();
  for (auto _ : state) benchmark::DoNotOptimize(render(table, {}));
}
BENCHMARK(BM_RenderPodTable)->Arg(500)->Arg(1000)->Unit(benchmark::kMillisecond);

// The whole page as k8s_get does it: parse, rows, text, then the 16,000-character budget.
void BM_ListPageToBudget(benchmark::State& state) {
  const std::string body = pod_table(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    const json::object table = json::parse(body).as_object();
    benchmark::DoNotOptimize(fit_to_budget(render(table, {}), 16000, "Call again."));
  }
}
BENCHMARK(BM_ListPageToBudget)->Arg(500)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
