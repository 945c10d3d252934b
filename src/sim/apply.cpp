#include "sim/apply.hpp"

#include <boost/json.hpp>
#include <map>
#include <vector>

#include "sim/last_applied.hpp"
#include "sim/patch.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

constexpr char kSep = '\x1f';

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t p = path.find(kSep, start);
    out.push_back(path.substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (p == std::string::npos) break;
    start = p + 1;
  }
  return out;
}

std::string join(const std::string& a, const std::string& b) {
  return a.empty() ? b : a + kSep + b;
}

void collect(const json::value& v, const std::string& prefix, const std::string& field_path,
             FieldSet& out) {
  if (v.is_object() && !v.as_object().empty()) {
    for (const auto& [k, x] : v.as_object()) {
      std::string child_fp =
          field_path.empty() ? std::string(k) : field_path + "." + std::string(k);
      std::string p = join(prefix, "f:" + std::string(k));
      if (x.is_array() && !x.as_array().empty()) {
        std::string mk = list_merge_key(field_path, k, &x.as_array()[0]);
        if (!mk.empty()) {
          for (const auto& e : x.as_array()) {
            const json::value* kv = e.is_object() ? e.as_object().if_contains(mk) : nullptr;
            if (!kv) continue;
            json::object ko{{mk, *kv}};
            collect(e, join(p, "k:" + json::serialize(ko)), child_fp, out);
          }
          continue;
        }
      }
      collect(x, p, child_fp, out);
    }
    return;
  }
  if (!prefix.empty()) out.insert(prefix);
}

// Finds the value at a path; nullptr when absent.
const json::value* value_at(const json::value& root, const std::string& path) {
  const json::value* cur = &root;
  for (const auto& el : split(path)) {
    if (el.starts_with("f:")) {
      if (!cur->is_object()) return nullptr;
      cur = cur->as_object().if_contains(el.substr(2));
    } else if (el.starts_with("k:")) {
      if (!cur->is_array()) return nullptr;
      json::value key = json::parse(el.substr(2));
      const json::value* found = nullptr;
      for (const auto& e : cur->as_array()) {
        if (!e.is_object()) continue;
        bool all = true;
        for (const auto& [k, v] : key.as_object()) {
          auto* ev = e.as_object().if_contains(k);
          all = all && ev && *ev == v;
        }
        if (all) {
          found = &e;
          break;
        }
      }
      cur = found;
    } else {
      return nullptr;
    }
    if (!cur) return nullptr;
  }
  return cur;
}

void remove_at(json::value& root, const std::string& path) {
  auto els = split(path);
  json::value* cur = &root;
  for (size_t i = 0; i < els.size(); ++i) {
    const auto& el = els[i];
    bool last = i + 1 == els.size();
    if (el.starts_with("f:")) {
      if (!cur->is_object()) return;
      if (last) {
        cur->as_object().erase(el.substr(2));
        return;
      }
      cur = cur->as_object().if_contains(el.substr(2));
    } else if (el.starts_with("k:")) {
      if (!cur->is_array()) return;
      json::value key = json::parse(el.substr(2));
      auto& arr = cur->as_array();
      json::value* found = nullptr;
      size_t idx = 0;
      for (size_t j = 0; j < arr.size(); ++j) {
        if (!arr[j].is_object()) continue;
        bool all = true;
        for (const auto& [k, v] : key.as_object()) {
          auto* ev = arr[j].as_object().if_contains(k);
          all = all && ev && *ev == v;
        }
        if (all) {
          found = &arr[j];
          idx = j;
          break;
        }
      }
      if (!found) return;
      if (last) {
        arr.erase(arr.begin() + idx);
        return;
      }
      cur = found;
    }
    if (!cur) return;
  }
}

struct Entry {
  std::string manager, operation, api_version, time, subresource;
  FieldSet fields;
};

std::vector<Entry> read_entries(const json::object& obj) {
  std::vector<Entry> out;
  const auto* md = obj_at(obj, "metadata");
  const auto* mf = md ? arr_at(*md, "managedFields") : nullptr;
  if (!mf) return out;
  for (const auto& v : *mf) {
    if (!v.is_object()) continue;
    const auto& o = v.as_object();
    Entry e{str_at(o, "manager"), str_at(o, "operation"),   str_at(o, "apiVersion"),
            str_at(o, "time"),    str_at(o, "subresource"), {}};
    if (const auto* f = obj_at(o, "fieldsV1")) e.fields = fields_from_v1(*f);
    out.push_back(std::move(e));
  }
  return out;
}

