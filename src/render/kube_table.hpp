#pragma once
// Turns the API server's Table (meta.k8s.io/v1, server-side printing) into the rows
// kubectl would print: columns of priority 0, or all of them for wide output, with a
// NAMESPACE column for all-namespace lists.
#include <boost/json/object.hpp>
#include <string>
#include <vector>

namespace kubemcp::render {

struct TableOptions {
  bool wide = false;
  bool with_namespace = false;  // prepend NAMESPACE from each row's object metadata
};

struct TableView {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
};

TableView table_view(const boost::json::object& table, const TableOptions& options);

// A cell as kubectl prints it: strings as they are, numbers plainly, null as <none>.
std::string cell_text(const boost::json::value& cell);

}  // namespace kubemcp::render
