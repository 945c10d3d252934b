#pragma once
// What k8s_get read on each cluster (one page per resource type), and how those pages are put
// into one answer within the output budget: as many whole objects as fit, in the order they
// print, with a `continue` cursor that resumes after the last object shown.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "tools/basic/get_cursor.hpp"
#include "tools/framework/fanout.hpp"

namespace kubemcp::tools::get {

enum class Format { table, wide, yaml, json, name };

// One cluster's page of one resource type. Every object is one unit: a table row, or an item.
struct Part {
  std::string resource;     // group_resource ("pods", "deployments.apps"): the cursor's key
  std::string kind_prefix;  // for name output: "pod", "deployment.apps"
  std::vector<std::string> headers;            // table/wide
  std::vector<std::vector<std::string>> rows;  // table/wide
  std::vector<boost::json::value> items;       // yaml/json/name
  boost::json::object list;                    // yaml/json of a list: the List without its items
  bool single = false;                         // one object read by name (not a list)
  Position read;                // where this page was read from (offset: objects skipped)
  std::string next;             // the server's continue token after this page
  std::int64_t remaining = -1;  // remainingItemCount after this page, when the server said

  std::size_t units() const { return rows.empty() ? items.size() : rows.size(); }
};

// What one cluster answered.
struct Page {
  std::string namespace_;  // the namespace read ("" for all namespaces)
  std::vector<Part> parts;
};

using Answers = std::vector<ClusterResult<Page>>;

struct Fitted {
  std::string text;         // the objects shown (and each failed cluster's error)
  std::string note;         // "[cut: ...] ..." or "[more: ...] ...": empty when all was shown
  bool cut = false;         // the budget cut what was read
  std::string cursor;       // the continue value; empty when nothing remains
  boost::json::value json;  // output=json: the shown objects (per cluster when several)
};

struct RenderOptions {
  Format format = Format::table;
  bool with_namespace = false;  // all namespaces: tables get a NAMESPACE column
  bool selectors = false;       // "No resources found ... matching the selectors."
  std::size_t budget = 0;
};

// Shows as many objects as fit the budget and says what remains and how to get it.
Fitted fit_pages(const Answers& answers, const RenderOptions& options);

}  // namespace kubemcp::tools::get
