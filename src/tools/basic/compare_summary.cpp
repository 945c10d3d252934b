// k8s_compare's summary and diff: pure functions of the normalized objects.
#include "tools/basic/compare_summary.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <set>

#include "render/diff.hpp"
#include "render/text_table.hpp"
#include "render/yaml.hpp"
#include "tools/basic/compare_normalize.hpp"

namespace kubemcp::tools::compare {
namespace json = boost::json;

namespace {

std::string scalar(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  return json::serialize(v);
}

void flatten_into(const json::value& v, const std::string& path,
                  std::map<std::string, std::string>& out) {
  if (const auto* o = v.if_object()) {
    if (o->empty()) out[path] = "{}";
    for (const auto& [k, child] : *o)
      flatten_into(child, path.empty() ? std::string(k) : path + "." + std::string(k), out);
    return;
  }
  if (const auto* a = v.if_array()) {
    if (a->empty()) out[path] = "[]";
    for (std::size_t i = 0; i < a->size(); ++i) {
      const auto* item = (*a)[i].if_object();
      const auto* name = item ? item->if_contains("name") : nullptr;
      const std::string key =
          name && name->is_string() ? std::string(name->as_string()) : std::to_string(i);
      flatten_into((*a)[i], path + "[" + key + "]", out);
    }
    return;
  }
  out[path] = scalar(v);
}

// Pod template paths read shorter in a table cell.
std::string short_path(std::string p) {
  for (const char* prefix : {"spec.jobTemplate.spec.template.spec.", "spec.template.spec."})
    if (p.rfind(prefix, 0) == 0) return p.substr(std::string(prefix).size());
  return p;
}

std::string clip(std::string s) {
  constexpr std::size_t kMax = 40;
  if (s.size() > kMax) s = s.substr(0, kMax - 3) + "...";
  for (auto& c : s)
    if (c == '\n') c = ' ';
  return s;
}

// A leaf's value as a cell shows it: a field one cluster lacks reads as the API's default when
// there is one ("1 (default)"), since the server uses that value; else "<none>".
std::string shown_value(const std::map<std::string, std::string>& flat, const std::string& path) {
  if (const auto it = flat.find(path); it != flat.end()) return it->second;
  if (const auto d = default_value(path)) return *d + " (default)";
  return "<none>";
}

const Side* reference(const std::vector<Side>& sides, const std::string& key) {
  for (const auto& s : sides)
    if (!s.failed && s.objects.count(key)) return &s;
  return nullptr;
}

std::set<std::string> all_keys(const std::vector<Side>& sides) {
  std::set<std::string> keys;
  for (const auto& s : sides)
    for (const auto& [k, _] : s.objects) keys.insert(k);
  return keys;
}

// How one object stands across the clusters that answered.
struct Row {
  std::vector<const json::value*> copies;  // per side; null: missing (or the cluster failed)
  std::size_t present = 0;
  bool identical = true;  // present everywhere that answered and equal
};

Row row_of(const std::vector<Side>& sides, const std::string& key) {
  Row r;
  const json::value* first = nullptr;
  for (const auto& s : sides) {
    const auto it = s.failed ? s.objects.end() : s.objects.find(key);
    const json::value* v = it == s.objects.end() ? nullptr : &it->second;
    r.copies.push_back(v);
    if (s.failed) continue;
    if (!v) {
      r.identical = false;
      continue;
    }
    ++r.present;
    if (!first) first = v;
    if (*v != *first) r.identical = false;
  }
  return r;
}

// The cells of a differing object: each cluster's value of every path that differs.
std::vector<std::string> cells(const std::vector<Side>& sides, const Row& row) {
  std::vector<std::map<std::string, std::string>> flat;
  std::set<std::string> paths;
  for (const auto* c : row.copies) {
    flat.push_back(c ? flatten(*c) : std::map<std::string, std::string>{});
    for (const auto& [p, _] : flat.back()) paths.insert(p);
  }
  std::vector<std::string> differing;
  for (const auto& p : paths) {
    std::set<std::string> values;
    for (std::size_t i = 0; i < flat.size(); ++i) {
      if (!row.copies[i]) continue;
      const auto it = flat[i].find(p);
      values.insert(it == flat[i].end() ? "<none>" : it->second);
    }
    if (values.size() > 1) differing.push_back(p);
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < sides.size(); ++i) {
    if (sides[i].failed) {
      out.push_back("error (see below)");
      continue;
    }
    if (!row.copies[i]) {
      out.push_back("missing");
      continue;
    }
    std::string cell;
    for (const auto& p : differing) {
      const auto it = flat[i].find(p);
      cell += (cell.empty() ? "" : "; ") + short_path(p) + "=" + clip(shown_value(flat[i], p));
    }
    out.push_back(cell.empty() ? "present" : cell);
  }
  return out;
}

}  // namespace

std::map<std::string, std::string> flatten(const json::value& object) {
  std::map<std::string, std::string> out;
  flatten_into(object, "", out);
  return out;
}

namespace {

// Nothing to compare is an answer, as "nothing matched" is in every read tool: it names where
// it looked (clusters that failed are listed after it). "" when an object was found or when no
// cluster answered.
std::string nothing_found(const std::vector<Side>& sides) {
  std::string where;
  for (const auto& s : sides) {
    if (!s.objects.empty()) return "";
    if (!s.failed) where += (where.empty() ? "" : ", ") + s.cluster + " (" + s.namespace_ + ")";
  }
  return where.empty() ? "" : "No objects found to compare in " + where + ".\n";
}

}  // namespace

std::string summary(const std::vector<Side>& sides) {
  std::string failed;
  for (const auto& s : sides)
    if (s.failed) failed += s.cluster + ": " + s.error + "\n";
  // No cluster answered: counts of nothing would read as an answer.
  if (std::all_of(sides.begin(), sides.end(), [](const Side& s) { return s.failed; }))
    return failed;
  if (auto none = nothing_found(sides); !none.empty()) return none + failed;
  std::vector<std::string> headers = {"OBJECT"};
  for (const auto& s : sides) headers.push_back(s.cluster + " (" + s.namespace_ + ")");
  render::TextTable table(headers);
  std::size_t identical = 0, differ = 0;
  std::map<std::string, std::size_t> only_in;
  const auto keys = all_keys(sides);
  for (const auto& key : keys) {
    const Row row = row_of(sides, key);
    std::vector<std::string> line = {key};
    if (row.identical) {
      ++identical;
      for (const auto& s : sides) line.push_back(s.failed ? "error (see below)" : "identical");
    } else {
      if (row.present == 1)
        for (std::size_t i = 0; i < sides.size(); ++i)
          if (row.copies[i]) ++only_in[sides[i].cluster];
      if (row.present != 1) ++differ;
      for (auto& c : cells(sides, row)) line.push_back(std::move(c));
    }
    table.add_row(std::move(line));
  }
  std::string text = keys.empty() ? "" : table.str();
  std::string counts = std::to_string(keys.size()) + (keys.size() == 1 ? " object" : " objects") +
                       ": " + std::to_string(identical) + " identical, " + std::to_string(differ) +
                       " differ";
  for (const auto& [cluster, n] : only_in)
    counts += ", " + std::to_string(n) + " only in " + cluster;
  text += counts + ".\n";
  for (const auto& s : sides)
    if (s.failed) text += s.cluster + ": " + s.error + "\n";
  return text;
}

namespace {

// The diff of one differing object against the reference, each other cluster in turn.
std::string object_diff(const std::vector<Side>& sides, const std::string& key, const Row& row) {
  std::string text;
  const Side* ref = reference(sides, key);
  for (std::size_t i = 0; i < sides.size(); ++i) {
    const auto& s = sides[i];
    if (s.failed || &s == ref) continue;
    const std::string from = ref ? render::to_yaml(ref->objects.at(key)) : "";
    const std::string to = row.copies[i] ? render::to_yaml(*row.copies[i]) : "";
    const std::string label = ref ? ref->cluster : sides.front().cluster;
    text += render::unified_diff(from, to, label + "/" + key, s.cluster + "/" + key);
  }
  return text;
}

std::string failures(const std::vector<Side>& sides) {
  std::string text;
  for (const auto& s : sides)
    if (s.failed) text += s.cluster + ": " + s.error + "\n";
  return text;
}

}  // namespace

DiffPage diff_page(const std::vector<Side>& sides, const std::string& from_key,
                   std::size_t budget) {
  DiffPage page;
  const std::string tail = failures(sides);
  if (auto none = nothing_found(sides); !none.empty()) {
    page.text = none + tail;
    return page;
  }
  for (const auto& key : all_keys(sides)) {
    if (key < from_key) continue;
    const Row row = row_of(sides, key);
    if (row.identical) continue;
    if (!page.next_key.empty()) {
      ++page.remaining;
      continue;
    }
    std::string part = object_diff(sides, key, row);
    if (page.shown > 0 && page.text.size() + part.size() + tail.size() > budget) {
      page.next_key = key;
      ++page.remaining;
      continue;
    }
    page.text += part;
    ++page.shown;
  }
  page.text += tail;
  if (page.text.empty()) page.text = "identical: no object differs.\n";
  return page;
}

std::string diff(const std::vector<Side>& sides) {
  return diff_page(sides, "", SIZE_MAX).text;
}

}  // namespace kubemcp::tools::compare
