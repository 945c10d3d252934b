#include "tools/framework/schema_parts.hpp"

#include <boost/json.hpp>

namespace kubemcp::tools::parts {

std::string object_schema(std::initializer_list<const char*> properties) {
  std::string s = R"({"type": "object", "additionalProperties": false, "properties": {)";
  bool first = true;
  for (const char* p : properties) {
    if (!first) s += ",";
    s += p;
    first = false;
  }
  return s + "}}";
}

Tool record(Record r, Handler handler) {
  boost::json::object s = schema(r.schema);
  if (r.required) s["required"] = boost::json::parse(r.required);
  return Tool{.name = std::move(r.name),
              .title = std::move(r.title),
              .description = std::move(r.description),
              .input_schema = std::move(s),
              .output_schema = std::nullopt,
              .annotations = r.annotations,
              .tier = r.tier,
              .handler = std::move(handler)};
}

}  // namespace kubemcp::tools::parts
