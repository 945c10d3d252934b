// k8s_get's answer within the budget: the largest number of whole objects, in print order,
// whose rendering fits; then the note and cursor for what was read but not shown and what the
// servers still hold.
#include <algorithm>
#include <boost/json.hpp>

#include "net/json_access.hpp"
#include "render/budget.hpp"
#include "render/text_table.hpp"
#include "render/yaml.hpp"
#include "tools/basic/get_page.hpp"

namespace kubemcp::tools::get {
namespace json = boost::json;
namespace {

using Slot = std::pair<std::size_t, std::size_t>;      // (answer, part)
using Counts = std::vector<std::vector<std::size_t>>;  // [answer][part]: objects shown

bool is_table(Format f) {
  return f == Format::table || f == Format::wide;
}

// The (answer, part) pairs in the order their objects print: tables group by resource type
// (clusters merged under one header), other formats go cluster by cluster.
std::vector<Slot> print_order(const Answers& answers, Format format) {
  std::vector<Slot> order;
  if (!is_table(format)) {
    for (std::size_t i = 0; i < answers.size(); ++i)
      if (!answers[i].failed)
        for (std::size_t j = 0; j < answers[i].value.parts.size(); ++j) order.emplace_back(i, j);
    return order;
  }
  std::vector<std::string> resources;
  for (const auto& a : answers)
    if (!a.failed)
      for (const auto& p : a.value.parts)
        if (std::find(resources.begin(), resources.end(), p.resource) == resources.end())
          resources.push_back(p.resource);
  for (const auto& r : resources)
    for (std::size_t i = 0; i < answers.size(); ++i)
      if (!answers[i].failed)
        for (std::size_t j = 0; j < answers[i].value.parts.size(); ++j)
          if (answers[i].value.parts[j].resource == r) order.emplace_back(i, j);
  return order;
}

// The first k objects shown, shared evenly between the (cluster, type) pages so that no
// cluster crowds out another; each page shows a prefix of its objects, so each resumes on its
// own from the cursor.
Counts take(const Answers& answers, const std::vector<Slot>& order, std::size_t k) {
  Counts c(answers.size());
  for (std::size_t i = 0; i < answers.size(); ++i) c[i].assign(answers[i].value.parts.size(), 0);
  for (bool grew = true; k > 0 && grew;) {
    std::size_t open = 0;
    for (const auto& [i, j] : order) open += c[i][j] < answers[i].value.parts[j].units();
    if (open == 0) break;
    const std::size_t each = std::max<std::size_t>(1, k / open);
    grew = false;
    for (const auto& [i, j] : order) {
      const std::size_t add = std::min({each, answers[i].value.parts[j].units() - c[i][j], k});
      c[i][j] += add;
      k -= add;
      grew = grew || add > 0;
    }
  }
  return c;
}

std::string nothing_found(const Answers& answers, const RenderOptions& o) {
  std::string ns;
  if (answers.size() == 1 && !o.with_namespace) ns = answers[0].value.namespace_;
  return (ns.empty() ? "No resources found" : "No resources found in " + ns + " namespace") +
         std::string(o.selectors ? " matching the selectors." : ".") + "\n";
}

std::string failures(const Answers& answers) {
  std::string out;
  for (const auto& a : answers)
    if (a.failed) out += (answers.size() > 1 ? a.cluster->name + ": " : "") + a.error + "\n";
  return out;
}

std::string render_tables(const Answers& answers, const std::vector<Slot>& order, const Counts& c,
                          bool resource_titles) {
  const bool multi = answers.size() > 1;
  std::string out;
  for (std::size_t s = 0; s < order.size();) {
    const std::string& resource = answers[order[s].first].value.parts[order[s].second].resource;
    std::vector<std::string> headers;
    std::vector<std::vector<std::string>> rows;
    for (; s < order.size(); ++s) {
      const auto [i, j] = order[s];
      const Part& p = answers[i].value.parts[j];
      if (p.resource != resource) break;
      if (headers.empty()) headers = p.headers;
      for (std::size_t r = 0; r < c[i][j]; ++r) {
        rows.push_back(p.rows[r]);
        if (multi) rows.back().insert(rows.back().begin(), answers[i].cluster->name);
      }
    }
    if (rows.empty()) continue;
    if (multi) headers.insert(headers.begin(), "CLUSTER");
    render::TextTable table(std::move(headers));
    for (auto& r : rows) table.add_row(std::move(r));
    if (!out.empty()) out += "\n";
    if (resource_titles) out += "# " + resource + "\n";
    out += table.str();
  }
  return out;
}

json::value shown_json(const Part& p, std::size_t n) {
  if (p.single) return p.items.front();
  json::object list = p.list;
  json::array items;
  for (std::size_t k = 0; k < n; ++k) items.push_back(p.items[k]);
  list["items"] = std::move(items);
  return list;
}

json::value cluster_json(const Page& page, const std::vector<std::size_t>& counts) {
  if (page.parts.size() == 1) return shown_json(page.parts.front(), counts.front());
  json::array all;
  for (std::size_t j = 0; j < page.parts.size(); ++j)
    all.push_back(shown_json(page.parts[j], counts[j]));
  return all;
}

std::string render_part(const Part& p, std::size_t n, Format format) {
  if (format == Format::name) {
    std::string out;
    for (std::size_t k = 0; k < n; ++k)
      if (const auto* name = net::at_path(p.items[k], {"metadata", "name"});
          name && name->is_string())
        out += p.kind_prefix + "/" + std::string(name->get_string()) + "\n";
    return out;
  }
  const json::value v = shown_json(p, n);
  return format == Format::json ? json::serialize(v) + "\n" : render::to_yaml(v);
}

std::string render_items(const Answers& answers, const Counts& c, Format format) {
  const bool multi = answers.size() > 1;
  std::string out;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    const auto& a = answers[i];
    if (!a.failed && a.value.parts.empty()) continue;  // resumed: nothing left on this cluster
    if (multi) out += "== " + a.cluster->name + " ==\n";
    if (a.failed) out += a.error + "\n";
    for (std::size_t j = 0; !a.failed && j < a.value.parts.size(); ++j) {
      if (j > 0 && format == Format::yaml) out += "---\n";
      out += render_part(a.value.parts[j], c[i][j], format);
    }
    if (multi) out += "\n";
  }
  return out;
}

std::size_t total_shown(const Counts& c) {
  std::size_t n = 0;
  for (const auto& row : c)
    for (auto k : row) n += k;
  return n;
}

// The answer with the first objects shown as `c` says. `nothing_read`: no cluster has any
// object to show, which is said as kubectl says it (not an error).
std::string body(const Answers& answers, const std::vector<Slot>& order, const Counts& c,
                 const RenderOptions& o, bool nothing_read) {
  const bool any_ok =
      std::any_of(answers.begin(), answers.end(), [](const auto& a) { return !a.failed; });
  const std::string empty = any_ok && nothing_read ? nothing_found(answers, o) : "";
  if (is_table(o.format)) {
    std::size_t types = 0;
    for (std::size_t s = 0; s < order.size(); ++s)
      if (s == 0 || answers[order[s].first].value.parts[order[s].second].resource !=
                        answers[order[s - 1].first].value.parts[order[s - 1].second].resource)
        ++types;
    return empty + render_tables(answers, order, c, types > 1) + failures(answers);
  }
  if (o.format == Format::name) return empty + render_items(answers, c, o.format);
  return render_items(answers, c, o.format);
}

// "57 pods shown, 943 remain" for one part; empty when nothing of it remains.
std::string remains(const Part& p, std::size_t shown) {
  const std::size_t unshown = p.units() - shown;
  if (unshown == 0 && p.next.empty()) return {};
  std::string r;
  if (p.remaining >= 0)
    r = std::to_string(unshown + static_cast<std::size_t>(p.remaining));
  else if (!p.next.empty())
    r = "more than " + std::to_string(unshown);
  else
    r = std::to_string(unshown);
  return std::to_string(shown) + " " + p.resource + " shown, " + r + " remain";
}

}  // namespace