void write_entries(json::object& obj, const std::vector<Entry>& entries) {
  json::array arr;
  for (const auto& e : entries) {
    if (e.fields.empty()) continue;
    json::object o{{"manager", e.manager},        {"operation", e.operation},
                   {"apiVersion", e.api_version}, {"time", e.time},
                   {"fieldsType", "FieldsV1"},    {"fieldsV1", fields_to_v1(e.fields)}};
    if (!e.subresource.empty()) o["subresource"] = e.subresource;
    arr.push_back(std::move(o));
  }
  auto& md = ensure_obj(obj, "metadata");
  if (arr.empty()) {
    md.erase("managedFields");
  } else {
    md["managedFields"] = std::move(arr);
  }
}

Entry& entry_for(std::vector<Entry>& entries, const std::string& manager, const std::string& op) {
  for (auto& e : entries)
    if (e.manager == manager && e.operation == op && e.subresource.empty()) return e;
  entries.push_back(Entry{manager, op, "", "", "", {}});
  return entries.back();
}

}  // namespace

FieldSet fields_of(const json::object& object, bool skip_status) {
  json::object o = object;
  o.erase("apiVersion");
  o.erase("kind");
  if (skip_status) o.erase("status");
  if (auto* md = o.if_contains("metadata"); md && md->is_object()) {
    auto& m = md->as_object();
    for (const char* k : {"name", "namespace", "uid", "resourceVersion", "generation",
                          "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp",
                          "deletionGracePeriodSeconds", "generateName"})
      m.erase(k);
    if (m.empty()) o.erase("metadata");
  }
  FieldSet out;
  collect(o, "", "", out);
  return out;
}

json::object fields_to_v1(const FieldSet& fields) {
  json::object root;
  for (const auto& f : fields) {
    json::object* cur = &root;
    for (const auto& el : split(f)) {
      auto& v = (*cur)[el];
      if (!v.is_object()) v = json::object{};
      cur = &v.as_object();
    }
  }
  // Mark keyed list elements with "." as the API server does.
  std::function<void(json::object&)> mark = [&](json::object& o) {
    for (auto& [k, v] : o) {
      if (!v.is_object()) continue;
      if (k.starts_with("k:") && !v.as_object().empty()) v.as_object()["."] = json::object{};
      mark(v.as_object());
    }
  };
  mark(root);
  return root;
}

FieldSet fields_from_v1(const json::object& v1) {
  FieldSet out;
  std::function<void(const json::object&, const std::string&)> walk =
      [&](const json::object& o, const std::string& prefix) {
        for (const auto& [k, v] : o) {
          if (k == ".") continue;
          std::string p = join(prefix, std::string(k));
          bool leaf = !v.is_object() || v.as_object().empty() ||
                      (v.as_object().size() == 1 && v.as_object().contains("."));
          if (leaf) {
            out.insert(p);
          } else {
            walk(v.as_object(), p);
          }
        }
      };
  walk(v1, "");
  return out;
}

const json::value* value_at_path(const json::value& root, const std::string& path) {
  return value_at(root, path);
}

std::string display_path(const std::string& path) {
  std::string out;
  for (const auto& el : split(path)) {
    if (el.starts_with("f:")) {
      out += "." + el.substr(2);
    } else if (el.starts_with("k:")) {
      json::value key = json::parse(el.substr(2));
      out += "[";
      bool first = true;
      for (const auto& [k, v] : key.as_object()) {
        out += (first ? "" : ",") + std::string(k) + "=" + json::serialize(v);
        first = false;
      }
      out += "]";
    }
  }
  return out;
}

