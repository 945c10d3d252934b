#include "render/kube_table.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>

#include "render/number.hpp"

namespace kubemcp::render {
namespace json = boost::json;

std::string cell_text(const json::value& v) {
  switch (v.kind()) {
    case json::kind::string:
      return std::string(v.get_string());
    case json::kind::null:
      return "<none>";
    case json::kind::bool_:
      return v.get_bool() ? "true" : "false";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return number_text(v);
    default:
      return json::serialize(v);
  }
}

TableView table_view(const json::object& table, const TableOptions& options) {
  TableView view;
  std::vector<std::size_t> keep;
  if (const auto* cols = table.if_contains("columnDefinitions"); cols && cols->is_array()) {
    std::size_t i = 0;
    for (const auto& c : cols->get_array()) {
      std::int64_t priority = 0;
      std::string name;
      if (c.is_object()) {
        if (const auto* p = c.get_object().if_contains("priority"); p && p->is_number())
          priority = p->to_number<std::int64_t>();
        if (const auto* n = c.get_object().if_contains("name"); n && n->is_string())
          name = std::string(n->get_string());
      }
      if (priority == 0 || options.wide) {
        keep.push_back(i);
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
        view.headers.push_back(name);
      }
      ++i;
    }
  }
  if (options.with_namespace) view.headers.insert(view.headers.begin(), "NAMESPACE");
  if (const auto* rows = table.if_contains("rows"); rows && rows->is_array()) {
    for (const auto& r : rows->get_array()) {
      if (!r.is_object()) continue;
      std::vector<std::string> out;
      if (options.with_namespace) {
        std::string ns;
        if (const auto* obj = r.get_object().if_contains("object"); obj && obj->is_object())
          if (const auto* md = obj->get_object().if_contains("metadata"); md && md->is_object())
            if (const auto* n = md->get_object().if_contains("namespace"); n && n->is_string())
              ns = std::string(n->get_string());
        out.push_back(ns);
      }
      const json::array* cells = nullptr;
      if (const auto* c = r.get_object().if_contains("cells"); c && c->is_array())
        cells = &c->get_array();
      for (std::size_t idx : keep)
        out.push_back(cells && idx < cells->size() ? cell_text((*cells)[idx]) : "");
      view.rows.push_back(std::move(out));
    }
  }
  return view;
}

}  // namespace kubemcp::render