Fitted fit_pages(const Answers& answers, const RenderOptions& o) {
  const auto order = print_order(answers, o.format);
  std::size_t units = 0;
  for (const auto& [i, j] : order) units += answers[i].value.parts[j].units();
  const auto render = [&](std::size_t k) {
    return body(answers, order, take(answers, order, k), o, units == 0);
  };
  // The most whole objects that fit: the text only grows with k, so search.
  std::size_t k = units;
  std::string text = render(k);
  if (text.size() > o.budget && units > 0) {
    std::size_t lo = 0, hi = units - 1;  // render(hi + 1) does not fit
    while (lo < hi) {
      const std::size_t mid = (lo + hi + 1) / 2;
      if (render(mid).size() <= o.budget)
        lo = mid;
      else
        hi = mid - 1;
    }
    k = lo;
    text = render(k);
  }
  Fitted f;
  f.cut = k < units;
  bool partial = false;
  if (k == 0 && units > 0) {
    // Not even one object fits: show the first one, cut by lines.
    k = 1;
    const auto cut = render::fit_to_budget(render(1), o.budget, "");
    text = cut.text.substr(0, cut.text.size() - cut.note.size() - 1);
    partial = true;
  }
  const Counts c = take(answers, order, k);
  f.text = std::move(text);
  if (o.format == Format::json) {
    if (answers.size() == 1 && !answers[0].failed) {
      f.json = cluster_json(answers[0].value, c[0]);
    } else {
      json::object by_cluster;
      for (std::size_t i = 0; i < answers.size(); ++i)
        by_cluster[answers[i].cluster->name] =
            answers[i].failed ? json::value(json::object{{"error", answers[i].error}})
                              : cluster_json(answers[i].value, c[i]);
      f.json = std::move(by_cluster);
    }
  }
  // What remains, per cluster and type, and where each resumes.
  Cursor cursor;
  std::string phrases;
  for (const auto& [i, j] : order) {
    const Part& p = answers[i].value.parts[j];
    const std::string said = remains(p, c[i][j]);
    if (said.empty()) continue;
    phrases += (phrases.empty() ? "" : "; ") +
               (answers.size() > 1 ? answers[i].cluster->name + ": " : std::string()) + said;
    cursor[answers[i].cluster->name][p.resource] =
        c[i][j] < p.units()
            ? Position{p.read.token, p.read.offset + static_cast<std::int64_t>(c[i][j])}
            : Position{p.next, 0};
  }
  if (partial) f.cut = true;
  if (cursor.empty()) {
    if (partial)
      f.note = "[cut: the object is longer than the " + std::to_string(o.budget) +
               "-character budget; only its first lines are shown] Read a part of it with "
               "output=json and a narrower query, or describe it with k8s_describe.";
    return f;
  }
  f.cursor = encode_cursor(cursor);
  f.note = std::string(f.cut ? "[cut: " : "[more: ") + phrases +
           (f.cut ? " (over the " + std::to_string(o.budget) + "-character budget" +
                        (partial ? "; the last object shown was cut" : "") + ")"
                  : "") +
           "] Call again with continue=\"" + f.cursor +
           "\" and the same other arguments for the rest" +
           (f.cut ? ", or narrow with selector, field_selector or namespace." : ".");
  return f;
}

}  // namespace kubemcp::tools::get