json::object apply_config(const json::object* live, const json::object& config,
                          const ApplyOptions& opts) {
  FieldSet applied = fields_of(config, opts.skip_status);
  std::vector<Entry> entries = live ? read_entries(*live) : std::vector<Entry>{};
  json::value live_v = live ? json::value(*live) : json::value(json::object{});
  json::value config_v = config;

  if (live) {
    std::vector<std::pair<std::string, std::string>> conflicts;  // manager, path
    for (const auto& p : applied) {
      for (auto& e : entries) {
        if (e.manager == opts.manager && e.operation == "Apply") continue;
        if (!e.fields.count(p)) continue;
        const json::value* a = value_at(live_v, p);
        const json::value* b = value_at(config_v, p);
        if (a && b && *a == *b) continue;
        conflicts.emplace_back(e.manager, p);
      }
    }
    // kube-apiserver's lastAppliedManager: kubectl moving from client-side to server-side apply
    // does not conflict on fields whose live value is still the last-applied one.
    if (!conflicts.empty() && !opts.force && upgrades_client_side_apply(opts.manager)) {
      FieldSet allowed = allowed_from_last_applied(*live);
      std::erase_if(conflicts, [&](const auto& c) { return allowed.count(c.second) > 0; });
      if (conflicts.empty()) {
        ApplyOptions forced = opts;
        forced.force = true;
        return apply_config(live, config, forced);
      }
    }
    if (!conflicts.empty() && !opts.force) {
      std::string msg = "Apply failed with " + std::to_string(conflicts.size()) + " conflict" +
                        (conflicts.size() == 1 ? "" : "s") + ": ";
      json::array causes;
      for (size_t i = 0; i < conflicts.size(); ++i) {
        std::string m = "conflict with \"" + conflicts[i].first + "\"";
        for (const auto& e : entries)
          if (e.manager == conflicts[i].first && e.operation == "Update")
            m += " using " + e.api_version;
        std::string f = display_path(conflicts[i].second);
        msg += (i ? "\n" : "") + m + ": " + f;
        causes.push_back(
            json::object{{"reason", "FieldManagerConflict"}, {"message", m}, {"field", f}});
      }
      json::object d{{"causes", causes}};
      throw ApiError(409, "Conflict", msg, d);
    }
    // Forced: the conflicting fields change hands.
    for (const auto& [mgr, p] : conflicts)
      for (auto& e : entries)
        if (e.manager == mgr) e.fields.erase(p);
  }

  // Fields this manager applied before and now omits are removed unless someone else owns them.
  json::object result = live ? *live : json::object{};
  json::value result_v = result;
  Entry& mine = entry_for(entries, opts.manager, "Apply");
  for (const auto& p : mine.fields) {
    if (applied.count(p)) continue;
    bool shared = false;
    for (const auto& e : entries)
      if (&e != &mine && e.fields.count(p)) shared = true;
    if (!shared) remove_at(result_v, p);
  }
  json::object cfg = config;
  if (opts.skip_status) cfg.erase("status");
  if (auto* md = cfg.if_contains("metadata"); md && md->is_object())
    md->as_object().erase("managedFields");
  json::value merged = strategic_merge(result_v, cfg);
  result = merged.as_object();

  mine.fields = applied;
  mine.api_version = opts.api_version;
  mine.time = opts.now;
  write_entries(result, entries);
  // lastAppliedUpdater: kubectl's server-side apply keeps an existing annotation current.
  if (live && upgrades_client_side_apply(opts.manager) && has_last_applied(*live))
    ensure_obj(ensure_obj(result, "metadata"), "annotations")[kLastApplied] =
        build_last_applied(config);
  return result;
}

void record_update(json::object& updated, const json::object* old, const ApplyOptions& opts) {
  std::vector<Entry> entries = old ? read_entries(*old) : std::vector<Entry>{};
  FieldSet now = fields_of(updated, opts.skip_status);
  json::value old_v = old ? json::value(*old) : json::value(json::object{});
  json::value new_v = updated;
  FieldSet changed;
  for (const auto& p : now) {
    const json::value* a = value_at(old_v, p);
    const json::value* b = value_at(new_v, p);
    if (!a || !b || *a != *b) changed.insert(p);
  }
  for (auto& e : entries) {
    FieldSet kept;
    for (const auto& p : e.fields)
      if (now.count(p) && !changed.count(p)) kept.insert(p);
    e.fields = std::move(kept);
  }
  if (!changed.empty() && !opts.manager.empty()) {
    Entry& mine = entry_for(entries, opts.manager, "Update");
    mine.fields.insert(changed.begin(), changed.end());
    mine.api_version = opts.api_version;
    mine.time = opts.now;
  }
  write_entries(updated, entries);
}

}  // namespace kubemcp::sim
